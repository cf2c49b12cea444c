import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturedWebhook } from '../../shared/model/webhook';
import { bigWebhook, deepArray, deepObject, gzippedWebhook, hugeArray, MiB } from '../support/bad-input-generator';
import { startEngine, tempDir, type RunningEngine } from '../support/engine';
import { settledHeapMiB } from '../support/heap';
import { rawPost, type RawAnswer } from '../support/raw-http';

/**
 * Hostile and malformed requests against a real engine (receiver, journal, history, control API). For each one: the
 * answer, what is recorded, and that a normal webhook still gets its 200 afterwards. Memory is checked once at the end.
 */
const FIXTURES = resolve(import.meta.dirname, '../fixtures/bad-input');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let dir: Awaited<ReturnType<typeof tempDir>>;
let running: RunningEngine;
let baselineHeapMiB = 0;

beforeAll(async () => {
  dir = await tempDir('livehook-bad-input-');
  // 32 MiB so that a 20 MiB body is accepted; the default 10 MiB limit is tested on its own engine below.
  running = await startEngine(dir.path, { receiver: { bodyLimitBytes: 32 * MiB } });
  // Warm up (JIT, first journal segment) before taking the baseline.
  for (let i = 0; i < 20; i++) await postJson({ action: 'incoming_event', warmup: i });
  baselineHeapMiB = settledHeapMiB();
});
afterAll(async () => {
  await running?.stop();
  await dir?.remove();
});

async function postJson(body: unknown): Promise<RawAnswer> {
  return rawPost(running.engine.receiverUrl, { headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(body)) });
}

