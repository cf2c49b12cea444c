import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TunnelStatus } from '../../shared/api/domains/tunnel';
import { WS_PATH, WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX } from '../../shared/api/ipc';
import { createLogger } from '../../electron/engine/logger';
import { startLiveChatSandbox, type LiveChatSandbox } from '../../electron/engine/livechat-sandbox/sandbox';
import { FakeLocaltunnelServer } from '../fakes/localtunnel-server';
import { startEngine, tempDir, type RunningEngine } from '../support/engine';
import { rawExchange } from '../support/raw-http';
import { connectClient } from '../support/ws-client';

/**
 * The trust boundaries, probed from outside with raw requests: what arrives on the receiver port (directly, or through
 * the tunnel) can never reach the control API or the UI; the control server listens on loopback only and refuses
 * strangers; secrets (PAT, registration secrets, the control token) appear in no log line, no push, no API result and
 * no default export.
 */
const RENDERER = resolve(import.meta.dirname, '../../out/renderer');
const TUNNEL_ID = 'secprobe1';

let dir: Awaited<ReturnType<typeof tempDir>>;
let fake: FakeLocaltunnelServer;
let sandbox: LiveChatSandbox;
let running: RunningEngine;
/** Every frame the control server pushed to a watching client, as text. */
const pushedFrames: string[] = [];
let watcher: WebSocket;

beforeAll(async () => {
  dir = await tempDir('livehook-security-');
  fake = new FakeLocaltunnelServer();
  await fake.start();
  sandbox = await startLiveChatSandbox({ logger: createLogger({ sink: { write() {} } }), delivery: { timeoutMs: 3_000, retryDelaysMs: [200] } });
  running = await startEngine(
    dir.path,
    {
      livechat: { baseUrls: { accountsUrl: sandbox.accountsUrl, apiUrl: sandbox.apiUrl }, options: { propagationMs: 0 } },
      tunnel: { autoStart: true, overrides: { host: fake.host, subdomain: TUNNEL_ID }, supervisor: { backoff: { baseMs: 50, capMs: 200 }, nameReleaseMs: 0 } },
    },
    { staticDir: RENDERER },
  );
  watcher = new WebSocket(`ws://127.0.0.1:${running.control.port}${WS_PATH}`, [WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX + running.token]);
  watcher.on('message', (data: Buffer) => pushedFrames.push(data.toString('utf8')));
  await new Promise((r, j) => watcher.once('open', r).once('error', j));
}, 30_000);
afterAll(async () => {
  watcher?.close();
  await running?.stop();
  await sandbox?.stop();
  await fake?.kill();
  await dir?.remove();
});

async function total(): Promise<number> {
  const r = (await running.engine.dispatch('events.list', { limit: 1 })) as { ok: true; value: { total: number } };
  return r.value.total;
}

/** What must never come back from the receiver: the UI, an API result, an upgrade, or the token. */
function assertNotControl(answer: string, what: string): void {
  expect(answer, what).not.toMatch(/<html|<script|<!doctype/i);
  expect(answer, what).not.toMatch(/^HTTP\/1\.1 (101|2\d\d) (Switching|Connection established)/);
  expect(answer, what).not.toContain('"ok":true');
  expect(answer, what).not.toContain(running.token);
  expect(answer, what).not.toContain('content-security-policy');
}

