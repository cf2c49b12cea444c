import type { EventsPage } from '@shared/api/contract';
import { AppError } from '@shared/api/errors';
import type { QueryError } from '@shared/query/types';
import type { WebhookSummary } from '@shared/model/webhook';
import type { ActionFacet, AppState, EventsSlice } from './app-state';
import { maxSeq, mergeNewestFirst, withActions } from './event-order';
import { acceptsPushDirectly, filterParams, isQueryActive, type ActiveFilter } from './filter-match';
import { facetQuery } from './query-terms';
import type { SliceKit } from './slice-kit';

/** The contract's maximum page size; catch-up pages are as large as allowed to need few round trips. */
const CATCH_UP_LIMIT = 1000;

export interface EventsSliceHandle {
  state: EventsSlice;
  /** Applies one frame's worth of `event.captured` pushes as a single state update. */
  applyCaptured(batch: readonly WebhookSummary[]): void;
  /** Handles the `events.cleared` push. */
  applyCleared(): void;
  /** Handles the `events.removed` push (retention dropped the oldest webhooks). */
  applyRemoved(ids: readonly string[]): void;
  /** Handles the `events.held` push (how many webhooks a flood holds back from analysis). */
  applyHeld(held: number): void;
  /** The link went down: remember where the gap starts, before later pushes move `lastSeq` past it. */
  linkDown(): void;
  /** After a WebSocket reconnect: fetch what was captured while the link was down. */
  catchUpAfterReconnect(): Promise<void>;
  stop(): void;
}

/**
 * The engine refused the query (`bad_request` with the offsets of the problem): that belongs under the filter input,
 * where it was typed, not in the error banner.
 */
function queryRefusal(err: unknown): QueryError | undefined {
  if (!(err instanceof AppError) || err.code !== 'bad_request') return undefined;
  const d = err.detail as { start?: unknown; end?: unknown } | undefined;
  if (typeof d?.start !== 'number' || typeof d.end !== 'number') return undefined;
  return { message: err.message, start: d.start, end: d.end };
}

function activeFilter(s: AppState): ActiveFilter {
  return { query: s.appliedQuery, groupRetries: s.groupRetries };
}

/** Facets counted locally for pushes taken without asking the engine (no query: every webhook matches). */
function withCounted(facets: readonly ActionFacet[], items: readonly WebhookSummary[]): readonly ActionFacet[] {
  if (items.length === 0) return facets;
  const counts = new Map(facets.map((f) => [f.action, f.count]));
  for (const item of items) counts.set(item.action ?? '', (counts.get(item.action ?? '') ?? 0) + 1);
  return [...counts].map(([action, count]) => ({ action, count })).sort((a, b) => b.count - a.count || a.action.localeCompare(b.action));
}

/** Grouped retries: each retry bumps its first delivery's attempt count instead of adding a row. */
function withRetriesCounted(events: readonly WebhookSummary[], retries: readonly WebhookSummary[]): readonly WebhookSummary[] {
  if (retries.length === 0) return events;
  const bump = new Map<string, number>();
  for (const r of retries) bump.set(r.retryOf!, (bump.get(r.retryOf!) ?? 0) + 1);
  let changed = false;
  const next = events.map((e) => {
    const n = bump.get(e.id);
    if (n === undefined) return e;
    changed = true;
    return { ...e, attempts: (e.attempts ?? 1) + n };
  });
  return changed ? next : events;
}

