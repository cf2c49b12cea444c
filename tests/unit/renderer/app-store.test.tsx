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

  it('adds only pushes that match the active action filter', async () => {
    const { store, transport, frames } = await started([], { filterDebounceMs: 0 });
    vi.useFakeTimers();
    store.getState().toggleFilterAction('chat_deactivated');
    await vi.runAllTimersAsync();
    vi.useRealTimers();
    expect(transport.callsOf('events.list').at(-1)).toMatchObject({ actions: ['chat_deactivated'] });

    transport.capture(makeWebhook(1, { action: 'incoming_chat' }));
    transport.capture(makeWebhook(2, { action: 'chat_deactivated' }));
    frames.flush();
    expect(store.getState().events.map((e) => e.seq)).toEqual([2]);
    // Still counted in history, and its action offered as a chip.
    expect(store.getState().historyCount).toBe(2);
    expect(store.getState().knownActions).toEqual(['chat_deactivated', 'incoming_chat']);
  });

  it('matches a text filter case-insensitively and asks the engine about pushes it cannot match itself', async () => {
    vi.useFakeTimers();
    const { store, transport, frames } = await started([]);
    store.getState().setFilterText('chat42');
    await vi.advanceTimersByTimeAsync(149);
    expect(transport.callsOf('events.list')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(transport.callsOf('events.list').at(-1)).toMatchObject({ text: 'chat42' });

    transport.capture(makeWebhook(1, { chatId: 'CHAT42' }));
    transport.capture(makeWebhook(2, { chatId: 'OTHER' }));
    // Only the body mentions it: the store cannot see that, the engine can.
    transport.capture(makeWebhook(3, { chatId: 'OTHER', json: { action: 'incoming_event', note: 'about chat42' } }));
    frames.flush();
    expect(store.getState().events.map((e) => e.seq)).toEqual([1]);

    await vi.advanceTimersByTimeAsync(150);
    expect(transport.callsOf('events.list').at(-1)).toMatchObject({ afterSeq: 1, text: 'chat42' });
    expect(store.getState().events.map((e) => e.seq)).toEqual([3, 1]);
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
