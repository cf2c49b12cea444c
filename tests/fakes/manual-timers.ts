import type { Clock } from '../../electron/engine/ports';
import type { Timers } from '../../electron/engine/tunnel/tunnel-supervisor';

/**
 * Timers and a clock that move only when a test says so. `advance(ms)` runs every timer that falls due, in time order,
 * with the clock set to each one's due time; `pending` tells whether anything is left scheduled.
 */
export class ManualTimers implements Timers {
  private current = 0;
  private seq = 0;
  private readonly tasks = new Map<number, { at: number; fn: () => void }>();

  readonly clock: Clock = { now: () => this.current };

  constructor(startAt = Date.UTC(2026, 0, 1)) {
    this.current = startAt;
  }

  get now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.tasks.set(id, { at: this.current + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.tasks.delete(handle as number);
  }

  /** Number of timers still scheduled. */
  get pending(): number {
    return this.tasks.size;
  }

  /** How far ahead each scheduled timer is, soonest first. */
  delays(): number[] {
    return [...this.tasks.values()].map((t) => t.at - this.current).sort((a, b) => a - b);
  }

  /**
   * Moves the clock by `ms`, firing each timer that falls due in time order, and lets the promise chains each one
   * starts settle before the next fires (as the event loop would: a deadline must not overtake an answer that came first).
   */
  async advance(ms: number): Promise<void> {
    const end = this.current + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.tasks) if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.tasks.delete(next[0]);
      this.current = next[1].at;
      next[1].fn();
      await settle();
    }
    this.current = end;
    await settle();
  }
}

/** Lets promise chains started by timers or events settle (several turns, since they hop through a few `then`s). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
