import { LATENCY_BINS_MS, type DeliveryRecord, type TargetLatency } from '@shared/api/domains/delivery';
import { Journal, type JournalEntry } from '../journal/journal';
import type { Logger } from '../ports';

const KIND = 'delivery';

export interface DeliveryLogOptions {
  dir: string;
  logger: Logger;
  /** Deliveries kept in memory and on disk (whole journal segments are dropped past it). Default 20,000. */
  maxCount?: number;
  durable?: boolean;
}

/**
 * Finished deliveries, journaled so timelines survive a restart, and the recent ones in memory for lists and latency
 * histograms. Their own journal (not the webhooks'): retention of thousands of bulk-replay records must never push
 * captured webhooks out, and reading them back must not depend on the webhook store.
 */
export class DeliveryLog {
  private readonly records = new Map<string, DeliveryRecord>();
  private readonly byWebhook = new Map<string, string[]>();
  private readonly maxCount: number;

  private constructor(
    private readonly journal: Journal,
    maxCount: number,
  ) {
    this.maxCount = maxCount;
  }

  static async open(opts: DeliveryLogOptions): Promise<DeliveryLog> {
    const maxCount = opts.maxCount ?? 20_000;
    const loaded: DeliveryRecord[] = [];
    let skipped = 0;
    const journal = await Journal.open(
      { dir: opts.dir, logger: opts.logger, maxCount, segmentBytes: 4 * 1024 * 1024, ...(opts.durable === undefined ? {} : { durable: opts.durable }) },
      ({ entry }) => {
        const r = asRecord(entry);
        if (r) loaded.push(r);
        else skipped++;
      },
    );
    if (skipped > 0) opts.logger.warn({ skipped }, 'delivery journal lines without the expected shape were skipped');
    const log = new DeliveryLog(journal, maxCount);
    for (const r of loaded) log.remember(r);
    return log;
  }

  /** Live (unfinished) deliveries too: lists show them as they run. */
  remember(r: DeliveryRecord): void {
    const before = this.records.get(r.deliveryId);
    this.records.set(r.deliveryId, r);
    // Indexed once it names its webhook (a pass-through delivery learns the webhook's id after it started).
    if (r.webhookId !== undefined && before?.webhookId === undefined) {
      const list = this.byWebhook.get(r.webhookId);
      if (list) list.push(r.deliveryId);
      else this.byWebhook.set(r.webhookId, [r.deliveryId]);
    }
    if (this.records.size > this.maxCount) this.forgetOldest();
  }

  /** Makes a finished delivery durable. */
  async record(r: DeliveryRecord): Promise<void> {
    this.remember(r);
    // Wrapped: a record has a `kind` of its own (forward, replay…).
    await this.journal.append({ kind: KIND, record: r });
  }

  get(id: string): DeliveryRecord | undefined {
    return this.records.get(id);
  }

  list(filter: { webhookId?: string | undefined; targetId?: string | undefined; limit?: number | undefined }): DeliveryRecord[] {
    const limit = filter.limit ?? 200;
    const out: DeliveryRecord[] = [];
    if (filter.webhookId !== undefined) {
      const ids = this.byWebhook.get(filter.webhookId) ?? [];
      for (let i = ids.length - 1; i >= 0 && out.length < limit; i--) {
        const r = this.records.get(ids[i]!);
        if (r && (filter.targetId === undefined || r.targetId === filter.targetId)) out.push(r);
      }
      return out;
    }
    const all = [...this.records.values()];
    for (let i = all.length - 1; i >= 0 && out.length < limit; i--) {
      const r = all[i]!;
      if (filter.targetId === undefined || r.targetId === filter.targetId) out.push(r);
    }
    return out;
  }

  /** Per target (or URL), a latency histogram of every remembered attempt. */
  stats(): TargetLatency[] {
    const groups = new Map<string, { t: TargetLatency; latencies: number[] }>();
    for (const r of this.records.values()) {
      const key = r.targetId ?? r.url;
      let g = groups.get(key);
      if (!g) {
        const t: TargetLatency = { key, url: r.url, bins: new Array<number>(LATENCY_BINS_MS.length + 1).fill(0), timeouts: 0, errors: 0, attempts: 0, ok: 0 };
        if (r.targetId !== undefined) t.targetId = r.targetId;
        g = { t, latencies: [] };
        groups.set(key, g);
      }
      g.t.url = r.url;
      for (const a of r.attempts) {
        g.t.attempts++;
        if (a.ok) g.t.ok++;
        if (a.timedOut) g.t.timeouts++;
        else if (a.status === undefined) g.t.errors++;
        else {
          let bin = LATENCY_BINS_MS.findIndex((edge) => a.latencyMs < edge);
          if (bin === -1) bin = LATENCY_BINS_MS.length;
          g.t.bins[bin]!++;
          g.latencies.push(a.latencyMs);
        }
      }
    }
    return [...groups.values()].map(({ t, latencies }) => {
      if (latencies.length > 0) {
        latencies.sort((a, b) => a - b);
        t.p50Ms = latencies[Math.floor((latencies.length - 1) * 0.5)]!;
        t.p95Ms = latencies[Math.floor((latencies.length - 1) * 0.95)]!;
        t.maxMs = latencies[latencies.length - 1]!;
      }
      return t;
    });
  }

  close(): Promise<void> {
    return this.journal.close();
  }

  private forgetOldest(): void {
    const oldest = this.records.keys().next().value;
    if (oldest === undefined) return;
    const r = this.records.get(oldest)!;
    this.records.delete(oldest);
    if (r.webhookId !== undefined) {
      const ids = this.byWebhook.get(r.webhookId);
      const rest = ids?.filter((id) => id !== oldest) ?? [];
      if (rest.length > 0) this.byWebhook.set(r.webhookId, rest);
      else this.byWebhook.delete(r.webhookId);
    }
  }
}

/** Journal lines are an edge: only well-shaped records come back. */
function asRecord(entry: JournalEntry): DeliveryRecord | undefined {
  if (entry.kind !== KIND) return undefined;
  const e = entry.record as Record<string, unknown> | null;
  if (typeof e !== 'object' || e === null) return undefined;
  if (typeof e.deliveryId !== 'string' || typeof e.url !== 'string' || !Array.isArray(e.attempts) || typeof e.verdict !== 'string') return undefined;
  if (typeof e.policy !== 'object' || e.policy === null || typeof e.startedAt !== 'string') return undefined;
  return { ...(e as unknown as DeliveryRecord), done: true };
}
