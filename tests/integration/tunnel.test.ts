import { request } from 'node:http';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TunnelStatus, TunnelUrlChange } from '../../shared/api/domains/tunnel';
import { WS_PATH, WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX } from '../../shared/api/ipc';
import type { CapturedWebhook } from '../../shared/model/webhook';
import { createLogger } from '../../electron/engine/logger';
import { openLocaltunnel } from '../../electron/engine/tunnel/open-localtunnel';
import { TunnelSupervisor, type TunnelSupervisorOptions, type TunnelUrlChangedEntry } from '../../electron/engine/tunnel/tunnel-supervisor';
import { FakeLocaltunnelServer } from '../fakes/localtunnel-server';
import { startEngine, tempDir, type RunningEngine } from '../support/engine';

// ---- (f) every outgoing connection of this file is recorded: where it was asked to go, and where it went --------
const asked: Array<{ host: string; port: number }> = [];
const reached: string[] = [];
const originalConnect = net.Socket.prototype.connect;

beforeAll(() => {
  net.Socket.prototype.connect = function recordingConnect(this: net.Socket, ...args: unknown[]) {
    // net.connect() hands over its arguments already normalised, as an array whose first item is the options object.
    const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
    if (typeof first === 'number') asked.push({ host: typeof args[1] === 'string' ? args[1] : 'localhost', port: first });
    else if (first && typeof first === 'object' && !('path' in first && (first as { path?: string }).path)) {
      const o = first as { host?: string; port?: number | string };
      asked.push({ host: o.host ?? 'localhost', port: Number(o.port) });
    }
    this.once('connect', () => reached.push(this.remoteAddress ?? '(unknown)'));
    return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof originalConnect;
});
afterAll(() => {
  net.Socket.prototype.connect = originalConnect;
});

// ---- per-test world --------------------------------------------------------------------------------------------
let dir: Awaited<ReturnType<typeof tempDir>>;
let running: RunningEngine;
let fake: FakeLocaltunnelServer;
let supervisor: TunnelSupervisor | undefined;
let logLines: string[];

beforeEach(async () => {
  dir = await tempDir();
  running = await startEngine(dir.path);
  fake = new FakeLocaltunnelServer();
  await fake.start();
  logLines = [];
});

afterEach(async (context) => {
  supervisor?.stop();
  supervisor = undefined;
  await fake.kill();
  await running.stop();
  await dir.remove();
  if (context.task.result?.state === 'fail') console.log(logLines.join(''));
});

function supervise(overrides: Partial<TunnelSupervisorOptions> = {}): TunnelSupervisor {
  supervisor = new TunnelSupervisor({
    localPort: running.engine.receiverPort,
    settings: { host: fake.host },
    logger: createLogger({ level: 'debug', sink: { write: (line) => void logLines.push(line) } }),
    probeIntervalMs: 1_000,
    probeTimeoutMs: 2_000,
    ...overrides,
  });
  return supervisor;
}

/** Resolves with the first status (current one included) that passes `test`; fails listing what was seen. */
function waitForStatus(s: TunnelSupervisor, test: (status: TunnelStatus) => boolean, timeoutMs = 8_000): Promise<TunnelStatus> {
  const seen: string[] = [];
  return new Promise((resolve, reject) => {
    const check = (status: TunnelStatus): boolean => {
      seen.push(status.state);
      if (!test(status)) return false;
      clearTimeout(timer);
      off();
      resolve(status);
      return true;
    };
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching tunnel status within ${timeoutMs} ms; seen: ${seen.join(' → ')}; last error: ${s.status().lastError}`));
    }, timeoutMs);
    const off = s.onStatus(check);
    check(s.status());
  });
}

const isOnline = (s: TunnelStatus) => s.state === 'online';
const onlineUrl = (s: TunnelStatus): string => (s.state === 'online' ? s.url : '');
const idOf = (url: string) => new URL(url).hostname.split('.')[0]!;

/** A request to the public side: to the tunnel server on 127.0.0.1, with the public Host (fetch cannot set Host). */
function publicRequest(
  url: string,
  opts: { method: string; path: string; headers?: Record<string, string>; body?: Buffer },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: fake.port, method: opts.method, path: opts.path, headers: { host: new URL(url).host, ...opts.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.setTimeout(5_000, () => req.destroy(new Error(`no answer through the tunnel for ${opts.method} ${opts.path}`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}

async function capturedWebhook(id: string): Promise<CapturedWebhook> {
  const result = await running.engine.dispatch('events.get', { id });
  if (!result.ok) throw new Error(result.error.message);
  return result.value as CapturedWebhook;
}

async function waitUntil(test: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the tunnel, against a localtunnel server on 127.0.0.1', () => {
  it('comes online and relays a webhook to the receiver byte for byte, with the sender’s headers', async () => {
    const s = supervise();
    s.start();
    const online = await waitForStatus(s, isOnline);
    const url = onlineUrl(online);
    expect(url).toMatch(new RegExp(`^http://lt[0-9a-f]{8}\\.localhost:${fake.port}$`));
    expect(fake.handshakes).toEqual([{ requested: null, given: idOf(url) }]);
    expect(online.onlineSince).toBe(online.state === 'online' ? online.since : 'x');

    // JSON with multi-byte characters, and every byte value (invalid UTF-8 included): both must arrive untouched. Sent
    // side by side so that fresh tunnel sockets carry some of them (the client treats a socket's first request apart).
    const json = Buffer.from(`{ "action":"incoming_chat", "payload": {"chat": {"id": "PJ0MRSHTDG"}}, "text": "zażółć ✓ 🎉" }`);
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256));
    const sends = Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? ([json, 'application/json'] as const) : ([binary, 'application/octet-stream'] as const)));
    await Promise.all(
      sends.map(async ([body, type]) => {
        const res = await publicRequest(url, {
          method: 'POST',
          path: '/hooks/livechat?x=1',
          headers: { 'content-type': type, 'X-Custom-Case': 'Kept', 'user-agent': 'LiveChat-Webhooks/1.0' },
          body,
        });
        expect(res.status).toBe(200);
        const ack = JSON.parse(res.body) as { received: boolean; id: string };
        expect(ack.received).toBe(true);
        const record = await capturedWebhook(ack.id);
        expect(Buffer.from(record.bodyBase64, 'base64').equals(body)).toBe(true);
        expect(record.headers['x-custom-case']).toBe('Kept');
        expect(record.headers['user-agent']).toBe('LiveChat-Webhooks/1.0');
        expect(record.headers['content-type']).toBe(type);
        // The Host the sender used reaches the receiver, which is how it tells tunnelled webhooks from local ones.
        expect(record.headers.host).toBe(new URL(url).host);
        expect(record.source).toBe('tunnel');
        expect(record.path).toBe('/hooks/livechat');
        expect(record.query).toBe('x=1');
      }),
    );
    expect(fake.counters.requestsRouted).toBeGreaterThanOrEqual(9);

    s.stop();
    expect(s.status().state).toBe('stopped');
    await waitUntil(() => fake.socketCount(idOf(url)) === 0, 'the client to close its sockets');
  });

  it('reconnects by itself, with growing delays, when its server dies and comes back on the same port', async () => {
    let lastOpenAt = 0;
    const s = supervise({
      backoff: { baseMs: 100, capMs: 800 },
      random: () => 0.999,
      openTunnel: (o) => {
        lastOpenAt = performance.now();
        return openLocaltunnel(o);
      },
    });
    const changes: TunnelUrlChange[] = [];
    s.onUrlChanged((c) => changes.push(c));
    s.start();
    const url = onlineUrl(await waitForStatus(s, isOnline));
    const port = fake.port;

    const retries: Array<{ attempt: number; nextRetryInMs: number; lastError: string }> = [];
    s.onStatus((st) => {
      if (st.state === 'reconnecting') retries.push({ attempt: st.attempt, nextRetryInMs: st.nextRetryInMs, lastError: st.lastError });
    });
    await fake.kill();
    await waitForStatus(s, (st) => st.state === 'reconnecting' && st.attempt >= 4);
    expect(retries.map((r) => r.attempt)).toEqual([1, 2, 3, 4]);
    expect(retries.map((r) => r.nextRetryInMs)).toEqual([99, 199, 399, 799]);
    expect(retries[0]!.lastError).toMatch(/refused the connection \(ECONNREFUSED at /);
    expect(retries[3]!.lastError).toBe(`The tunnel server refused the connection (ECONNREFUSED at localhost:${port})`);

    await fake.start(port);
    const returned = performance.now();
    const back = await waitForStatus(s, isOnline);
    const onlineAt = performance.now();
    const ms = Math.round(onlineAt - returned);
    const reopenMs = Math.round(onlineAt - lastOpenAt);
    console.log(
      `tunnel back online ${ms} ms after its server returned (backoff base 100 ms, cap 800 ms; ` +
        `${ms - reopenMs} ms waiting out the scheduled retry, ${reopenMs} ms to reopen and pass the probe)`,
    );
    expect(ms).toBeLessThan(800 + 2_000);

    // Same subdomain asked for and given: the public URL did not move.
    expect(onlineUrl(back)).toBe(url);
    expect(fake.handshakes.at(-1)).toEqual({ requested: idOf(url), given: idOf(url) });
    expect(changes).toEqual([]);
    expect(s.status().reconnects).toBeGreaterThanOrEqual(4);
    const res = await publicRequest(url, { method: 'POST', path: '/after-restart', body: Buffer.from('{}') });
    expect(res.status).toBe(200);
  });

  it('reports and records a new public URL when the server hands out a different subdomain', async () => {
    const recorded: TunnelUrlChangedEntry[] = [];
    const s = supervise({ record: (e) => void recorded.push(e), nameReleaseMs: 200 });
    const changes: TunnelUrlChange[] = [];
    s.onUrlChanged((c) => changes.push(c));
    s.start();
    const first = onlineUrl(await waitForStatus(s, isOnline));

    fake.giveDifferentSubdomainNextTime();
    await fake.kill();
    await fake.start(fake.port);
    const second = onlineUrl(await waitForStatus(s, (st) => st.state === 'online' && st.url !== first));
    expect(second).not.toBe(first);
    expect(fake.handshakes.at(-1)).toEqual({ requested: idOf(first), given: idOf(second) });
    expect(changes).toEqual([{ previousUrl: first, url: second }]);
    expect(recorded).toEqual([{ kind: 'tunnel.urlChanged', at: expect.any(String), previousUrl: first, url: second }]);

    // From now on the new subdomain is the one asked for, and it comes back without another change.
    await fake.kill();
    await fake.start(fake.port);
    await waitForStatus(s, (st) => st.state === 'reconnecting');
    const third = onlineUrl(await waitForStatus(s, isOnline));
    expect(third).toBe(second);
    expect(fake.handshakes.at(-1)).toEqual({ requested: idOf(second), given: idOf(second) });
    expect(changes).toHaveLength(1);
  });

  it('detects a wedged tunnel (sockets open, nothing answers) by its probe and replaces it', async () => {
    const s = supervise({ probeIntervalMs: 300, probeTimeoutMs: 500 });
    s.start();
    const url = onlineUrl(await waitForStatus(s, isOnline));
    const id = idOf(url);

    fake.wedge(id);
    expect(fake.socketCount(id)).toBeGreaterThan(0);
    const down = await waitForStatus(s, (st) => st.state === 'reconnecting');
    expect(down.state === 'reconnecting' && down.lastError).toBe('No answer through the tunnel within 0.5 s');
    // The old tunnel's server still holds the name for a moment: the retry waits for it rather than taking a new one.
    expect(down.state === 'reconnecting' && down.nextRetryInMs).toBeGreaterThanOrEqual(1_500);

    const back = await waitForStatus(s, isOnline);
    expect(fake.counters.tunnelsCreated).toBe(2);
    expect(onlineUrl(back)).toBe(url);
    const res = await publicRequest(url, { method: 'POST', path: '/after-wedge', body: Buffer.from('{"ok":1}') });
    expect(res.status).toBe(200);
  });

  it('reaches only the receiver: control routes, the UI and WebSocket upgrades through the public side never hit the control server', async () => {
    const s = supervise();
    s.start();
    const url = onlineUrl(await waitForStatus(s, isOnline));
    const controlPort = running.control.port;
    const auth = { authorization: `Bearer ${running.token}`, 'content-type': 'application/json' };

    // A POST to the control API's path is just a webhook to the receiver: recorded, and answered as one.
    const call = await publicRequest(url, { method: 'POST', path: '/api/call/events.list', headers: auth, body: Buffer.from('{}') });
    expect(call.status).toBe(200);
    const ack = JSON.parse(call.body) as { received: boolean; id: string };
    expect(ack).toMatchObject({ received: true });
    expect((await capturedWebhook(ack.id)).path).toBe('/api/call/events.list');

    for (const path of ['/api/call/events.list', '/api/ws', '/index.html', '/assets/index.js']) {
      const res = await publicRequest(url, { method: 'GET', path, headers: auth });
      expect(res.status, path).toBe(404);
      expect(res.body, path).toContain('This is a LiveHook webhook receiver');
    }
    const root = await publicRequest(url, { method: 'GET', path: '/' });
    expect(root.body).toContain('LiveHook receiver is up');
    expect(root.body).not.toContain('<html');

    // The control server's WebSocket, with the right token and subprotocol, asked for through the tunnel.
    const upgrade = await new Promise<{ opened: boolean; status?: number }>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${fake.port}${WS_PATH}`, [WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX + running.token], {
        headers: { host: new URL(url).host },
        handshakeTimeout: 5_000,
      });
      ws.on('open', () => {
        ws.close();
        resolve({ opened: true });
      });
      ws.on('unexpected-response', (_req, res) => {
        res.resume();
        resolve({ opened: false, status: res.statusCode });
      });
      ws.on('error', () => resolve({ opened: false }));
    });
    expect(upgrade).toEqual({ opened: false, status: 404 });
    expect(fake.counters.upgradesRouted).toBe(1);

    // Nothing in this process ever connected to the control port: the tunnel client only knows the receiver's.
    expect(asked.filter((d) => d.port === controlPort)).toEqual([]);
    expect(asked.some((d) => d.port === running.engine.receiverPort)).toBe(true);
  });

  it('gets the subdomain it asks for, and stops with the server’s reason when the server refuses it', async () => {
    const s = supervise({ settings: { host: fake.host, subdomain: 'myhooks1' } });
    s.start();
    expect(onlineUrl(await waitForStatus(s, isOnline))).toBe(`http://myhooks1.localhost:${fake.port}`);
    s.stop();

    const refused = supervise({ settings: { host: fake.host, subdomain: 'ab' } });
    refused.start();
    const failed = await waitForStatus(refused, (st) => st.state === 'failed');
    expect(failed.state === 'failed' && failed.reason).toMatch(/^The tunnel server refused to open a tunnel \(HTTP 403: Invalid subdomain/);
  });

  it('with its own public URL, opens no tunnel and goes online only when that URL reaches this receiver', async () => {
    const mine = `http://my-own-tunnel.localhost:${running.engine.receiverPort}`;
    const s = supervise({ settings: { host: fake.host, publicUrl: mine } });
    s.start();
    expect(onlineUrl(await waitForStatus(s, isOnline))).toBe(mine);

    // A URL that reaches something else (here the control server) is not ours.
    s.configure({ publicUrl: `http://not-mine.localhost:${running.control.port}` });
    const down = await waitForStatus(s, (st) => st.state === 'reconnecting');
    expect(down.state === 'reconnecting' && down.lastError).toMatch(/^Your public URL answered HTTP 403 instead of LiveHook/);
    expect(fake.counters.tunnelsCreated).toBe(0);
    expect(fake.handshakes).toEqual([]);
  });

  it('sends no traffic beyond 127.0.0.1 (every connection of these tests, recorded)', async () => {
    const s = supervise();
    s.start();
    const url = onlineUrl(await waitForStatus(s, isOnline));
    expect((await publicRequest(url, { method: 'POST', path: '/last', body: Buffer.from('{}') })).status).toBe(200);

    expect(asked.length).toBeGreaterThan(10);
    const loopbackName = (h: string) => ['127.0.0.1', '::1', 'localhost'].includes(h) || h.endsWith('.localhost');
    expect(asked.filter((d) => !loopbackName(d.host))).toEqual([]);
    expect(asked.filter((d) => /localtunnel\.me|loca\.lt/.test(d.host))).toEqual([]);
    expect(reached.filter((a) => !['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(a))).toEqual([]);
  });
});
