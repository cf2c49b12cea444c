import { createHash } from 'node:crypto';
import http from 'node:http';
import { afterEach, beforeEach } from 'vitest';
import type { PayloadOf, PushName } from '@shared/api/contract';
import { createMemorySettingsStore } from '../../electron/engine/ports';
import { startEngine, tempDir, type RunningEngine } from '../support/engine';
import { startTarget, type LocalTarget } from '../support/local-target';

/** Shared by the delivery integration tests: an engine per test, local targets, calls, pushes, raw posts. */
let dir: Awaited<ReturnType<typeof tempDir>>;
let running: RunningEngine | undefined;
export const current = (): RunningEngine => running!;
export function forget(): void {
  running = undefined;
}
const targets: LocalTarget[] = [];
export const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
/** Short timeouts and retries so the LiveChat-like flow runs in milliseconds. */
export const FAST = { 'delivery.policy': { name: 'custom', timeoutMs: 300, retryDelaysMs: [20, 20, 20] } };

beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await running?.stop();
  running = undefined;
  for (const t of targets.splice(0)) await t.close();
  await dir.remove();
});

export async function engine(settings: Record<string, unknown> = FAST): Promise<RunningEngine> {
  running = await startEngine(dir.path, { settings: createMemorySettingsStore(settings) });
  return running;
}

export async function target(answer?: Parameters<typeof startTarget>[0]): Promise<LocalTarget> {
  const t = await startTarget(answer);
  targets.push(t);
  return t;
}

export async function call<T>(method: string, params: unknown = {}): Promise<T> {
  const r = await running!.engine.dispatch(method, params);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  return r.value as T;
}

/** Collects pushes of one name. */
export function collect<E extends PushName>(name: E): PayloadOf<E>[] {
  const seen: PayloadOf<E>[] = [];
  running!.engine.onPush((event, payload) => {
    if (event === name) seen.push(payload as PayloadOf<E>);
  });
  return seen;
}

export async function until(cond: () => boolean, what = 'condition'): Promise<void> {
  for (let i = 0; i < 3000 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!cond()) throw new Error(`${what} not reached`);
}

export interface Answer {
  status?: number;
  body: string;
  headers: http.IncomingHttpHeaders;
  /** Set when the connection ended without a response. */
  error?: string;
}

/** node:http rather than fetch: fetch refuses hop-by-hop headers, and a dropped connection must show as such. */
export function post(path: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve) => {
    const req = http.request(`${running!.engine.receiverUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, agent: false });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString(), headers: res.headers }));
    });
    req.on('error', (err) => resolve({ body: '', headers: {}, error: err.message }));
    req.end(body);
  });
}

export async function capture(body: string | Buffer, headers: Record<string, string> = {}): Promise<string> {
  const res = await post('/hooks/livechat', body, headers);
  return (JSON.parse(res.body) as { id: string }).id;
}

export const chatBody = (n = 1) => `{ "webhook_id":"wh${n}",  "action":"incoming_chat", "organization_id":"org", "payload":{"chat":{"id":"C${n}"}}, "note":"é✓ ${n}" }`;

