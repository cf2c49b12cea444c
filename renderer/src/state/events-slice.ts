import type { WebhookSummary } from '@shared/model/webhook';
import type { AppState, EventsSlice } from './app-state';
import { maxSeq, mergeNewestFirst, withActions } from './event-order';
import { filterParams, filterWords, matchesFilter, type ActiveFilter } from './filter-match';
import type { SliceKit } from './slice-kit';

/** The contract's maximum page size; catch-up pages are as large as allowed to need few round trips. */
const CATCH_UP_LIMIT = 1000;

export interface EventsSliceHandle {
  state: EventsSlice;
  /** Applies one frame's worth of `event.captured` pushes as a single state update. */
  applyCaptured(batch: readonly WebhookSummary[]): void;
  /** Handles the `events.cleared` push. */
  applyCleared(): void;
  /** The link went down: remember where the gap starts, before later pushes move `lastSeq` past it. */
  linkDown(): void;
  /** After a WebSocket reconnect: fetch what was captured while the link was down. */
  catchUpAfterReconnect(): Promise<void>;
  stop(): void;
}

function activeFilter(s: AppState): ActiveFilter {
  return { text: s.filterText, actions: s.filterActions };
}

export function createEventsSlice(kit: SliceKit): EventsSliceHandle {
  const { client, set, get, tuning, internals } = kit;
  let clearedPushes = 0;
  let recheckTimer: ReturnType<typeof setTimeout> | undefined;
  let recheckFromSeq: number | undefined;
  let catchUpChain: Promise<void> = Promise.resolve();
  let gapFromSeq: number | undefined;

  /** Merges items fetched from the engine (already filtered by it) into the current list. */
  function mergeFetched(items: readonly WebhookSummary[], headSeq: number): void {
    set((s) => {
      const merged = mergeNewestFirst(s.events, items, internals.knownIds);
      const added = merged ? merged.length - s.events.length : 0;
      return {
        events: merged ?? s.events,
        matchingTotal: s.matchingTotal + added,
        lastSeq: maxSeq(items, Math.max(s.lastSeq, headSeq)),
        knownActions: withActions(s.knownActions, items),
      };
    });
  }

  /**
   * Pages forward from `afterSeq` (oldest first) until the engine says there is no more. Returns 'reset' when the
   * engine's history is behind what we knew (it was cleared or replaced while we were away).
   */
  async function fetchAfter(afterSeq: number): Promise<'done' | 'stale' | 'reset'> {
    const generation = internals.listGeneration;
    const filter = activeFilter(get());
    let after = afterSeq;
    for (;;) {
      const page = await client.call('events.list', { afterSeq: after, limit: CATCH_UP_LIMIT, ...filterParams(filter) });
      if (generation !== internals.listGeneration) return 'stale';
      if (page.headSeq < after) return 'reset';
      const next = maxSeq(page.items, after);
      mergeFetched(page.items, page.hasMore ? next : page.headSeq);
      if (!page.hasMore || next <= after) return 'done';
      after = next;
    }
  }

  // A text filter also matches body text, which a pushed summary does not carry: misses are re-asked of the engine.
  function scheduleTextRecheck(fromSeq: number): void {
    recheckFromSeq = Math.min(recheckFromSeq ?? fromSeq, fromSeq);
    if (recheckTimer !== undefined) return;
    recheckTimer = setTimeout(() => {
      recheckTimer = undefined;
      const from = recheckFromSeq;
      recheckFromSeq = undefined;
      if (from === undefined || filterWords(get().filterText).length === 0) return;
      fetchAfter(from).then(
        (outcome) => {
          if (outcome === 'reset') void get().reloadEvents();
        },
        (err: unknown) => get().reportError('Filtering new webhooks', err),
      );
    }, tuning.filterDebounceMs);
  }

  function cancelTextRecheck(): void {
    if (recheckTimer !== undefined) clearTimeout(recheckTimer);
    recheckTimer = undefined;
    recheckFromSeq = undefined;
  }

  function applyCaptured(batch: readonly WebhookSummary[]): void {
    internals.pushesDuringReload?.push(...batch);
    let recheckFrom: number | undefined;
    set((s) => {
      const filter = activeFilter(s);
      const textActive = filterWords(filter.text).length > 0;
      const matching: WebhookSummary[] = [];
      const seenInBatch = new Set<string>();
      let newInHistory = 0;
      for (const item of batch) {
        if (seenInBatch.has(item.id)) continue;
        seenInBatch.add(item.id);
        if (item.seq > s.lastSeq) newInHistory += 1;
        if (matchesFilter(item, filter)) matching.push(item);
        else if (textActive) recheckFrom = Math.min(recheckFrom ?? item.seq - 1, item.seq - 1);
      }
      const merged = mergeNewestFirst(s.events, matching, internals.knownIds);
      const added = merged ? merged.length - s.events.length : 0;
      return {
        events: merged ?? s.events,
        matchingTotal: s.matchingTotal + added,
        historyCount: s.historyCount + newInHistory,
        lastSeq: maxSeq(batch, s.lastSeq),
        knownActions: withActions(s.knownActions, batch),
      };
    });
    if (recheckFrom !== undefined) scheduleTextRecheck(recheckFrom);
  }

  function applyCleared(): void {
    clearedPushes += 1;
    internals.listGeneration += 1;
    internals.knownIds.clear();
    internals.pushesDuringReload = undefined;
    cancelTextRecheck();
    void get().select(undefined);
    set((s) => ({
      events: [],
      eventsEpoch: s.eventsEpoch + 1,
      matchingTotal: 0,
      hasOlder: false,
      loadingEvents: false,
      loadingOlder: false,
      historyCount: 0,
      // Chips for actions that no longer exist go, except those the user has switched on.
      knownActions: [...s.filterActions],
      // The engine may restart its seq after a clear; 0 makes any later seq count as new.
      lastSeq: 0,
    }));
  }

  async function reloadEvents(): Promise<boolean> {
    const generation = ++internals.listGeneration;
    const filter = activeFilter(get());
    const during: WebhookSummary[] = [];
    internals.pushesDuringReload = during;
    cancelTextRecheck();
    set({ loadingEvents: true, loadingOlder: false });
    try {
      const page = await client.call('events.list', { limit: tuning.pageSize, ...filterParams(filter) });
      if (generation !== internals.listGeneration) return false;
      const known = new Set<string>();
      const fromPage = mergeNewestFirst([], page.items, known) ?? [];
      const live = during.filter((item) => item.seq > page.headSeq && matchesFilter(item, filter));
      const events = mergeNewestFirst(fromPage, live, known) ?? fromPage;
      internals.knownIds = known;
      const unfiltered = filter.actions.length === 0 && filterWords(filter.text).length === 0;
      set((s) => ({
        events,
        eventsEpoch: s.eventsEpoch + 1,
        matchingTotal: page.total + (events.length - fromPage.length),
        hasOlder: page.hasMore,
        loadingEvents: false,
        eventsLoaded: true,
        lastSeq: maxSeq(events, Math.max(s.lastSeq, page.headSeq)),
        knownActions: withActions(s.knownActions, events),
        // Unfiltered, the page's total is the history size; it corrects any drift in the live count.
        historyCount: unfiltered ? page.total + (events.length - fromPage.length) : s.historyCount,
      }));
      return true;
    } catch (err) {
      if (generation === internals.listGeneration) set({ loadingEvents: false });
      get().reportError('Loading webhooks', err);
      return false;
    } finally {
      if (internals.pushesDuringReload === during) internals.pushesDuringReload = undefined;
    }
  }

  async function loadOlder(): Promise<boolean> {
    const s = get();
    if (s.loadingOlder || s.loadingEvents || !s.hasOlder || s.events.length === 0) return false;
    const generation = internals.listGeneration;
    const oldest = s.events[s.events.length - 1]!.seq;
    set({ loadingOlder: true });
    try {
      const page = await client.call('events.list', {
        beforeSeq: oldest,
        limit: tuning.pageSize,
        ...filterParams(activeFilter(s)),
      });
      if (generation !== internals.listGeneration) return false;
      set((cur) => {
        const merged = mergeNewestFirst(cur.events, page.items, internals.knownIds);
        return {
          events: merged ?? cur.events,
          hasOlder: page.hasMore,
          loadingOlder: false,
          knownActions: withActions(cur.knownActions, page.items),
        };
      });
      return true;
    } catch (err) {
      if (generation === internals.listGeneration) set({ loadingOlder: false });
      get().reportError('Loading older webhooks', err);
      return false;
    }
  }

  async function clearHistory(): Promise<boolean> {
    const before = clearedPushes;
    try {
      await client.call('events.clear', {});
    } catch (err) {
      get().reportError('Clearing history', err);
      return false;
    }
    // The engine announces a clear with a push, which normally arrives before this answer; applying the clear again
    // would drop webhooks captured right after it. Only apply it here if the push did not come.
    if (clearedPushes === before) applyCleared();
    return true;
  }

  async function catchUp(from: number): Promise<void> {
    // Never loaded (the first connection failed): the first page is still to come and covers everything.
    if (!get().eventsLoaded) return;
    try {
      const outcome = await fetchAfter(from);
      if (outcome === 'reset') {
        await get().reloadEvents();
        await get().refreshReceiver();
        return;
      }
    } catch (err) {
      // The gap is still open; the next reconnect starts from here again.
      gapFromSeq = Math.min(gapFromSeq ?? from, from);
      get().reportError('Catching up after reconnect', err);
      return;
    }
    const info = await get().refreshReceiver();
    // A clear while we were away leaves seq running on but history smaller than what we show: start over.
    if (info && info.count < get().events.length) await get().reloadEvents();
  }

  return {
    state: {
      events: [],
      eventsEpoch: 0,
      matchingTotal: 0,
      hasOlder: false,
      loadingEvents: false,
      loadingOlder: false,
      eventsLoaded: false,
      lastSeq: 0,
      knownActions: [],
      reloadEvents,
      loadOlder,
      clearHistory,
    },
    applyCaptured,
    applyCleared,
    linkDown() {
      if (gapFromSeq === undefined && get().eventsLoaded) gapFromSeq = get().lastSeq;
    },
    catchUpAfterReconnect() {
      // Read now: pushes may arrive as soon as the link is back and move lastSeq past the gap.
      const from = gapFromSeq ?? get().lastSeq;
      gapFromSeq = undefined;
      // Reconnects can come in quick succession; catch-ups run one after the other.
      catchUpChain = catchUpChain.then(() => catchUp(from));
      return catchUpChain;
    },
    stop: cancelTextRecheck,
  };
}