export function createEventsSlice(kit: SliceKit): EventsSliceHandle {
  const { client, set, get, tuning, internals } = kit;
  let clearedPushes = 0;
  let recheckTimer: ReturnType<typeof setTimeout> | undefined;
  let recheckFromSeq: number | undefined;
  let liveRefreshRunning = false;
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

  /**
   * The list's total and the facets for the applied query, from the engine. Facets are counted without the query's
   * own action terms (a second call) so the other actions stay offered with their counts.
   */
  async function countsFor(filter: ActiveFilter, page?: EventsPage): Promise<{ total: number; facets: readonly ActionFacet[] }> {
    const stripped = facetQuery(filter.query);
    const base = filterParams(filter);
    const [main, forFacets] = await Promise.all([
      page ?? client.call('events.list', { limit: 1, ...base, facets: stripped === undefined }),
      stripped === undefined
        ? undefined
        : client.call('events.list', { limit: 1, ...filterParams({ ...filter, query: stripped }), facets: true }),
    ]);
    return { total: main.total, facets: (forFacets ?? main).facets ?? [] };
  }

  // With a query, the engine decides what a new webhook matches (it searches bodies): new pushes make the list,
  // its total and its facets be asked again, at most once per `filterDebounceMs` and never two at a time.
  function scheduleLiveRefresh(fromSeq: number): void {
    recheckFromSeq = Math.min(recheckFromSeq ?? fromSeq, fromSeq);
    if (recheckTimer !== undefined || liveRefreshRunning) return;
    recheckTimer = setTimeout(() => {
      recheckTimer = undefined;
      void runLiveRefresh();
    }, tuning.filterDebounceMs);
  }

  async function runLiveRefresh(): Promise<void> {
    const from = recheckFromSeq;
    recheckFromSeq = undefined;
    if (from === undefined || !isQueryActive(activeFilter(get()))) return;
    const generation = internals.listGeneration;
    liveRefreshRunning = true;
    try {
      const outcome = await fetchAfter(from);
      if (outcome === 'reset') {
        void get().reloadEvents();
        return;
      }
      if (outcome === 'stale') return;
      const counts = await countsFor(activeFilter(get()));
      if (generation === internals.listGeneration) set({ matchingTotal: counts.total, facets: counts.facets });
    } catch (err) {
      get().reportError('Filtering new webhooks', err);
    } finally {
      liveRefreshRunning = false;
      if (recheckFromSeq !== undefined) scheduleLiveRefresh(recheckFromSeq);
    }
  }

  function cancelTextRecheck(): void {
    if (recheckTimer !== undefined) clearTimeout(recheckTimer);
    recheckTimer = undefined;
    recheckFromSeq = undefined;
  }

  function applyCaptured(batch: readonly WebhookSummary[]): void {
    internals.pushesDuringReload?.push(...batch);
    let refreshFrom: number | undefined;
    set((s) => {
      const filter = activeFilter(s);
      const matching: WebhookSummary[] = [];
      const retries: WebhookSummary[] = [];
      const seenInBatch = new Set<string>();
      let newInHistory = 0;
      for (const item of batch) {
        if (seenInBatch.has(item.id)) continue;
        seenInBatch.add(item.id);
        if (item.seq > s.lastSeq) newInHistory += 1;
        if (acceptsPushDirectly(item, filter)) matching.push(item);
        else if (isQueryActive(filter)) refreshFrom = Math.min(refreshFrom ?? item.seq - 1, item.seq - 1);
        else retries.push(item);
      }
      const merged = mergeNewestFirst(s.events, matching, internals.knownIds);
      const added = merged ? merged.length - s.events.length : 0;
      const fresh = merged ? merged.slice(0, added) : [];
      return {
        events: withRetriesCounted(merged ?? s.events, retries),
        matchingTotal: s.matchingTotal + added,
        historyCount: s.historyCount + newInHistory,
        lastSeq: maxSeq(batch, s.lastSeq),
        knownActions: withActions(s.knownActions, batch),
        facets: isQueryActive(filter) ? s.facets : withCounted(s.facets, fresh),
      };
    });
    if (refreshFrom !== undefined) scheduleLiveRefresh(refreshFrom);
    get().refreshHistogram();
  }

  function applyRemoved(ids: readonly string[]): void {
    const gone = new Set(ids);
    for (const id of ids) internals.knownIds.delete(id);
    const selected = get().selectedId;
    if (selected !== undefined && gone.has(selected)) void get().select(undefined);
    set((s) => {
      const events = s.events.filter((e) => !gone.has(e.id));
      const dropped = s.events.length - events.length;
      return { events, matchingTotal: Math.max(0, s.matchingTotal - dropped), historyCount: Math.max(0, s.historyCount - ids.length) };
    });
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
      knownActions: [],
      facets: [],
      histogram: undefined,
      // The engine may restart its seq after a clear; 0 makes any later seq count as new.
      lastSeq: 0,
    }));
    // Pinned webhooks survive a clear: ask what is left (and its count) rather than assume nothing is.
    void get().reloadEvents();
    void get().refreshReceiver();
  }

  async function reloadEvents(): Promise<boolean> {
    const generation = ++internals.listGeneration;
    const filter = activeFilter(get());
    const during: WebhookSummary[] = [];
    internals.pushesDuringReload = during;
    cancelTextRecheck();
    set({ loadingEvents: true, loadingOlder: false });
    get().refreshHistogram();
    try {
      const stripped = facetQuery(filter.query);
      const first = client.call('events.list', { limit: tuning.pageSize, ...filterParams(filter), facets: stripped === undefined });
      const [page, counts] = await Promise.all([first, first.then((p) => countsFor(filter, p))]);
      if (generation !== internals.listGeneration) return false;
      const known = new Set<string>();
      const fromPage = mergeNewestFirst([], page.items, known) ?? [];
      const live = during.filter((item) => item.seq > page.headSeq && acceptsPushDirectly(item, filter));
      const racedRetries = during.filter(
        (item) => item.seq > page.headSeq && !isQueryActive(filter) && !acceptsPushDirectly(item, filter),
      );
      const events = withRetriesCounted(mergeNewestFirst(fromPage, live, known) ?? fromPage, racedRetries);
      internals.knownIds = known;
      const unfiltered = !isQueryActive(filter) && !filter.groupRetries;
      // With a query, pushes that raced the first page are asked of the engine like any later push.
      const raced = during.filter((item) => item.seq > page.headSeq);
      if (isQueryActive(filter) && raced.length > 0) scheduleLiveRefresh(page.headSeq);
      set((s) => ({
        events,
        eventsEpoch: s.eventsEpoch + 1,
        matchingTotal: counts.total + (events.length - fromPage.length),
        facets: isQueryActive(filter) ? counts.facets : withCounted(counts.facets, live),
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
      if (generation !== internals.listGeneration) return false;
      const refusal = queryRefusal(err);
      // Shown where it was typed when the query is still the one in the input (offsets refer to its text).
      if (refusal !== undefined && get().filterQuery.trim() === filter.query) {
        set({ loadingEvents: false, queryError: refusal });
        return false;
      }
      set({ loadingEvents: false });
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
      heldCount: 0,
      reloadEvents,
      loadOlder,
      clearHistory,
    },
    applyCaptured,
    applyCleared,
    applyHeld: (held) => set({ heldCount: held }),
    applyRemoved,
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
