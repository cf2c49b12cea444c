import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/model/id';
import type { WebhookSummary } from '../../../shared/model/webhook';
import { WebhookStore, type WebhookStoreOptions } from '../../../electron/engine/history/webhook-store';
import { Journal } from '../../../electron/engine/journal/journal';
import { createLogger } from '../../../electron/engine/logger';
import { applyFacts, bodyFacts, buildRecord, type IncomingRequest } from '../../../electron/engine/receiver/capture';
import { tempDir } from '../../support/engine';

const logger = createLogger({ level: 'silent', sink: { write: () => undefined } });
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function request(body: string | Buffer, path = '/hook'): IncomingRequest {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  return {
    source: 'local',
    method: 'POST',
    path,
    query: '',
    headers: { 'content-type': 'application/json' },
    remoteAddress: '127.0.0.1',
    body: bytes,
    bodySize: bytes.length,
    bodyTruncated: false,
    startedAtMs: Date.now(),
    bodyMs: 0,
  };
}

const chatBody = (i: number, extra = '') =>
  `{"webhook_id":"wh-${i}","secret_key":"s","action":"incoming_chat","organization_id":"org-1","payload":{"chat":{"id":"CHAT${i}","thread":{"id":"T${i}"}},"note":"Winter Green ${i}${extra}"}}`;

async function open(dir: string, extra: Partial<WebhookStoreOptions> = {}) {
  const captured: WebhookSummary[] = [];
  const held: number[] = [];
  const store = await WebhookStore.open({
    journal: { dir: join(dir, 'journal'), durable: false },
    logger,
    clock: { now: () => Date.now() },
    bodyLimitBytes: 1024 * 1024,
    checkSecret: () => 'ok',
    onCaptured: (s) => captured.push(s),
    onCleared: () => undefined,
    onHeld: (n) => held.push(n),
    ...extra,
  });
  cleanups.push(() => store.close());
  return { store, captured, held };
}

async function world() {
  const dir = await tempDir('livehook-store-');
  cleanups.push(dir.remove);
  return dir.path;
}