/** The record behind an ack, through the control server's HTTP API (so the answer is serialised like the UI gets it). */
async function recordOf(answer: RawAnswer): Promise<CapturedWebhook> {
  const { id } = JSON.parse(answer.body) as { id: string };
  const res = await fetch(`${running.control.url}/api/call/events.get`, {
    method: 'POST',
    headers: { authorization: `Bearer ${running.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id }),
  });
  const result = (await res.json()) as { ok: boolean; value: CapturedWebhook; error?: unknown };
  expect(result.ok, JSON.stringify(result.error)).toBe(true);
  return result.value;
}

/** After every bad request: the engine still acks a normal webhook. */
async function stillServing(): Promise<void> {
  const res = await postJson({ action: 'incoming_chat', payload: { chat: { id: 'STILLALIVE' } } });
  expect(res.status).toBe(200);
  expect(JSON.parse(res.body)).toMatchObject({ received: true });
}

async function sendAndRecord(body: Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const answer = await rawPost(running.engine.receiverUrl, { headers, body });
  const record = answer.status === 200 || answer.status === 413 ? await recordOf(answer) : undefined;
  return { answer, record };
}

describe('malformed bodies are recorded byte-exact with the reason they did not parse', () => {
  const cases: Array<{ file: string; parseError: RegExp; json?: unknown }> = [
    { file: 'empty.bin', parseError: /^Empty body$/ },
    { file: 'not-json.txt', parseError: /^Invalid JSON/ },
    { file: 'array.json', parseError: /JSON but an array/, json: [{ action: 'incoming_chat' }, { action: 'incoming_event' }] },
    { file: 'string.json', parseError: /JSON but a string/, json: 'incoming_chat' },
    { file: 'number.json', parseError: /JSON but a number/, json: 42 },
    { file: 'truncated.json', parseError: /^Invalid JSON/ },
    { file: 'invalid-utf8.bin', parseError: /not valid UTF-8/ },
  ];
  for (const c of cases) {
    it(c.file, async () => {
      const bytes = fixture(c.file);
      const { answer, record } = await sendAndRecord(bytes);
      expect(answer.status).toBe(200);
      expect(Buffer.from(record!.bodyBase64, 'base64').equals(bytes)).toBe(true);
      expect(record!.bodySha256).toBe(sha(bytes));
      expect(record!.parseError).toMatch(c.parseError);
      if (c.json !== undefined) expect(record!.json).toEqual(c.json);
      await stillServing();
    });
  }
});

describe('prototype keys', () => {
  it('are plain data: stored, parsed as own keys, and nothing is polluted', async () => {
    const bytes = fixture('proto-keys.json');
    const { answer, record } = await sendAndRecord(bytes);
    expect(answer.status).toBe(200);
    expect(record!.parseError).toBeUndefined();
    expect(record!.action).toBe('incoming_event');
    expect(Buffer.from(record!.bodyBase64, 'base64').equals(bytes)).toBe(true);
    const json = record!.json as Record<string, unknown>;
    expect(Object.prototype.hasOwnProperty.call(json, '__proto__')).toBe(true);
    // Filters and search run over every stored field: exercise them too.
    const list = await running.engine.dispatch('events.list', { query: 'polluted' });
    expect(list.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
    await stillServing();
  });
});

describe('headers and framing', () => {
  const body = Buffer.from('{"action":"incoming_chat","payload":{"chat":{"id":"PJ0MRSHTDG"}}}');
  it('a wrong Content-Type is recorded as sent and the body still parsed', async () => {
    const { answer, record } = await sendAndRecord(body, { 'content-type': 'text/plain; charset=iso-8859-1' });
    expect(answer.status).toBe(200);
    expect(record!.contentType).toBe('text/plain; charset=iso-8859-1');
    expect(record!.action).toBe('incoming_chat');
    await stillServing();
  });
  it('a missing Content-Type is fine', async () => {
    const { answer, record } = await sendAndRecord(body, {});
    expect(answer.status).toBe(200);
    expect(record!.contentType).toBeUndefined();
    expect(record!.action).toBe('incoming_chat');
    await stillServing();
  });
  it('a chunked body is reassembled byte-exact', async () => {
    const chunks = [body.subarray(0, 7), body.subarray(7, 30), body.subarray(30)];
    const answer = await rawPost(running.engine.receiverUrl, { headers: { 'content-type': 'application/json' }, body: chunks });
    expect(answer.status).toBe(200);
    const record = await recordOf(answer);
    expect(record.headers['transfer-encoding']).toBe('chunked');
    expect(Buffer.from(record.bodyBase64, 'base64').equals(body)).toBe(true);
    expect(record.action).toBe('incoming_chat');
    await stillServing();
  });
  it('a gzip-encoded body is stored as received (not decoded), with its encoding and a parse error that says gzip', async () => {
    const { gzipped } = gzippedWebhook();
    const { answer, record } = await sendAndRecord(gzipped, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(answer.status).toBe(200);
    expect(Buffer.from(record!.bodyBase64, 'base64').equals(gzipped)).toBe(true);
    expect(record!.headers['content-encoding']).toBe('gzip');
    expect(record!.parseError).toMatch(/gzip/);
    await stillServing();
  });
});

describe('large and deep bodies', () => {
  it('a 20 MiB body under a 32 MiB limit is stored whole', { timeout: 30_000 }, async () => {
    const bytes = bigWebhook(20 * MiB);
    const { answer, record } = await sendAndRecord(bytes);
    expect(answer.status).toBe(200);
    expect(record!.bodySize).toBe(20 * MiB);
    expect(record!.bodyTruncated).toBe(false);
    expect(record!.bodySha256).toBe(sha(bytes));
    expect(sha(Buffer.from(record!.bodyBase64, 'base64'))).toBe(sha(bytes));
    await stillServing();
  });
  it('a body over the limit gets 413, with its size and first 64 KiB recorded', { timeout: 30_000 }, async () => {
    const bytes = bigWebhook(40 * MiB);
    const { answer, record } = await sendAndRecord(bytes);
    expect(answer.status).toBe(413);
    expect(record!.bodySize).toBe(40 * MiB);
    expect(record!.bodyTruncated).toBe(true);
    expect(Buffer.from(record!.bodyBase64, 'base64').equals(bytes.subarray(0, 64 * 1024))).toBe(true);
    expect(record!.parseError).toMatch(/size limit/);
    await stillServing();
  });
  it('100,000-deep `[[[…` is recorded raw; reading it back does not blow the stack', async () => {
    const bytes = deepArray(100_000);
    const { answer, record } = await sendAndRecord(bytes);
    expect(answer.status).toBe(200);
    expect(record!.bodySha256).toBe(sha(bytes));
    expect(record!.json).toBeUndefined();
    expect(record!.parseError).toMatch(/deeper than|an array/);
    await stillServing();
  });
  it('100,000-deep objects inside a webhook are recorded raw with the depth reason', async () => {
    const bytes = deepObject(100_000);
    const { answer, record } = await sendAndRecord(bytes);
    expect(answer.status).toBe(200);
    expect(record!.action).toBe('incoming_event');
    expect(record!.json).toBeUndefined();
    expect(record!.parseError).toMatch(/deeper than 1000 levels/);
    await stillServing();
  });
  it('an array of 1,000,000 elements is stored and parsed', { timeout: 30_000 }, async () => {
    const bytes = hugeArray(1_000_000);
    const { answer, record } = await sendAndRecord(bytes);
    expect(answer.status).toBe(200);
    expect(record!.bodySha256).toBe(sha(bytes));
    expect(((record!.json as { payload: { items: number[] } }).payload.items).length).toBe(1_000_000);
    await stillServing();
  });
});

describe('load', () => {
  it('1,000 concurrent connections are all answered or cleanly refused, and every 200 is in history', { timeout: 60_000 }, async () => {
    const before = (await running.engine.dispatch('events.list', { limit: 1 })) as { ok: true; value: { total: number } };
    const results = await Promise.allSettled(
      Array.from({ length: 1000 }, (_, i) =>
        // A fresh connection each (no agent pooling): 1,000 sockets open at once.
        rawPost(running.engine.receiverUrl, {
          headers: { 'content-type': 'application/json', connection: 'close' },
          body: Buffer.from(JSON.stringify({ action: 'incoming_event', n: i })),
          agent: new Agent({ keepAlive: false }),
        }),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled' && r.value.status === 200).length;
    const refused = results.filter((r) => r.status === 'rejected');
    const other = results.filter((r) => r.status === 'fulfilled' && r.value.status !== 200);
    console.log(`1,000 concurrent: ${ok} acked, ${refused.length} refused, ${other.length} other statuses`);
    expect(other).toEqual([]);
    for (const r of refused) expect(String((r as PromiseRejectedResult).reason)).toMatch(/ECONNRESET|ECONNREFUSED|EPIPE|socket hang up/);
    expect(ok).toBeGreaterThan(0);
    const after = (await running.engine.dispatch('events.list', { limit: 1 })) as { ok: true; value: { total: number } };
    expect(after.value.total - before.value.total).toBe(ok);
    await stillServing();
  });
});

describe('memory', () => {
  it('returns near the baseline after all of the above', () => {
    const now = settledHeapMiB();
    console.log(`heapUsed after gc: baseline ${baselineHeapMiB.toFixed(1)} MiB, after the corpus ${now.toFixed(1)} MiB`);
    // Bodies are on disk, not in memory: 20 + 40 MiB went through; a generous bound that still catches a body kept alive.
    expect(now - baselineHeapMiB).toBeLessThan(48);
  });
});

describe('the default 10 MiB limit', () => {
  it('answers 413 to a 20 MiB body', { timeout: 30_000 }, async () => {
    const other = await tempDir('livehook-bad-input-default-');
    const engine = await startEngine(other.path);
    try {
      const res = await rawPost(engine.engine.receiverUrl, { headers: { 'content-type': 'application/json' }, body: bigWebhook(20 * MiB) });
      expect(res.status).toBe(413);
      const page = (await engine.engine.dispatch('events.list', {})) as { ok: true; value: { total: number; items: Array<{ bodySize: number }> } };
      expect(page.value.total).toBe(1);
    } finally {
      await engine.stop();
      await other.remove();
    }
  });
});
