import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { healthUrl, probeThroughPublicUrl } from '../../../electron/engine/tunnel/health-probe';
import { isLocalhostName } from '../../../electron/engine/tunnel/loopback-lookup';
import localtunnel from 'localtunnel';
import { handshake, openLocaltunnel, type OpenTunnel } from '../../../electron/engine/tunnel/open-localtunnel';
import { TunnelProblem } from '../../../electron/engine/tunnel/tunnel-problem';

let server: http.Server | undefined;
const seen: http.IncomingHttpHeaders[] = [];

/** A local server answering every request with `answer`; returns its port. */
async function serve(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<number> {
  server = http.createServer((req, res) => {
    seen.push(req.headers);
    answer(req, res);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

afterEach(async () => {
  seen.length = 0;
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

const probe = (url: string, timeoutMs = 2_000) => probeThroughPublicUrl(url, { timeoutMs, signal: new AbortController().signal, ownUrl: false });
const echoNonce = (req: http.IncomingMessage, res: http.ServerResponse) => {
  const nonce = new URL(req.url!, 'http://x').searchParams.get('nonce');
  res.end(`LiveHook receiver is up.\nnonce=${nonce}\n`);
};

describe('the health probe', () => {
  it('passes when our receiver echoes the nonce, reaching *.localhost names itself, with the reminder bypass header', async () => {
    const port = await serve(echoNonce);
    await probe(`http://some-tunnel.localhost:${port}`);
    expect(seen[0]?.['bypass-tunnel-reminder']).toBe('true');
    expect(seen[0]?.host).toBe(`some-tunnel.localhost:${port}`);
    expect(isLocalhostName('A.B.LOCALHOST.')).toBe(true);
    expect(isLocalhostName('localhost.example.com')).toBe(false);
  });

  it('catches a stale tunnel that answers, but not with our nonce', async () => {
    const port = await serve((_req, res) => res.end('LiveHook receiver is up.\nnonce=somebody-else\n'));
    await expect(probe(`http://t.localhost:${port}`)).rejects.toMatchObject({
      kind: 'stale',
      message: 'The tunnel answered, but not for this LiveHook (stale tunnel)',
    });
  });

  it('says what answered instead of LiveHook', async () => {
    const port = await serve((_req, res) => res.writeHead(404).end('no active client'));
    await expect(probe(`http://t.localhost:${port}`)).rejects.toThrow('The tunnel answered HTTP 404 instead of LiveHook');
  });

  it('gives up on a tunnel that never answers', async () => {
    const port = await serve(() => undefined);
    const started = Date.now();
    await expect(probe(`http://t.localhost:${port}`, 300)).rejects.toMatchObject({ kind: 'timeout', message: 'No answer through the tunnel within 0.3 s' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('words a refused connection, and an own public URL as such', async () => {
    const port = await serve(echoNonce);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    await expect(probe(`http://t.localhost:${port}`)).rejects.toThrow(`The tunnel server refused the connection (ECONNREFUSED at t.localhost:${port})`);
    await expect(
      probeThroughPublicUrl(`http://mine.localhost:${port}`, { timeoutMs: 1000, signal: new AbortController().signal, ownUrl: true }),
    ).rejects.toThrow(`Your public URL refused the connection (ECONNREFUSED at mine.localhost:${port})`);
  });

  it('probes under the path of an own public URL', () => {
    expect(healthUrl('https://x.example/livehook', 'abc').href).toBe('https://x.example/livehook/?nonce=abc');
    expect(healthUrl('https://x.example', 'abc').href).toBe('https://x.example/?nonce=abc');
  });
});

describe('the localtunnel handshake', () => {
  it('asks /?new or /<subdomain> and keeps the socket count within what servers really allow', async () => {
    const port = await serve((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id: req.url === '/?new' ? 'random1' : req.url!.slice(1), port: 40000, max_conn_count: 20, url: `http://x.${req.headers.host}` }));
    });
    expect(await handshake(`http://localhost:${port}`, undefined)).toEqual({ id: 'random1', port: 40000, url: `http://x.localhost:${port}`, max_conn_count: 10, ip: '127.0.0.1' });
    expect((await handshake(`http://localhost:${port}`, 'myhooks1')).id).toBe('myhooks1');
  });

  it('treats a refused request (4xx) as final and a server error as worth retrying', async () => {
    let status = 403;
    const port = await serve((_req, res) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Invalid subdomain.' })));
    const refused = await handshake(`http://localhost:${port}`, 'ab').catch((e: TunnelProblem) => e);
    expect(refused).toMatchObject({ kind: 'http', permanent: true, message: 'The tunnel server refused to open a tunnel (HTTP 403: Invalid subdomain.)' });
    status = 503;
    expect(await handshake(`http://localhost:${port}`, 'abcd').catch((e: TunnelProblem) => e)).toMatchObject({ kind: 'http', permanent: false });
  });

  it('refuses answers that are not a localtunnel handshake', async () => {
    let body = '<html>hello</html>';
    const port = await serve((_req, res) => res.end(body));
    await expect(handshake(`http://localhost:${port}`, undefined)).rejects.toMatchObject({ kind: 'protocol' });
    body = JSON.stringify({ id: 'abc', port: 'x' });
    await expect(handshake(`http://localhost:${port}`, undefined)).rejects.toMatchObject({ kind: 'protocol' });
    body = JSON.stringify({ id: 'abc', port: 1234, url: 'nonsense' });
    await expect(handshake(`http://localhost:${port}`, undefined)).rejects.toMatchObject({ kind: 'config', permanent: true });
  });

  it('can be cancelled', async () => {
    const port = await serve(() => undefined);
    const abort = new AbortController();
    const pending = handshake(`http://localhost:${port}`, undefined, abort.signal);
    setTimeout(() => abort.abort(), 50);
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' });
  });
});

describe('the client factory seam', () => {
  it('takes the localtunnel package’s own factory as well as ours', () => {
    // Type-level: `localtunnel` itself fits OpenTunnel, so a test or a shell can pass it unchanged.
    const plain: OpenTunnel = localtunnel;
    const ours: OpenTunnel = openLocaltunnel;
    expect(typeof plain).toBe('function');
    expect(typeof ours).toBe('function');
  });
});
