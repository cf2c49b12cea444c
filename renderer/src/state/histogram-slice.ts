import type { HistogramSlice } from './app-state';
import { isQueryActive } from './filter-match';
import type { SliceKit } from './slice-kit';

/** Bars in the list header's chart. */
export const HISTOGRAM_BUCKETS = 60;
/** A live stream of webhooks redraws the chart at most this often. */
const MIN_INTERVAL_MS = 1000;

export interface HistogramSliceHandle {
  state: HistogramSlice;
  stop(): void;
}

/**
 * The chart follows the list's query. Asking is throttled: one call in flight, and a request made meanwhile runs once
 * after it (not once per push), no sooner than MIN_INTERVAL_MS after the previous one started.
 */
export function createHistogramSlice({ client, set, get }: SliceKit): HistogramSliceHandle {
  let inFlight = false;
  let queued = false;
  let lastStart = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  async function run(): Promise<void> {
    inFlight = true;
    queued = false;
    lastStart = Date.now();
    const query = get().appliedQuery;
    try {
      const histogram = await client.call('events.histogram', {
        buckets: HISTOGRAM_BUCKETS,
        ...(isQueryActive({ query }) ? { query } : {}),
      });
      // An answer for a query the user has since changed is dropped; the queued call covers the new one.
      if (!stopped && query === get().appliedQuery) set({ histogram });
    } catch (err) {
      get().reportError('Drawing the chart', err);
    } finally {
      inFlight = false;
      if (queued && !stopped) request();
    }
  }

  function request(): void {
    if (stopped) return;
    if (inFlight || timer !== undefined) {
      queued = true;
      return;
    }
    const wait = lastStart + MIN_INTERVAL_MS - Date.now();
    if (wait <= 0) {
      void run();
      return;
    }
    timer = setTimeout(() => {
      timer = undefined;
      void run();
    }, wait);
  }

  return {
    state: { histogram: undefined, refreshHistogram: request },
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
