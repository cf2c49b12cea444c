import type { EventsListParams, EventsPage } from '@shared/api/contract';
import type { EventsHistogram } from '@shared/api/domains/events';
import { AppError } from '@shared/api/errors';
import { compileQuery, parseQuery, type QueryCandidate } from '@shared/query';
import type { WebhookSummary } from '@shared/model/webhook';
import type { JournalLocator } from '../journal/journal';
import type { RetryGroup } from './retry-groups';
import { prepareNeedle, searchPrefix, TextIndex, type Needle, type TextSpan } from './text-index';

export { SEARCH_TEXT_BYTES } from './text-index';

export interface HistoryEntry {
  summary: WebhookSummary;
  locator: JournalLocator;
  /** receivedAt as epoch ms (histogram, retry windows) without re-parsing the string. */
  atMs: number;
  /** ms to make the record durable, known for webhooks captured in this run. */
  persistMs?: number;
  group?: RetryGroup;
  /** Where its searchable text is (written by the analysis worker for captures, on this thread for read-back). */
  span?: TextSpan;
}

/** Which webhooks a call is about: the query language, plus the older `actions` / `text` params. */
export interface Filter {
  query?: string;
  actions?: string[];
  text?: string;
}

const DEFAULT_LIMIT = 100;

/**
 * The in-memory index over the journal: summaries in seq order, where each record lives on disk, retry groups, pins
 * and the full-text index. Full records (headers, raw body) stay on disk and are read on demand.
 */
export class History {
  private entries: HistoryEntry[] = [];
  private readonly byId = new Map<string, HistoryEntry>();
  /** Read by queries; captured texts arrive already written (see WebhookStore), read-back ones are added here. */
  readonly text = new TextIndex();

  get size(): number {
    return this.entries.length;
  }

  get headSeq(): number {
    return this.entries.at(-1)?.summary.seq ?? 0;
  }

  /** Bytes held by the text index (bench figures). */
  get indexBytes(): number {
    return this.text.bytes;
  }

  /**
   * Adds a webhook. An entry whose text the analysis worker wrote comes with its `span` (adopted here); otherwise the
   * body's head is indexed now (read-back).
   * A second entry with the same id (a pinned record carried over by retention, read back before the old copy was
   * deleted) replaces the first one's locator.
   */
  add(entry: HistoryEntry, body?: Buffer): void {
    const known = this.byId.get(entry.summary.id);
    if (known) {
      known.locator = entry.locator;
      return;
    }
    if (entry.span) this.text.adopt(entry.span);
    else entry.span = this.text.add(searchPrefix(entry.summary), body);
    const all = this.entries;
    if (all.length === 0 || all[all.length - 1]!.summary.seq < entry.summary.seq) all.push(entry);
    else all.splice(firstIndexAfter(all, entry.summary.seq), 0, entry); // carried-over records arrive out of seq order
    this.byId.set(entry.summary.id, entry);
  }

  get(id: string): HistoryEntry | undefined {
    return this.byId.get(id);
  }

    /** Drops everything that lived in `segments`; returns the ids removed. */
  removeSegments(segments: number[]): string[] {
    const gone = new Set(segments);
    const ids: string[] = [];
    this.removeWhere((e) => {
      if (!gone.has(e.locator.segment)) return false;
      ids.push(e.summary.id);
      return true;
    });
    return ids;
  }

