import type { Clock } from '../ports';
import type { ForcedError } from './types';

/**
 * Failures on demand: `failNext` (tests force an answer such as `too_many_requests` or `misdirected_request`) and
 * an optional rate limit. LiveChat publishes no numbers for the Configuration API (reference §8), so the sandbox
 * limits only when told to — never by surprise.
 */
export class Faults {
  private readonly forced = new Map<string, Array<{ error: ForcedError; times: number }>>();
  private recent: number[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly perSecond: number | undefined,
  ) {}

  failNext(method: string, error: ForcedError, times = 1): void {
    if (!Number.isInteger(times) || times < 1) throw new Error(`failNext: times must be a positive integer, got ${times}`);
    const queue = this.forced.get(method) ?? [];
    queue.push({ error, times });
    this.forced.set(method, queue);
  }

  /** The error to answer the next call of `method` with, if one is queued (each queued entry counts down). */
  take(method: string): ForcedError | undefined {
    const queue = this.forced.get(method);
    const head = queue?.[0];
    if (queue === undefined || head === undefined) return undefined;
    head.times -= 1;
    if (head.times === 0) queue.shift();
    return head.error;
  }

  /** Counts a request; true when it goes over `perSecond` within the last second. */
  overLimit(): boolean {
    if (this.perSecond === undefined) return false;
    const now = this.clock.now();
    this.recent = this.recent.filter((t) => now - t < 1000);
    if (this.recent.length >= this.perSecond) return true;
    this.recent.push(now);
    return false;
  }
}
