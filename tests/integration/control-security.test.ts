import { request } from 'node:http';
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WS_PATH, WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX } from '../../shared/api/ipc';
import { startEngine, tempDir, type RunningEngine } from '../support/engine';

let dir: Awaited<ReturnType<typeof tempDir>>;
let running: RunningEngine;

beforeEach(async () => {
  dir = await tempDir();
  running = await startEngine(dir.path);
});
afterEach(async () => {
  await running.stop();
  await dir.remove();
});

/** Opens a WebSocket and reports how the server answered the upgrade. */
function tryWs(port: number, opts: { token?: string; origin?: string; host?: string }): Promise<{ opened: boolean; status?: number }> {
  const protocols = [WS_PROTOCOL, ...(opts.token !== undefined ? [WS_TOKEN_PROTOCOL_PREFIX + opts.token] : [])];
  const headers: Record<string, string> = {};
  if (opts.host) headers.host = opts.host;
  const ws = new WebSocket(`ws://127.0.0.1:${port}${WS_PATH}`, protocols, { headers, ...(opts.origin ? { origin: opts.origin } : {}) });
  return new Promise((resolve) => {
    ws.on('open', () => {
      ws.close();
      resolve({ opened: true });
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve({ opened: false, status: res.statusCode });
      res.resume();
    });
    ws.on('error', () => resolve({ opened: false }));
  });
}

/** Raw HTTP so the Host header can be anything (fetch forbids setting it). */
function rawRequest(port: number, opts: { method: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: opts.method, path: opts.path, headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('the control server', () => {
  it('accepts the right token and refuses a missing or wrong one', async () => {
    const port = running.control.port;
    expect(await tryWs(port, { token: running.token })).toEqual({ opened: true });
    expect(await tryWs(port, {})).toMatchObject({ opened: false, status: 401 });
    expect(await tryWs(port, { token: 'f'.repeat(64) })).toMatchObject({ opened: false, status: 401 });
    expect(await tryWs(port, { token: running.token.slice(0, -1) })).toMatchObject({ opened: false, status: 401 });

    const call = (auth?: string) =>
      rawRequest(port, {
        method: 'POST',
        path: '/api/call/events.list',
        headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
        body: '{}',
      });
    expect((await call()).status).toBe(401);
    expect((await call('Bearer nope')).status).toBe(401);
    const ok = await call(`Bearer ${running.token}`);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, value: { total: 0 } });
  });

  it('refuses a foreign Origin and a foreign Host (DNS rebinding), even with the token', async () => {
    const port = running.control.port;
    expect(await tryWs(port, { token: running.token, origin: 'https://evil.example' })).toMatchObject({ opened: false, status: 403 });
    expect(await tryWs(port, { token: running.token, origin: `http://127.0.0.1:${port}` })).toEqual({ opened: true });
    expect(await tryWs(port, { token: running.token, host: `evil.example:${port}` })).toMatchObject({ opened: false, status: 403 });
    const rebound = await rawRequest(port, {
      method: 'POST',
      path: '/api/call/events.list',
      headers: { host: `evil.example:${port}`, authorization: `Bearer ${running.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(rebound.status).toBe(403);
    const page = await rawRequest(port, { method: 'GET', path: '/', headers: { host: `attacker.test:${port}` } });
    expect(page.status).toBe(403);
  });

  it('validates params against the contract before any handler runs', async () => {
    const port = running.control.port;
    const res = await rawRequest(port, {
      method: 'POST',
      path: '/api/call/events.list',
      headers: { host: `127.0.0.1:${port}`, authorization: `Bearer ${running.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ limit: 'lots' }),
    });
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const unknown = await rawRequest(port, {
      method: 'POST',
      path: '/api/call/engine.shutdown',
      headers: { host: `127.0.0.1:${port}`, authorization: `Bearer ${running.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('is listening on 127.0.0.1 only, on a port different from the receiver', () => {
    expect(running.control.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(running.control.port).not.toBe(running.engine.receiverPort);
  });
});

describe('the receiver port', () => {
  it('never reaches the control API: no WebSocket, no API call, no UI', async () => {
    const port = running.engine.receiverPort;
    // The WebSocket path on the receiver is not an upgrade endpoint.
    expect((await tryWs(port, { token: running.token })).opened).toBe(false);
    // A POST to the API path is just a webhook: recorded, acked, and the API does not run.
    const res = await rawRequest(port, {
      method: 'POST',
      path: '/api/call/events.clear',
      headers: { host: `127.0.0.1:${port}`, authorization: `Bearer ${running.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ received: true });
    expect(JSON.parse(res.body)).not.toHaveProperty('value');
    const list = await running.engine.dispatch('events.list', {});
    expect(list).toMatchObject({ ok: true, value: { total: 1 } });
    // GET of UI paths: 404, never the inspector page.
    const ui = await rawRequest(port, { method: 'GET', path: '/index.html', headers: { host: `127.0.0.1:${port}` } });
    expect(ui.status).toBe(404);
    expect(ui.body).not.toMatch(/<html/i);
  });
});