describe('WebhookStore: ack once durable, analyse after', () => {
  it('acks before analysis; the worker derives the summary, the findings and the searchable text', async () => {
    const dir = await world();
    const { store, captured } = await open(dir);
    expect(store.analysisMode).toBe('worker');
    const answer = await store.capture(request(chatBody(1)), 200, { ack: 'durable' });
    expect(answer).toMatchObject({ status: 200, body: { received: true } });
    expect(answer.summary).toBeUndefined();
    const id = (answer.body as { id: string }).id;
    await store.settled();
    expect(captured.map((s) => s.id)).toEqual([id]);
    expect(captured[0]).toMatchObject({ action: 'incoming_chat', chatId: 'CHAT1', threadId: 'T1', webhookId: 'wh-1', organizationId: 'org-1', secret: 'ok' });
    expect(captured[0]!.bodySha256).toMatch(/^[0-9a-f]{64}$/);
    expect(captured[0]!.answer.latencyMs).toBeGreaterThanOrEqual(0);
    const full = await store.get(id);
    expect(full).toMatchObject({ action: 'incoming_chat', livechat: { chatId: 'CHAT1' }, json: { action: 'incoming_chat' } });
    expect(store.list({ query: '"winter green 1"' }).items.map((s) => s.id)).toEqual([id]);
    expect(store.list({ query: 'winter -green' }).items).toEqual([]);
    // A capture that asks for its summary gets it (response rules, forwarding and imports need it).
    const listed = await store.capture(request(chatBody(2)));
    expect(listed.summary).toMatchObject({ action: 'incoming_chat', chatId: 'CHAT2' });
  });

  it('journals the request only; the next start derives the rest, and still reads records that carry it', async () => {
    const dir = await world();
    const first = await open(dir);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(((await first.store.capture(request(chatBody(i)), 200, { ack: 'durable' })).body as { id: string }).id);
    await first.store.close();
    const segment = join(dir, 'journal', (await readdir(join(dir, 'journal'))).find((f) => f.endsWith('.jsonl'))!);
    const line = JSON.parse((await readFile(segment, 'utf8')).split('\n')[0]!.slice(9)) as Record<string, unknown>;
    expect(line).toMatchObject({ kind: 'webhook', id: ids[0], method: 'POST', path: '/hook' });
    for (const derived of ['action', 'livechat', 'bodySha256', 'chatId', 'findings']) expect(line).not.toHaveProperty(derived);

    // A record as an earlier version journalled it: the derived fields are in it, and are taken as they are.
    const journal = await Journal.open({ dir: join(dir, 'journal'), logger, durable: false }, () => undefined);
    const old = request(chatBody(9));
    const record = applyFacts(buildRecord(old, { id: newId(old.startedAtMs), seq: 100 }, { status: 200, delayMs: 0 }), bodyFacts(old.body, false));
    record.action = 'as-stored';
    await journal.append(record, { key: 'bodyBase64', base64: old.body.toString('base64') });
    await journal.close();

    const second = await open(dir);
    const page = second.store.list({});
    expect(page.items.map((s) => s.action)).toEqual(['as-stored', 'incoming_chat', 'incoming_chat', 'incoming_chat']);
    expect(page.items.slice(1).map((s) => s.chatId)).toEqual(['CHAT2', 'CHAT1', 'CHAT0']);
    expect(second.store.list({ query: '"winter green 2"' }).items.map((s) => s.id)).toEqual([ids[2]]);
    const after = await second.store.capture(request(chatBody(10)));
    expect(after.summary?.seq).toBe(101);
    expect(second.store.list({ query: '"winter green 10"' }).items.map((s) => s.id)).toEqual([after.summary!.id]);
  });

  it('holds analysis during a flood, analyses all of it for a reader, and reports how many it holds', async () => {
    const dir = await world();
    // A low threshold, so that a slow CI machine floods too: 100 a second.
    const { store, captured, held } = await open(dir, { floodPerSecond: 100 });
    const started = Date.now();
    let n = 0;
    while (Date.now() - started < 450) {
      await Promise.all(Array.from({ length: 50 }, () => store.capture(request(chatBody(n++)), 200, { ack: 'durable' })));
    }
    expect(n).toBeGreaterThan(100);
    expect(Math.max(...held)).toBeGreaterThan(0);
    expect(captured.length).toBeLessThan(n); // held back, not lost
    await store.settled();
    expect(captured.length).toBe(n);
    expect(new Set(captured.map((s) => s.seq)).size).toBe(n);
    expect(captured.map((s) => s.seq)).toEqual([...captured.map((s) => s.seq)].sort((a, b) => a - b));
    // Nothing is held any more: the count reported goes back to 0.
    await expect.poll(() => held.at(-1), { timeout: 5_000 }).toBe(0);
  });

  it('hands a backlog to analysis a few batches at a time, so the rest stays held', async () => {
    const dir = await world();
    const { store, captured } = await open(dir, { floodPerSecond: 100 });
    let n = 0;
    while (n < 3000) await Promise.all(Array.from({ length: 250 }, () => store.capture(request(chatBody(n++)), 200, { ack: 'durable' })));
    expect(store.analysisBacklog.held).toBeGreaterThan(2 * 512); // the flood held most of them (more than 2 batches)
    // Once calm, the backlog goes to the worker two batches at a time, each answer sending the next: never all at
    // once, which a flood starting meanwhile could not hold back any more.
    const seen: { held: number; inFlight: number }[] = [];
    while (captured.length < n) {
      seen.push(store.analysisBacklog);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(Math.max(...seen.map((b) => b.inFlight))).toBe(2);
    expect(seen.some((b) => b.inFlight > 0 && b.held > 0)).toBe(true);
    expect(captured.map((s) => s.seq)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  });

  it('a clear racing with captures leaves no listed webhook whose record is gone', async () => {
    const { store } = await open(await world());
    for (let round = 0; round < 10; round++) {
      const captures = Array.from({ length: 100 }, (_, i) => store.capture(request(chatBody(round * 100 + i)), 200, { ack: 'durable' }));
      const cleared = store.clear();
      await Promise.all([...captures, cleared]);
      await store.settled();
      const listed = store.list({ limit: 1000 }).items;
      for (const s of listed) expect(await store.get(s.id), `webhook ${s.seq} is listed, so it must be readable`).toBeDefined();
    }
  });

  it('replaces a worker that dies and hands it the batches it had not answered', async () => {
    const dir = await world();
    const { store, captured } = await open(dir);
    await store.capture(request(chatBody(0)));
    const queue = (store as unknown as { analysis: { worker: { terminate(): Promise<number> } } }).analysis;
    const dying = queue.worker.terminate();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => store.capture(request(chatBody(i + 1)), 200, { ack: 'durable' })));
    await dying;
    await store.settled();
    expect(store.analysisMode).toBe('worker');
    expect(captured.map((s) => s.id)).toEqual([captured[0]!.id, ...answers.map((a) => (a.body as { id: string }).id)]);
  });

  it('starts the worker script it is given, and analyses on this thread when that script is missing or keeps failing', async () => {
    const dir = await world();
    // A script that records each start, then exits: the queue replaces it twice, then analyses inline.
    const starts = join(dir, 'starts.txt');
    const script = join(dir, 'exiting-worker.mjs');
    await writeFile(script, `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(starts)}, 'started\\n');\nprocess.exit(3);\n`);
    const given = await open(dir, { analysisWorker: pathToFileURL(script) });
    await given.store.capture(request(chatBody(1)));
    expect(given.store.analysisMode).toBe('inline');
    expect(await readFile(starts, 'utf8')).toBe('started\n'.repeat(3));
    expect(given.store.list({ query: '"green 1"' }).total).toBe(1);

    const lines: string[] = [];
    const missing = pathToFileURL(join(dir, 'no-such-worker.js'));
    const { store } = await open(await world(), { analysisWorker: missing, logger: createLogger({ level: 'warn', sink: { write: (l) => void lines.push(l) } }) });
    await store.capture(request(chatBody(2)));
    expect(store.analysisMode).toBe('inline');
    expect(lines.join('')).toContain(`the analysis worker script ${missing.href} does not exist`);
    expect(store.list({ query: '"green 2"' }).total).toBe(1);
  });

  it('analyses on this thread when asked to, with the same result as the worker', async () => {
    const summaries: Record<string, unknown>[] = [];
    for (const mode of ['worker', 'inline'] as const) {
      const { store } = await open(await world(), { analysis: mode });
      expect(store.analysisMode).toBe(mode);
      const { summary } = await store.capture(request(chatBody(7, ' é')));
      const { id: _id, receivedAt: _r, answer: _a, ...rest } = summary!;
      summaries.push(rest);
      expect(store.list({ query: '"green 7 é"' }).total).toBe(1);
    }
    expect(summaries[1]).toEqual(summaries[0]);
  });
});