  /** Removes every entry for which `drop` is true; returns how many. */
  removeWhere(drop: (e: HistoryEntry) => boolean): number {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => {
      if (!drop(e)) return true;
      this.byId.delete(e.summary.id);
      if (e.span) this.text.release(e.span);
      return false;
    });
    return before - this.entries.length;
  }

  /** All entries, oldest first (callers must not mutate the array). */
  all(): readonly HistoryEntry[] {
    return this.entries;
  }

  /**
   * A predicate for `filter`. Throws AppError('bad_request') with `{ start, end }` when the query does not parse.
   * The candidate object is reused across calls: compiled queries read it synchronously.
   */
  matcher(filter: Filter, nowMs: number): (e: HistoryEntry) => boolean {
    const tests: ((e: HistoryEntry) => boolean)[] = [];
    const needles = new Map<string, Needle>();
    const needle = (s: string): Needle => {
      let n = needles.get(s);
      if (!n) needles.set(s, (n = prepareNeedle(s)));
      return n;
    };
    const contains = (e: HistoryEntry, s: string): boolean => e.span !== undefined && this.text.contains(e.span, needle(s));
    if (filter.actions && filter.actions.length > 0) {
      const actions = new Set(filter.actions);
      tests.push((e) => actions.has(e.summary.action ?? ''));
    }
    const words = (filter.text ?? '').toLowerCase().split(/\s+/).filter((w) => w.length > 0);
    if (words.length > 0) {
      tests.push((e) => {
        for (const w of words) if (!contains(e, w) && !metaText(e.summary).includes(w)) return false;
        return true;
      });
    }
    if (filter.query !== undefined && filter.query.trim() !== '') {
      const parsed = parseQuery(filter.query);
      if (!parsed.ok) {
        const { message, start, end } = parsed.error;
        throw new AppError('bad_request', `Query: ${message}`, { start, end });
      }
      // Full-text terms are settled here, on the index, and the compiled query gets the other terms only. That is
      // exact: the index holds every field the query's full text looks at (searchPrefix) plus the body head, with
      // the same case folding, so "the index contains the word" is precisely when a full-text term matches.
      const fieldTerms = parsed.query.terms.filter((t) => t.kind !== 'text');
      const must: Needle[] = [];
      const mustNot: Needle[] = [];
      for (const t of parsed.query.terms) if (t.kind === 'text') (t.negate ? mustNot : must).push(needle(t.text.toLowerCase()));
      if (fieldTerms.length > 0) {
        const compiled = compileQuery({ ...parsed.query, terms: fieldTerms }, nowMs);
        const candidate: QueryCandidate = {
          summary: undefined as unknown as WebhookSummary,
          contains: () => {
            throw new Error('full-text terms are evaluated on the index, not by the compiled query');
          },
        };
        tests.push((e) => {
          candidate.summary = e.summary;
          return compiled(candidate);
        });
      }
      if (must.length > 0 || mustNot.length > 0) {
        const text = this.text;
        tests.push((e) => {
          const span = e.span!;
          for (let i = 0; i < must.length; i++) if (!text.contains(span, must[i]!)) return false;
          for (let i = 0; i < mustNot.length; i++) if (text.contains(span, mustNot[i]!)) return false;
          return true;
        });
      }
    }
    if (tests.length === 0) return () => true;
    if (tests.length === 1) return tests[0]!;
    if (tests.length === 2) {
      const [first, second] = tests as [(e: HistoryEntry) => boolean, (e: HistoryEntry) => boolean];
      return (e) => first(e) && second(e);
    }
    return (e) => tests.every((t) => t(e));
  }

  list(params: EventsListParams, nowMs: number): EventsPage {
    const limit = params.limit ?? DEFAULT_LIMIT;
    const base = this.matcher(params, nowMs);
    const grouped = params.groupRetries === true;
    const match = grouped ? (e: HistoryEntry) => !this.isListedRetry(e) && base(e) : base;
    const facets = params.facets === true ? new Map<string, number>() : undefined;
    const items: WebhookSummary[] = [];
    let total = 0;
    let hasMore = false;
    const all = this.entries;
    const take = (e: HistoryEntry): void => {
      if (items.length < limit) items.push(grouped ? this.withAttempts(e) : e.summary);
      else hasMore = true;
    };
    const count = (e: HistoryEntry): void => {
      total++;
      if (facets) {
        const a = e.summary.action ?? '';
        facets.set(a, (facets.get(a) ?? 0) + 1);
      }
    };

    if (params.afterSeq !== undefined) {
      // Catch-up after a reconnect: oldest first, starting just after afterSeq.
      for (let i = firstIndexAfter(all, params.afterSeq); i < all.length; i++) {
        const e = all[i]!;
        if (!match(e)) continue;
        count(e);
        take(e);
      }
    } else {
      const start = params.beforeSeq === undefined ? all.length - 1 : firstIndexAfter(all, params.beforeSeq - 1) - 1;
      for (let i = all.length - 1; i >= 0; i--) {
        const e = all[i]!;
        if (!match(e)) continue;
        count(e);
        if (i <= start) take(e);
      }
    }
    const page: EventsPage = { items, total, hasMore, headSeq: this.headSeq };
    if (facets) page.facets = [...facets].map(([action, n]) => ({ action, count: n })).sort((a, b) => b.count - a.count || a.action.localeCompare(b.action));
    return page;
  }

  /** Entries matching `filter`, oldest first. */
  matching(filter: Filter, nowMs: number): HistoryEntry[] {
    const match = this.matcher(filter, nowMs);
    const out: HistoryEntry[] = [];
    // Newest first, the direction the full-text cursor is fast in, then put back in order.
    for (let i = this.entries.length - 1; i >= 0; i--) if (match(this.entries[i]!)) out.push(this.entries[i]!);
    return out.reverse();
  }

  /**
   * Webhooks per bucket of whole minutes over the matching history. The width is the smallest whole number of
   * minutes that fits the matching span into `buckets` buckets; buckets start on minute boundaries.
   */
  histogram(filter: Filter, buckets: number, nowMs: number): EventsHistogram {
    const matched = this.matching(filter, nowMs);
    if (matched.length === 0) return { bucketMs: 60_000, start: 0, buckets: [] };
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (const e of matched) {
      if (e.atMs < first) first = e.atMs;
      if (e.atMs > last) last = e.atMs;
    }
    const firstMinute = Math.floor(first / 60_000);
    const minutes = Math.floor(last / 60_000) - firstMinute + 1;
    const width = Math.ceil(minutes / buckets);
    const bucketMs = width * 60_000;
    const start = firstMinute * 60_000;
    const out: EventsHistogram['buckets'] = Array.from({ length: Math.ceil(minutes / width) }, (_, i) => ({
      start: start + i * bucketMs,
      total: 0,
      counts: {},
    }));
    for (const e of matched) {
      const b = out[Math.floor((e.atMs - start) / bucketMs)]!;
      b.total++;
      const a = e.summary.action ?? '';
      b.counts[a] = (b.counts[a] ?? 0) + 1;
    }
    return { bucketMs, start, buckets: out };
  }

  /** Every delivery of the retry group `id` belongs to that is still in history, first first. */
  retries(id: string): WebhookSummary[] | undefined {
    const e = this.byId.get(id);
    if (!e) return undefined;
    if (!e.group) return [e.summary];
    const out: WebhookSummary[] = [];
    for (const gid of e.group.ids) {
      const m = this.byId.get(gid);
      if (m) out.push(m.summary);
    }
    return out;
  }

  /** Entries of one chat, oldest first. */
  chat(chatId: string): HistoryEntry[] {
    return this.entries.filter((e) => e.summary.chatId === chatId);
  }

  /** The closest earlier entry (by seq) with the same action or chat; undefined when there is none. */
  previous(id: string, by: 'action' | 'chat'): HistoryEntry | undefined | null {
    const e = this.byId.get(id);
    if (!e) return undefined;
    const key = by === 'action' ? e.summary.action : e.summary.chatId;
    if (key === undefined) return null;
    for (let i = firstIndexAfter(this.entries, e.summary.seq - 1) - 1; i >= 0; i--) {
      const p = this.entries[i]!;
      if ((by === 'action' ? p.summary.action : p.summary.chatId) === key) return p;
    }
    return null;
  }

  /** A retry whose first delivery is still in history: folded into that row when listing with groupRetries. */
  private isListedRetry(e: HistoryEntry): boolean {
    return e.summary.retryOf !== undefined && this.byId.has(e.summary.retryOf);
  }

  private withAttempts(e: HistoryEntry): WebhookSummary {
    const n = e.group ? e.group.ids.reduce((k, id) => (this.byId.has(id) ? k + 1 : k), 0) : 1;
    return n >= 2 ? { ...e.summary, attempts: n } : e.summary;
  }

}

/** The legacy `text` param also matched the path, action and ids (which the body mostly holds too). */
function metaText(s: WebhookSummary): string {
  return `${s.path}\n${s.action ?? ''}\n${s.chatId ?? ''}\n${s.threadId ?? ''}\n${s.webhookId ?? ''}\n${s.organizationId ?? ''}`.toLowerCase();
}

/** Index of the first entry whose seq is greater than `seq` (binary search; entries are in seq order). */
function firstIndexAfter(entries: readonly HistoryEntry[], seq: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.summary.seq <= seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
