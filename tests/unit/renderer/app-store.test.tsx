// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toSummary } from '@shared/model/webhook';
import { createHarness } from './render-app';
import { makeWebhook, makeWebhooks } from './fake-transport';

const stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  vi.useRealTimers();
});

async function started(...args: Parameters<typeof createHarness>) {
  const h = createHarness(...args);
  stops.push(() => h.store.getState().stop());
  await h.store.getState().start();
  return h;
}

describe('app store', () => {
  it('loads receiver info and the first page, newest first', async () => {
    const { store, transport } = await started(makeWebhooks(5));
    const s = store.getState();
    expect(s.events.map((e) => e.seq)).toEqual([5, 4, 3, 2, 1]);
    expect(s.receiver?.localUrl).toBe(transport.receiverUrl);
    expect(s.historyCount).toBe(5);
    expect(s.eventsLoaded).toBe(true);
    expect(s.knownActions).toEqual(['incoming_chat']);
    expect(s.facets).toEqual([{ action: 'incoming_chat', count: 5 }]);
  });

  it('applies a burst of 100 pushes as one state update, on the next frame', async () => {
    const { store, transport, frames } = await started();
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);

    for (const w of makeWebhooks(100)) transport.capture(w);
    expect(listener).not.toHaveBeenCalled();
    expect(frames.pending).toBe(1);

    frames.flush();
    unsubscribe();
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.getState().events).toHaveLength(100);
    expect(store.getState().events[0]!.seq).toBe(100);
    expect(store.getState().historyCount).toBe(100);
  });

  it('dedupes by id: a repeated push and a push of an already loaded item are ignored', async () => {
    const { store, transport, frames } = await started(makeWebhooks(3));
    const again = makeWebhook(4);
    transport.capture(again);
    transport.emit('event.captured', toSummary(again));
    transport.emit('event.captured', toSummary(makeWebhook(2)));
    frames.flush();
    expect(store.getState().events.map((e) => e.id)).toEqual([4, 3, 2, 1].map((n) => makeWebhook(n).id));
    expect(store.getState().historyCount).toBe(4);
  });

  it('filters on an action: pushes are checked with the engine, which answers with matches, total and facets', async () => {
    vi.useFakeTimers();
    const { store, transport, frames } = await started([makeWebhook(1), makeWebhook(2, { action: 'chat_deactivated' })]);
    store.getState().toggleFilterAction('chat_deactivated');
    expect(store.getState().filterQuery).toBe('action:chat_deactivated');
    await vi.advanceTimersByTimeAsync(150);
    expect(transport.callsOf('events.list').some((p) => p.query === 'action:chat_deactivated' && p.facets === false)).toBe(true);
    expect(store.getState().events.map((e) => e.seq)).toEqual([2]);
    expect(store.getState().matchingTotal).toBe(1);
    // Facets are counted without the action term, so the other action stays offered with its count.
    expect(store.getState().facets).toEqual([
      { action: 'chat_deactivated', count: 1 },
      { action: 'incoming_chat', count: 1 },
    ]);

    transport.capture(makeWebhook(3, { action: 'incoming_chat' }));
    transport.capture(makeWebhook(4, { action: 'chat_deactivated' }));
    frames.flush();
    // Not taken on trust: nothing changes until the engine has been asked.
    expect(store.getState().events.map((e) => e.seq)).toEqual([2]);
    expect(store.getState().historyCount).toBe(4);
    await vi.advanceTimersByTimeAsync(150);
    expect(store.getState().events.map((e) => e.seq)).toEqual([4, 2]);
    expect(store.getState().matchingTotal).toBe(2);
    expect(store.getState().facets).toEqual([
      { action: 'chat_deactivated', count: 2 },
      { action: 'incoming_chat', count: 2 },
    ]);

    // Clicking the active facet again drops the filter.
    store.getState().toggleFilterAction('chat_deactivated');
    expect(store.getState().filterQuery).toBe('');
    await vi.advanceTimersByTimeAsync(150);
    expect(store.getState().events).toHaveLength(4);
  });

  it('finds body text through the engine, and refreshes at most once per debounce for a burst of pushes', async () => {
    vi.useFakeTimers();
    const { store, transport, frames } = await started([]);
    store.getState().setFilterQuery('chat42');
    await vi.advanceTimersByTimeAsync(149);
    expect(transport.callsOf('events.list')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(transport.callsOf('events.list').at(-1)).toMatchObject({ query: 'chat42' });

    transport.capture(makeWebhook(1, { chatId: 'CHAT42' }));
    transport.capture(makeWebhook(2, { chatId: 'OTHER' }));
    // Only the body mentions it: the store cannot see that, the engine can.
    transport.capture(makeWebhook(3, { chatId: 'OTHER', json: { action: 'incoming_event', note: 'about chat42' } }));
    frames.flush();
    const before = transport.callsOf('events.list').length;
    for (const w of makeWebhooks(20, 4)) transport.capture(w);
    frames.flush();
    await vi.advanceTimersByTimeAsync(150);
    const refreshes = transport.callsOf('events.list').slice(before);
    // One catch-up page from the first unseen seq, and one count/facets call: not one per push.
    expect(refreshes.filter((p) => p.afterSeq !== undefined)).toEqual([expect.objectContaining({ afterSeq: 0, query: 'chat42' })]);
    expect(refreshes).toHaveLength(2);
    expect(store.getState().events.map((e) => e.seq)).toEqual([3, 1]);
    expect(store.getState().matchingTotal).toBe(2);
  });

  it('marks a query that does not parse where it was typed, and does not ask the engine', async () => {
    vi.useFakeTimers();
    const { store, transport } = await started(makeWebhooks(2));
    store.getState().setFilterQuery('action:incoming_chat "unclosed');
    await vi.advanceTimersByTimeAsync(500);
    const error = store.getState().queryError;
    expect(error).toBeDefined();
    expect(error!.start).toBeGreaterThanOrEqual(20);
    expect(error!.message.length).toBeGreaterThan(0);
    expect(transport.callsOf('events.list')).toHaveLength(1);
    expect(store.getState().appliedQuery).toBe('');
    store.getState().setFilterQuery('action:incoming_chat "closed"');
    expect(store.getState().queryError).toBeUndefined();
  });

  it('shows a query the engine refuses under the input, not in the error banner', async () => {
    vi.useFakeTimers();
    const { store, transport } = await started(makeWebhooks(2));
    transport.failures.set('events.list', { code: 'bad_request', message: 'too many terms', detail: { start: 0, end: 4 } });
    store.getState().setFilterQuery('chat');
    await vi.advanceTimersByTimeAsync(150);
    expect(store.getState().queryError).toEqual({ message: 'too many terms', start: 0, end: 4 });
    expect(store.getState().errors).toEqual([]);
  });

  it('groups retries: a pushed retry adds to its first delivery\'s count instead of adding a row', async () => {
    const first = makeWebhook(1);
    const { store, transport, frames } = await started([first, makeWebhook(2, { retryOf: first.id, attempt: 2 })]);
    store.getState().setGroupRetries(true);
    await vi.waitFor(() => expect(store.getState().events).toHaveLength(1));
    expect(store.getState().events[0]).toMatchObject({ id: first.id, attempts: 2 });
    expect(transport.callsOf('events.list').at(-1)).toMatchObject({ groupRetries: true });

    transport.capture(makeWebhook(3, { retryOf: first.id, attempt: 3 }));
    frames.flush();
    expect(store.getState().events).toHaveLength(1);
    expect(store.getState().events[0]!.attempts).toBe(3);
    expect(store.getState().historyCount).toBe(3);
  });

  it('asks for the chart at most once per second however many pushes arrive, and once more after them', async () => {
    vi.useFakeTimers();
    const { store, transport, frames } = await started([]);
    await vi.advanceTimersByTimeAsync(1000);
    const before = transport.callsOf('events.histogram').length;
    for (let burst = 0; burst < 10; burst++) {
      for (const w of makeWebhooks(10, 1 + burst * 10)) transport.capture(w);
      frames.flush();
      await vi.advanceTimersByTimeAsync(100);
    }
    // 10 frames of pushes over one second: one call at once, one queued for when the second is up.
    expect(transport.callsOf('events.histogram').length - before).toBeLessThanOrEqual(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(transport.callsOf('events.histogram').length - before).toBe(2);
    const buckets = store.getState().histogram!.buckets;
    expect(buckets.reduce((n, b) => n + b.total, 0)).toBe(100);
  });

  it('drops a row that no longer matches after an update (unpinned under "pinned")', async () => {
    vi.useFakeTimers();
    const { store, transport, frames } = await started([makeWebhook(1, { pinned: true }), makeWebhook(2, { pinned: true }), makeWebhook(3)]);
    store.getState().setFilterQuery('pinned');
    await vi.advanceTimersByTimeAsync(150);
    expect(store.getState().events.map((e) => e.seq)).toEqual([2, 1]);
    await store.getState().pin(makeWebhook(2).id, false);
    frames.flush();
    expect(store.getState().events.map((e) => e.seq)).toEqual([1]);
    expect(store.getState().matchingTotal).toBe(1);
    expect(transport.history.find((w) => w.seq === 2)!.pinned).toBeUndefined();
  });

  it('catches up with afterSeq after a reconnect, page by page, without duplicates', async () => {
    const { store, transport, frames } = await started(makeWebhooks(3));
    transport.drop();
    expect(store.getState().connection).toBe('reconnecting');
    // 1,500 webhooks arrive while the link is down: their pushes are lost.
    for (const w of makeWebhooks(1500, 4)) transport.capture(w);
    transport.reconnect();
    // A push that also comes back in the catch-up pages.
    transport.emit('event.captured', toSummary(transport.history[1000]!));
    frames.flush();
    await vi.waitFor(() => expect(store.getState().events).toHaveLength(1503));

    const catchUps = transport.callsOf('events.list').filter((p) => p.afterSeq !== undefined);
    expect(catchUps[0]).toMatchObject({ afterSeq: 3, limit: 1000 });
    expect(catchUps[1]).toMatchObject({ afterSeq: 1003, limit: 1000 });
    expect(catchUps).toHaveLength(2);
    const ids = store.getState().events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(store.getState().events[0]!.seq).toBe(1503);
    expect(store.getState().connection).toBe('open');
    await vi.waitFor(() => expect(store.getState().historyCount).toBe(1503));
  });

  it('loads older pages with beforeSeq the oldest loaded seq', async () => {
    const { store, transport } = await started(makeWebhooks(250), { pageSize: 100 });
    expect(store.getState().events).toHaveLength(100);
    expect(store.getState().hasOlder).toBe(true);
    await store.getState().loadOlder();
    expect(transport.callsOf('events.list').at(-1)).toMatchObject({ beforeSeq: 151 });
    expect(store.getState().events).toHaveLength(200);
    await store.getState().loadOlder();
    await store.getState().loadOlder();
    expect(store.getState().events).toHaveLength(250);
    expect(store.getState().hasOlder).toBe(false);
    expect(store.getState().events.at(-1)!.seq).toBe(1);
  });

  it('clears the list on the events.cleared push and drops pushes buffered before it', async () => {
    const { store, transport, frames } = await started(makeWebhooks(3));
    await store.getState().select(makeWebhook(2).id);
    transport.capture(makeWebhook(4));
    transport.emit('events.cleared', { removed: 4 });
    transport.capture(makeWebhook(5));
    frames.flush();
    const s = store.getState();
    expect(s.events.map((e) => e.seq)).toEqual([5]);
    expect(s.historyCount).toBe(1);
    expect(s.selectedId).toBeUndefined();
    expect(s.detail.status).toBe('idle');
  });

  it('drops webhooks retention removed (events.removed) from the list, the selection and the counts', async () => {
    const { store, transport, frames } = await started(makeWebhooks(4));
    await store.getState().select(makeWebhook(1).id);
    transport.emit('events.removed', { ids: [makeWebhook(1).id, makeWebhook(2).id], reason: 'retention' });
    frames.flush();
    const s = store.getState();
    expect(s.events.map((e) => e.seq)).toEqual([4, 3]);
    expect(s.historyCount).toBe(2);
    expect(s.matchingTotal).toBe(2);
    expect(s.selectedId).toBeUndefined();
  });

  it('reports a failed call as an error and lets it be dismissed', async () => {
    const { store, transport } = await started(makeWebhooks(1));
    transport.failures.set('events.get', { code: 'not_found', message: 'No such webhook' });
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await store.getState().select('missing');
    consoleError.mockRestore();
    const [error] = store.getState().errors;
    expect(error).toMatchObject({ context: 'Opening webhook', code: 'not_found', message: 'No such webhook' });
    store.getState().dismissError(error!.id);
    expect(store.getState().errors).toHaveLength(0);
  });

  it('moves the selection with selectRelative and loads each detail', async () => {
    const { store } = await started(makeWebhooks(3));
    store.getState().selectRelative(1);
    await vi.waitFor(() => expect(store.getState().detail.status).toBe('loaded'));
    expect(store.getState().selectedId).toBe(makeWebhook(3).id);
    store.getState().selectRelative(1);
    await vi.waitFor(() => expect(store.getState().detail).toMatchObject({ status: 'loaded', id: makeWebhook(2).id }));
    store.getState().selectRelative(-5);
    expect(store.getState().selectedId).toBe(makeWebhook(3).id);
  });
});
