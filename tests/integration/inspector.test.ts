import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/api/errors';
import { createMemorySettingsStore } from '../../electron/engine/ports';
import { connectClient, nextPushes } from '../support/ws-client';
import { useEngineWorld, type RunningEngine } from '../support/engine';
import { example, post, withPayload } from './inspector-support';

const world = useEngineWorld();
let running: RunningEngine | undefined;

async function connect(r: RunningEngine) {
  return connectClient(r.control.url, r.token);
}

/** Six requests with known fields: three of chat PJ0MRSHTDG, one of chat ZZCHAT0001, a text body, a JSON array. */
async function seed(url: string): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  ids.chat = await post(url, example('incoming_chat'));
  ids.event = await post(url, example('incoming_event'));
  ids.other = await post(
    url,
    withPayload('incoming_event', {
      chat_id: 'ZZCHAT0001',
      thread_id: 'ZZTHREAD01',
      event: { id: 'ZZTHREAD01_1', type: 'message', author_id: 'jane@example.com', text: 'Order 12345: REFUND please' },
    }, { webhook_id: 'wh-other', organization_id: 'org-other' }),
  );
  ids.closed = await post(url, example('chat_deactivated'));
  ids.text = await post(url, 'plain text hello, not JSON', '/plain');
  ids.array = await post(url, '[1,2,3]', '/array');
  return ids;
}

