/** Schedules one callback before the next paint. */
export type FrameScheduler = (callback: () => void) => void;

/**
 * requestAnimationFrame when there is one. A hidden tab never runs animation frames, so it falls back to a timer
 * there (browsers throttle it to about once a second, which is plenty when nobody is looking).
 */
export function defaultFrameScheduler(): FrameScheduler {
  const hasRaf = typeof requestAnimationFrame === 'function';
  return (callback) => {
    const hidden = typeof document !== 'undefined' && document.visibilityState === 'hidden';
    if (hasRaf && !hidden) requestAnimationFrame(() => callback());
    else setTimeout(callback, 16);
  };
}

export interface FrameBatcher<T> {
  push(item: T): void;
  /**
   * Forgets buffered items: those `which` picks, or all of them (history was cleared: those webhooks no longer exist;
   * a fresher answer arrived: those statuses are out of date).
   */
  drop(which?: (item: T) => boolean): void;
  /** Stops for good; a frame already scheduled does nothing. */
  stop(): void;
}

/**
 * Buffers items and hands them to `flush` once per frame, so a burst of pushes costs one store update and one render
 * instead of one per webhook.
 */
export function createFrameBatcher<T>(flush: (batch: T[]) => void, schedule: FrameScheduler): FrameBatcher<T> {
  let buffer: T[] = [];
  let scheduled = false;
  let stopped = false;

  function run(): void {
    scheduled = false;
    if (stopped || buffer.length === 0) return;
    const batch = buffer;
    buffer = [];
    flush(batch);
  }

  return {
    push(item) {
      if (stopped) return;
      buffer.push(item);
      if (!scheduled) {
        scheduled = true;
        schedule(run);
      }
    },
    drop(which) {
      buffer = which ? buffer.filter((item) => !which(item)) : [];
    },
    stop() {
      stopped = true;
      buffer = [];
    },
  };
}
