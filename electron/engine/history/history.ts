import type { EventsListParams, EventsPage } from '@shared/api/contract';
import type { WebhookSummary } from '@shared/model/webhook';
import type { JournalLocator } from '../journal/journal';

/** Bytes of a body kept (lower-cased) for free-text search. Longer bodies are searched in their head only. */
export const SEARCH_TEXT_BYTES = 16 * 1024;

interface Entry {
  summary: WebhookSummary;
  locator: JournalLocator;
  /**
   * Lower-cased searchable text: path, action, ids and the head of the body. Built on the first text search, not on
   * capture: lower-casing every body would cost the receiver's hot path, and most sessions never search.
   */
  text?: string;
  /** The body head, until `text` is built from it. */
  body?: Buffer;
  /** ms to make the record durable, known for webhooks captured in this run. */
  persistMs?: number;
}

const DEFAULT_LIMIT = 100;

/**
 * The in-memory index over the journal: summaries in seq order, where each record lives on disk, and the text
 * searched by `events.list`. Full records (headers, raw body) stay on disk and are read on demand.
 */
export class History {
  private entries: Entry[] = [];
  private readonly byId = new Map<string, Entry>();

  get size(): number {
    return this.entries.length;
  }

  get headSeq(): number {
    return this.entries.at(-1)?.summary.seq ?? 0;
  }

  add(summary: WebhookSummary, locator: JournalLocator, body: Buffer | undefined, persistMs?: number): void {
    const entry: Entry = { summary, locator };
    if (body !== undefined && body.length > 0) entry.body = body.length > SEARCH_TEXT_BYTES ? Buffer.from(body.subarray(0, SEARCH_TEXT_BYTES)) : body; // a copy: a view would keep a 10 MiB body alive
    if (persistMs !== undefined) entry.persistMs = persistMs;
    // Appends arrive in seq order; history read back is in journal order, which is seq order too.
    this.entries.push(entry);
    this.byId.set(summary.id, entry);
  }

  get(id: string): { summary: WebhookSummary; locator: JournalLocator; persistMs?: number } | undefined {
    return this.byId.get(id);
  }

  /** Drops everything that lived in segments retention removed. */
  removeSegments(segments: number[]): number {
    const gone = new Set(segments);
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => {
      if (!gone.has(e.locator.segment)) return true;
      this.byId.delete(e.summary.id);
      return false;
    });
    return before - this.entries.length;
  }

  clear(): number {
    const n = this.entries.length;
    this.entries = [];
    this.byId.clear();
    return n;
  }

  list(params: EventsListParams): EventsPage {
    const limit = params.limit ?? DEFAULT_LIMIT;
    const match = matcher(params);
    const items: WebhookSummary[] = [];
    let total = 0;
    let hasMore = false;
    const all = this.entries;

    if (params.afterSeq !== undefined) {
      // Catch-up after a reconnect: oldest first, starting just after afterSeq.
      for (let i = firstIndexAfter(all, params.afterSeq); i < all.length; i++) {
        const e = all[i]!;
        if (!match(e)) continue;
        total++;
        if (items.length < limit) items.push(e.summary);
        else hasMore = true;
      }
      return { items, total, hasMore, headSeq: this.headSeq };
    }

    const start = params.beforeSeq === undefined ? all.length - 1 : firstIndexAfter(all, params.beforeSeq - 1) - 1;
    for (let i = all.length - 1; i >= 0; i--) {
      const e = all[i]!;
      if (!match(e)) continue;
      total++;
      if (i > start) continue;
      if (items.length < limit) items.push(e.summary);
      else hasMore = true;
    }
    return { items, total, hasMore, headSeq: this.headSeq };
  }
}

/** Index of the first entry whose seq is greater than `seq` (binary search; entries are in seq order). */
function firstIndexAfter(entries: Entry[], seq: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.summary.seq <= seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function matcher(params: EventsListParams): (e: Entry) => boolean {
  const actions = params.actions && params.actions.length > 0 ? new Set(params.actions) : undefined;
  const words = (params.text ?? '').toLowerCase().split(/\s+/).filter((w) => w.length > 0);
  return (e) => {
    if (actions && !actions.has(e.summary.action ?? '')) return false;
    if (words.length === 0) return true;
    const text = (e.text ??= buildText(e));
    for (const w of words) if (!text.includes(w)) return false;
    return true;
  };
}

function buildText(e: Entry): string {
  const s = e.summary;
  const body = e.body?.toString('utf8') ?? '';
  e.body = undefined; // the text replaces it
  return [s.path, s.action ?? '', s.chatId ?? '', s.threadId ?? '', s.webhookId ?? '', s.organizationId ?? '', body].join('\n').toLowerCase();
}
