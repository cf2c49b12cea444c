/**
 * LiveChat retries a delivery that did not get a 200 in time, with the same body (same `webhook_id`, same bytes).
 * Deliveries with the same `webhook_id` and body hash within RETRY_WINDOW_MS of the group's last delivery are
 * attempts of one webhook. The same rule runs at capture (so the journal record carries `retryOf`/`attempt`) and on
 * read-back (so history written by older versions, or thinned by retention, is grouped the same way).
 */

/** LiveChat retries within about a minute; five minutes leaves room for slow answers and clock skew. */
export const RETRY_WINDOW_MS = 5 * 60_000;

export interface RetryGroup {
  /** Id of the first delivery. */
  headId: string;
  /** Ids of every delivery, first first. Some may have left history since (retention, clear). */
  ids: string[];
  lastAtMs: number;
}

/** Groups that can still take a delivery are kept in a map; sweeping it keeps memory bounded by the window. */
const SWEEP_AT = 4096;

export class RetryGroups {
  private readonly open = new Map<string, RetryGroup>();
  private newestAtMs = 0;
  private sweepAt = SWEEP_AT;

  /**
   * Records a delivery. O(1): this runs on the receiver's path. Returns undefined for bodies without a webhook id
   * (not a LiveChat delivery, nothing to group), else its group and its attempt number (1 = first delivery).
   */
  register(id: string, webhookId: string | undefined, bodySha256: string, atMs: number): { group: RetryGroup; attempt: number } | undefined {
    if (webhookId === undefined || webhookId === '') return undefined;
    const key = `${webhookId}\n${bodySha256}`;
    if (atMs > this.newestAtMs) this.newestAtMs = atMs;
    const found = this.open.get(key);
    if (found && Math.abs(atMs - found.lastAtMs) <= RETRY_WINDOW_MS) {
      found.ids.push(id);
      found.lastAtMs = Math.max(found.lastAtMs, atMs);
      return { group: found, attempt: found.ids.length };
    }
    const group: RetryGroup = { headId: id, ids: [id], lastAtMs: atMs };
    this.open.set(key, group);
    if (this.open.size >= this.sweepAt) this.sweep();
    return { group, attempt: 1 };
  }

  clear(): void {
    this.open.clear();
    this.newestAtMs = 0;
    this.sweepAt = SWEEP_AT;
  }

  /** Forgets groups whose window has passed; amortised O(1) because the next sweep waits for twice the survivors. */
  private sweep(): void {
    const limit = this.newestAtMs - RETRY_WINDOW_MS;
    for (const [key, group] of this.open) if (group.lastAtMs < limit) this.open.delete(key);
    this.sweepAt = Math.max(SWEEP_AT, this.open.size * 2);
  }
}