function probes(controlPort: number, host: string): Array<[string, string]> {
  const asset = readdirSync(resolve(RENDERER, 'assets')).find((f) => f.endsWith('.js'))!;
  const auth = `Authorization: Bearer ${running.token}\r\n`;
  const req = (line: string, extra = '') => `${line}\r\nHost: ${host}\r\n${extra}Connection: close\r\n\r\n`;
  const ctl = `127.0.0.1:${controlPort}`;
  return [
    ['GET /index.html', req('GET /index.html HTTP/1.1')],
    [`GET /assets/${asset}`, req(`GET /assets/${asset} HTTP/1.1`)],
    ['WebSocket upgrade on /api/ws', req(`GET ${WS_PATH} HTTP/1.1`, `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ${WS_PROTOCOL}, ${WS_TOKEN_PROTOCOL_PREFIX}${running.token}\r\n`)],
    ['GET /api/call/events.list', req('GET /api/call/events.list HTTP/1.1', auth)],
    ['OPTIONS /api/call/events.list', req('OPTIONS /api/call/events.list HTTP/1.1', `${auth}Origin: https://evil.example\r\nAccess-Control-Request-Method: POST\r\n`)],
    ['TRACE /', req('TRACE / HTTP/1.1', auth)],
    ['CONNECT to the control port', `CONNECT ${ctl} HTTP/1.1\r\nHost: ${ctl}\r\n\r\nGET / HTTP/1.1\r\nHost: ${ctl}\r\n\r\n`],
    ['path traversal /../index.html', req('GET /../index.html HTTP/1.1')],
    ['encoded traversal /%2e%2e/index.html', req('GET /%2e%2e/index.html HTTP/1.1')],
    ['/assets/../index.html', req('GET /assets/../index.html HTTP/1.1')],
    ['absolute-form GET at the control server', `GET http://${ctl}/ HTTP/1.1\r\nHost: ${ctl}\r\nConnection: close\r\n\r\n`],
    ['absolute-form GET of /index.html', `GET http://${ctl}/index.html HTTP/1.1\r\nHost: ${ctl}\r\nConnection: close\r\n\r\n`],
    ["the control server's Host header", `GET /index.html HTTP/1.1\r\nHost: ${ctl}\r\nConnection: close\r\n\r\n`],
    [
      'absolute-form POST of an API call (with the token)',
      `POST http://${ctl}/api/call/events.clear HTTP/1.1\r\nHost: ${ctl}\r\n${auth}Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    ],
  ];
}

describe('the receiver port (what the tunnel reaches)', () => {
  it('serves nothing of the control server or the UI, whatever the request', async () => {
    const port = running.engine.receiverPort;
    const before = await total();
    let posts = 0;
    for (const [what, bytes] of probes(running.control.port, `127.0.0.1:${port}`)) {
      assertNotControl(await rawExchange('127.0.0.1', port, bytes), what);
      if (bytes.startsWith('POST')) posts++;
    }
    // The POST was recorded as a webhook (that is all a POST to the receiver can be); nothing was cleared.
    expect(await total()).toBe(before + posts);
  });

  it('the same through the tunnel', { timeout: 20_000 }, async () => {
    await expect
      .poll(async () => ((await running.engine.dispatch('tunnel.status', {})) as { ok: true; value: TunnelStatus }).value.state, { timeout: 10_000 })
      .toBe('online');
    const before = await total();
    let posts = 0;
    for (const [what, bytes] of probes(running.control.port, fake.publicHost(TUNNEL_ID))) {
      // The public server routes by Host; keep the tunnel's own Host so the probe really travels the tunnel.
      const viaTunnel = bytes.replace(/^Host: .*$/m, `Host: ${fake.publicHost(TUNNEL_ID)}`);
      assertNotControl(await rawExchange('127.0.0.1', fake.port, viaTunnel), `${what} (tunnel)`);
      if (bytes.startsWith('POST')) posts++;
    }
    expect(await total()).toBeGreaterThanOrEqual(before);
    expect(await total()).toBeLessThanOrEqual(before + posts);
    // And a webhook through the tunnel does arrive, marked as such (the probes above were not just dropped).
    const ok = await rawExchange(
      '127.0.0.1',
      fake.port,
      `POST /livechat HTTP/1.1\r\nHost: ${fake.publicHost(TUNNEL_ID)}\r\nContent-Type: application/json\r\nContent-Length: 26\r\nConnection: close\r\n\r\n{"action":"incoming_chat"}`,
    );
    expect(ok).toMatch(/^HTTP\/1\.1 200/);
    expect(ok).toContain('"received":true');
  });
});

/** Listening sockets on `port` from /proc/net/tcp{,6}: the local address in hex, e.g. 0100007F (127.0.0.1). */
function listeners(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const found: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 4 || cols[3] !== '0A') continue; // 0A = LISTEN
      const [addr, p] = cols[1]!.split(':');
      if (p === hexPort) found.push(addr!);
    }
  }
  return found;
}

describe('the control server', () => {
  it.runIf(process.platform === 'linux')('and the receiver are bound to 127.0.0.1 only (checked in /proc/net/tcp)', () => {
    expect(listeners(running.control.port)).toEqual(['0100007F']);
    expect(listeners(running.engine.receiverPort)).toEqual(['0100007F']);
  });

  it('refuses Origin "null", look-alike Hosts, a Host without our port, and a token in the query string', async () => {
    const port = running.control.port;
    const call = async (headers: string) =>
      (
        await rawExchange(
          '127.0.0.1',
          port,
          `POST /api/call/events.list HTTP/1.1\r\n${headers}Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
        )
      ).split(' ')[1];
    const auth = `Authorization: Bearer ${running.token}\r\n`;
    expect(await call(`Host: 127.0.0.1:${port}\r\n${auth}`)).toBe('200');
    expect(await call(`Host: 127.0.0.1:${port}\r\n${auth}Origin: null\r\n`)).toBe('403');
    expect(await call(`Host: 127.0.0.1:${port}\r\n${auth}Origin: http://127.0.0.1:${port}.evil.example\r\n`)).toBe('403');
    expect(await call(`Host: localhost.evil.example:${port}\r\n${auth}`)).toBe('403');
    expect(await call(`Host: 127.0.0.1:${port}.evil.example\r\n${auth}`)).toBe('403');
    expect(await call(`Host: 127.0.0.1\r\n${auth}`)).toBe('403');
    expect(['400', '403']).toContain(await call(`${auth}`)); // no Host at all: Node refuses it (HTTP/1.1 requires one)
    expect(await call(`Host: 127.0.0.1:${port}\r\nAuthorization: Basic ${Buffer.from(`x:${running.token}`).toString('base64')}\r\n`)).toBe('401');
    const query = await rawExchange(
      '127.0.0.1',
      port,
      `POST /api/call/events.list?token=${running.token} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    );
    expect(query.split(' ')[1]).toBe('401');
  });
});

describe('secrets', () => {
  it('the PAT, registration secrets and the control token appear in no log line, push, LiveChat result or default export', { timeout: 30_000 }, async () => {
    const { client, close } = await connectClient(running.control.url, running.token);
    const { account } = sandbox;
    const results: unknown[] = [];
    results.push(await client.call('livechat.signIn', { mode: 'pat', accountId: account.accountId, pat: account.pat, clientId: account.clientId }));
    const reg = await client.call('webhooks.register', { actions: ['incoming_chat'], type: 'license' });
    expect(reg.failed).toEqual([]);
    results.push(reg, await client.call('livechat.status', {}), await client.call('webhooks.list', {}), await client.call('livechat.diagnostics', {}));

    // A real delivery (through the tunnel) carrying the registration's secret_key.
    const reports = await sandbox.trigger({ action: 'incoming_chat' });
    expect(reports.filter((r) => r.ok)).toHaveLength(1);
    await expect.poll(async () => (await client.call('events.list', { limit: 1 })).items[0]?.secret, { timeout: 5_000 }).toBe('ok');
    const delivered = await client.call('events.get', { id: (await client.call('events.list', { limit: 1 })).items[0]!.id });
    const secretKey = (delivered.json as { secret_key: string }).secret_key;
    expect(secretKey.length).toBeGreaterThanOrEqual(16);

    const secrets = { pat: account.pat, secretKey, controlToken: running.token };
    const pushes = pushedFrames.join('\n');
    const apiResults = JSON.stringify(results);
    for (const [name, value] of Object.entries(secrets)) {
      expect(running.logLines.filter((l) => l.includes(value)), `${name} in the logs`).toEqual([]);
      expect(pushes.includes(value), `${name} in a push`).toBe(false);
      if (name !== 'controlToken') expect(apiResults.includes(value), `${name} in a livechat.* / webhooks.* result`).toBe(false);
    }

    // The default export redacts secret_key; asking for secrets puts it back (so the check above can fail).
    const exportText = async (includeSecrets: boolean): Promise<string> => {
      const jobId = `sec-${String(includeSecrets)}`;
      const out = await client.call('events.export', { jobId, format: 'ndjson', query: '', ...(includeSecrets ? { includeSecrets } : {}) });
      let text = '';
      for (let index = 0; index < out.chunks; index++) text += (await client.call('events.exportChunk', { jobId, index })).text;
      return text;
    };
    // ndjson carries bodies as base64: look at the decoded bytes too.
    const withBodies = (text: string) =>
      text +
      text
        .split('\n')
        .filter(Boolean)
        .map((l) => Buffer.from((JSON.parse(l) as { bodyBase64?: string }).bodyBase64 ?? '', 'base64').toString('utf8'))
        .join('\n');
    const redacted = withBodies(await exportText(false));
    expect(redacted).toContain('incoming_chat');
    expect(redacted.includes(secretKey)).toBe(false);
    expect(redacted.includes(account.pat)).toBe(false);
    expect(withBodies(await exportText(true))).toContain(secretKey);
    close();
  });
});