describe('events.list with a query', () => {
  it('filters by each field, negation and full text in bodies, and counts facets over the whole match', async () => {
    running = await world.start();
    const ids = await seed(running.engine.receiverUrl);
    const { client, close } = await connect(running);
    const q = async (query: string) => (await client.call('events.list', { query })).items.map((i) => i.id).sort();
    const sorted = (...keys: string[]) => keys.map((k) => ids[k]!).sort();

    expect(await q('action:incoming_event')).toEqual(sorted('event', 'other'));
    expect(await q('-action:incoming_event')).toEqual(sorted('chat', 'closed', 'text', 'array'));
    expect(await q('chat:PJ0MRSHTDG')).toEqual(sorted('chat', 'event', 'closed'));
    expect(await q('chat:ZZCHAT0001')).toEqual(sorted('other'));
    expect(await q('thread:ZZTHREAD01')).toEqual(sorted('other'));
    expect(await q('webhook:wh-other')).toEqual(sorted('other'));
    expect(await q('org:org-other')).toEqual(sorted('other'));
    expect(await q('status:invalid')).toEqual(sorted('text', 'array'));
    expect(await q('secret:unknown')).toEqual(sorted('chat', 'event', 'other', 'closed'));
    expect(await q(`id:${ids.closed}`)).toEqual(sorted('closed'));
    // Full text: case-insensitive, inside bodies, bare words and phrases, negated.
    expect(await q('refund')).toEqual(sorted('other'));
    expect(await q('"order 12345"')).toEqual(sorted('other'));
    expect(await q('"12345 order"')).toEqual([]);
    expect(await q('"PLAIN text"')).toEqual(sorted('text'));
    expect(await q('action:incoming_event -refund')).toEqual(sorted('event'));
    expect(await q('"hi thomas" chat:PJ0MRSHTDG')).toEqual(sorted('event'));
    expect(await q('nothing-like-this-anywhere')).toEqual([]);

    const page = await client.call('events.list', { query: 'chat:PJ0MRSHTDG', facets: true, limit: 1 });
    expect(page.items).toHaveLength(1);
    expect(page.total).toBe(3);
    expect(page.hasMore).toBe(true);
    expect(page.facets).toEqual([
      { action: 'chat_deactivated', count: 1 },
      { action: 'incoming_chat', count: 1 },
      { action: 'incoming_event', count: 1 },
    ]);
    const all = await client.call('events.list', { facets: true });
    expect(all.facets?.[0]).toEqual({ action: '', count: 2 });
    // The older params still work, ANDed with the query.
    expect((await client.call('events.list', { actions: ['incoming_event'], query: 'refund' })).total).toBe(1);
    expect((await client.call('events.list', { text: 'REFUND' })).total).toBe(1);
    close();
  });

  it('refuses a query that does not parse with bad_request and the offsets of the problem', async () => {
    running = await world.start();
    const { client, close } = await connect(running);
    const err = await client.call('events.list', { query: 'chat:PJ0 "unclosed' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    const appErr = err as AppError;
    expect(appErr.code).toBe('bad_request');
    expect(appErr.message).toMatch(/^Query: /);
    const detail = appErr.detail as { start: number; end: number };
    expect(detail.start).toBeGreaterThanOrEqual(9);
    expect(detail.end).toBeGreaterThan(detail.start);
    close();
  });

  it('answers the same queries after a restart (history and its index read back from the journal)', async () => {
    running = await world.start();
    const ids = await seed(running.engine.receiverUrl);
    await running.stop();
    running = await world.start();
    const { client, close } = await connect(running);
    expect((await client.call('events.list', {})).total).toBe(6);
    expect((await client.call('events.list', { query: 'refund' })).items.map((i) => i.id)).toEqual([ids.other]);
    expect((await client.call('events.list', { query: '"hi thomas"' })).items.map((i) => i.id)).toEqual([ids.event]);
    expect((await client.call('events.list', { query: 'plain -status:valid' })).items.map((i) => i.id)).toEqual([ids.text]);
    expect((await client.call('events.list', { query: 'action:chat_deactivated' })).total).toBe(1);
    // And new captures are searchable next to the read-back ones.
    const fresh = await post(running.engine.receiverUrl, withPayload('incoming_event', { event: { type: 'message', text: 'Zebra crossing' } }));
    expect((await client.call('events.list', { query: 'zebra' })).items.map((i) => i.id)).toEqual([fresh]);
    close();
  });

  it('histogram: whole-minute buckets by action over the matching history', async () => {
    running = await world.start();
    await seed(running.engine.receiverUrl);
    const { client, close } = await connect(running);
    const h = await client.call('events.histogram', { query: 'chat:PJ0MRSHTDG', buckets: 10 });
    expect(h.bucketMs % 60_000).toBe(0);
    expect(h.buckets.length).toBeGreaterThanOrEqual(1);
    expect(h.buckets.length).toBeLessThanOrEqual(10);
    expect(h.buckets.reduce((n, b) => n + b.total, 0)).toBe(3);
    const counts: Record<string, number> = {};
    for (const b of h.buckets) for (const [a, n] of Object.entries(b.counts)) counts[a] = (counts[a] ?? 0) + n;
    expect(counts).toEqual({ incoming_chat: 1, incoming_event: 1, chat_deactivated: 1 });
    expect((await client.call('events.histogram', { query: 'nothing-like-this' })).buckets).toEqual([]);
    close();
  });
});

describe('retries', () => {
  it('groups deliveries of the same body and webhook_id: attempts 1..3, the retry flag, one row with groupRetries', async () => {
    running = await world.start();
    const url = running.engine.receiverUrl;
    const body = JSON.stringify(example('incoming_event'));
    const first = await post(url, body);
    const second = await post(url, body);
    const third = await post(url, body);
    // Same webhook id, other body: a different webhook.
    const different = await post(url, withPayload('incoming_event', { event: { type: 'message', text: 'other' } }));
    const { client, close } = await connect(running);

    const list = await client.call('events.list', {});
    const byId = new Map(list.items.map((i) => [i.id, i]));
    expect(byId.get(first)!.attempt).toBeUndefined();
    expect(byId.get(second)).toMatchObject({ retryOf: first, attempt: 2 });
    expect(byId.get(third)).toMatchObject({ retryOf: first, attempt: 3 });
    expect(byId.get(different)!.retryOf).toBeUndefined();
    expect(byId.get(first)!.bodySha256).toBe(byId.get(third)!.bodySha256);

    expect((await client.call('events.list', { query: 'retry' })).items.map((i) => i.id).sort()).toEqual([second, third].sort());
    const grouped = await client.call('events.list', { groupRetries: true });
    expect(grouped.total).toBe(2);
    expect(grouped.items.find((i) => i.id === first)).toMatchObject({ attempts: 3 });
    expect(grouped.items.find((i) => i.id === different)!.attempts).toBeUndefined();

    const { attempts } = await client.call('events.retries', { id: third });
    expect(attempts.map((a) => a.id)).toEqual([first, second, third]);
    // The journal record says so too.
    expect(await client.call('events.get', { id: third })).toMatchObject({ retryOf: first, attempt: 3 });
    close();

    await running.stop();
    running = await world.start();
    const again = await connect(running);
    const readBack = await again.client.call('events.list', { groupRetries: true });
    expect(readBack.items.find((i) => i.id === first)).toMatchObject({ attempts: 3 });
    expect((await again.client.call('events.list', { query: 'retry' })).total).toBe(2);
    again.close();
  });
});

describe('chat timeline, previous and diff', () => {
  it('lists a chat oldest first with the catalogue sentence and a detail', async () => {
    running = await world.start();
    const ids = await seed(running.engine.receiverUrl);
    const tagged = await post(running.engine.receiverUrl, example('thread_tagged'));
    const { client, close } = await connect(running);
    const chat = await client.call('events.chat', { chatId: 'PJ0MRSHTDG' });
    expect(chat.truncated).toBe(false);
    expect(chat.items.map((i) => i.summary.id)).toEqual([ids.chat, ids.event, ids.closed, tagged]);
    const event = chat.items[1]!;
    expect(event.text).toContain('sent a message in chat PJ0MRSHTDG');
    expect(event.detail).toBe('message');
    expect(chat.items[3]!.detail).toBe((example('thread_tagged').payload as { tag: string }).tag);
    expect(chat.items.every((i) => i.text.length > 0)).toBe(true);
    const limited = await client.call('events.chat', { chatId: 'PJ0MRSHTDG', limit: 2 });
    expect(limited.items).toHaveLength(2);
    expect(limited.truncated).toBe(true);
    expect((await client.call('events.chat', { chatId: 'NOSUCHCHAT' })).items).toEqual([]);
    close();
  });

  it('finds the previous webhook by action and by chat, diffs them, and keeps ignore paths across a restart', async () => {
    const settings = createMemorySettingsStore();
    running = await world.start({ settings });
    const ids = await seed(running.engine.receiverUrl);
    const { client, close } = await connect(running);
    expect(await client.call('events.previous', { id: ids.other, by: 'action' })).toEqual({ id: ids.event });
    expect(await client.call('events.previous', { id: ids.closed, by: 'chat' })).toEqual({ id: ids.event });
    expect(await client.call('events.previous', { id: ids.chat, by: 'chat' })).toEqual({ id: null });

    const diff = await client.call('events.diff', { a: ids.event, b: ids.other });
    expect(diff.a.id).toBe(ids.event);
    expect(diff.equal).toBe(false);
    const paths = diff.changes.map((c) => c.path);
    expect(paths).toContain('payload.chat_id');
    expect(paths).toContain('payload.event.text');
    expect(paths).not.toContain('webhook_id'); // ignored by default
    expect(diff.changes.find((c) => c.path === 'payload.chat_id')).toMatchObject({ kind: 'changed', before: 'PJ0MRSHTDG', after: 'ZZCHAT0001' });

    expect((await client.call('events.getDiffIgnore', {})).paths).toEqual(['webhook_id', 'secret_key']);
    await client.call('events.setDiffIgnore', { paths: ['payload.chat_id', '**.text'] });
    close();
    await running.stop();

    running = await world.start({ settings });
    const again = await connect(running);
    expect((await again.client.call('events.getDiffIgnore', {})).paths).toEqual(['payload.chat_id', '**.text']);
    const ignored = await again.client.call('events.diff', { a: ids.event, b: ids.other });
    const after = ignored.changes.map((c) => c.path);
    expect(after).not.toContain('payload.chat_id');
    expect(after).not.toContain('payload.event.text');
    expect(after).toContain('webhook_id');
    expect(ignored.ignored).toBeGreaterThanOrEqual(2);
    // An explicit list wins over the saved one.
    expect((await again.client.call('events.diff', { a: ids.event, b: ids.other, ignore: [] })).changes.map((c) => c.path)).toContain('payload.chat_id');

    const text = await again.client.call('events.diff', { a: ids.text, b: ids.event });
    expect(text.note).toMatch(/not JSON/);
    expect(text.changes.some((c) => c.kind === 'removed' && c.before === 'plain text hello, not JSON')).toBe(true);
    const missing = await again.client.call('events.diff', { a: ids.text, b: 'nope' }).catch((e: unknown) => e);
    expect((missing as AppError).code).toBe('not_found');
    again.close();
  });
});

describe('pins and clear', () => {
  it('pins and unpins with event.updated pushes; clear keeps pinned webhooks and removes the rest', async () => {
    running = await world.start();
    const ids = await seed(running.engine.receiverUrl);
    const { client, close } = await connect(running);
    const pushed = nextPushes(client, 'event.updated', 2);
    expect((await client.call('events.pin', { id: ids.event, pinned: true })).pinned).toBe(true);
    await client.call('events.pin', { id: ids.closed, pinned: true });
    expect((await pushed).map((s) => s.id)).toEqual([ids.event, ids.closed]);
    const unpinned = await client.call('events.pin', { id: ids.closed, pinned: false });
    expect(unpinned.pinned).toBeUndefined();
    expect((await client.call('events.list', { query: 'pinned' })).items.map((i) => i.id)).toEqual([ids.event]);

    const cleared = await client.call('events.clear', {});
    expect(cleared).toMatchObject({ removed: 5, keptPinned: 1 });
    const left = await client.call('events.list', {});
    expect(left.items.map((i) => i.id)).toEqual([ids.event]);
    expect((await client.call('events.get', { id: ids.event })).pinned).toBe(true);
    const later = await post(running.engine.receiverUrl, example('incoming_chat'));
    close();

    await running.stop();
    running = await world.start();
    const again = await connect(running);
    const back = await again.client.call('events.list', {});
    expect(back.items.map((i) => i.id)).toEqual([later, ids.event]);
    expect(back.items[1]!.pinned).toBe(true);
    const record = await again.client.call('events.get', { id: ids.event });
    expect(record.action).toBe('incoming_event');
    again.close();
  });

  it('retention never removes a pinned webhook, also after a restart', async () => {
    const journal = { segmentBytes: 8 * 1024, maxCount: 12 };
    running = await world.start({ journal });
    const url = running.engine.receiverUrl;
    const first = await post(url, withPayload('incoming_event', { event: { type: 'message', text: 'keep me forever' } }));
    const second = await post(url, example('incoming_chat'));
    const { client, close } = await connect(running);
    const removedPushes: string[] = [];
    client.on('events.removed', ({ ids, reason }) => {
      expect(reason).toBe('retention');
      removedPushes.push(...ids);
    });
    await client.call('events.pin', { id: first, pinned: true });
    for (let i = 0; i < 60; i++) await post(url, withPayload('incoming_event', { event: { type: 'message', text: `filler ${i}` } }));
    const list = await client.call('events.list', { limit: 1000 });
    expect(list.total).toBeLessThan(62); // retention did run…
    const ids = list.items.map((i) => i.id);
    expect(ids).not.toContain(second); // …and removed the unpinned neighbour…
    expect(ids).toContain(first); // …but not the pinned one
    // Live clients are told what retention removed, so their lists can drop it too.
    await expect.poll(() => removedPushes.includes(second)).toBe(true);
    expect(removedPushes).not.toContain(first);
    expect(removedPushes.filter((id) => ids.includes(id))).toEqual([]);
    expect((await client.call('events.get', { id: first })).pinned).toBe(true);
    expect((await client.call('events.list', { query: '"keep me forever"' })).items.map((i) => i.id)).toEqual([first]);
    close();

    await running.stop();
    running = await world.start({ journal });
    const again = await connect(running);
    for (let i = 0; i < 30; i++) await post(running.engine.receiverUrl, example('chat_deactivated'));
    const back = await again.client.call('events.list', { query: 'pinned' });
    expect(back.items.map((i) => i.id)).toEqual([first]);
    const record = await again.client.call('events.get', { id: first });
    expect(record.pinned).toBe(true);
    expect(Buffer.from(record.bodyBase64, 'base64').toString()).toContain('keep me forever');
    again.close();
  });

  it('keeps a pinned webhook when retention limits were lowered between runs (retention on open)', async () => {
    running = await world.start({ journal: { segmentBytes: 8 * 1024 } });
    const url = running.engine.receiverUrl;
    const pinnedId = await post(url, withPayload('incoming_event', { event: { type: 'message', text: 'pinned before the limit' } }));
    const plainId = await post(url, example('incoming_chat'));
    for (let i = 0; i < 40; i++) await post(url, withPayload('incoming_event', { event: { type: 'message', text: `filler ${i}` } }));
    const { client, close } = await connect(running);
    await client.call('events.pin', { id: pinnedId, pinned: true });
    close();
    await running.stop();

    running = await world.start({ journal: { segmentBytes: 8 * 1024, maxCount: 5 } });
    const again = await connect(running);
    const ids = (await again.client.call('events.list', { limit: 1000 })).items.map((i) => i.id);
    expect(ids.length).toBeLessThan(20); // retention ran on open…
    expect(ids).not.toContain(plainId);
    expect(ids).toContain(pinnedId); // …and carried the pinned one over
    const record = await again.client.call('events.get', { id: pinnedId });
    expect(Buffer.from(record.bodyBase64, 'base64').toString()).toContain('pinned before the limit');
    again.close();
    await running.stop();
    running = await world.start({ journal: { segmentBytes: 8 * 1024, maxCount: 5 } });
    const third = await connect(running);
    expect((await third.client.call('events.list', { query: 'pinned' })).items.map((i) => i.id)).toEqual([pinnedId]);
    third.close();
  });
});
