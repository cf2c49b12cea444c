import { z } from 'zod';
import type { CapturedWebhook, WebhookSummary } from '../../model/webhook';
import type { DiffResult } from '../../diff/types';
import { method, push } from '../define';

export const EventsListParams = z
  .object({
    /** Max items to return (newest first). */
    limit: z.number().int().min(1).max(1000).optional(),
    /** Only items older than this seq (paging backwards through history). */
    beforeSeq: z.number().int().optional(),
    /** Only items newer than this seq, oldest first (catching up after a reconnect). */
    afterSeq: z.number().int().optional(),
    /** Exact action name(s). */
    actions: z.array(z.string().max(200)).max(100).optional(),
    /** Free text: matched case-insensitively against path, action, ids and the body text. */
    text: z.string().max(1000).optional(),
    /**
     * The inspector's query language (`shared/query`): `action:incoming_event chat:PJ0MRSHTDG -secret:ok "text" retry`.
     * ANDed with `actions` and `text`. A query that does not parse is refused with `bad_request` and detail
     * `{ start, end }` (character offsets of the problem).
     */
    query: z.string().max(2000).optional(),
    /** Show retries as one row: only first deliveries are listed, each with `attempts` when it has retries. */
    groupRetries: z.boolean().optional(),
    /** Also return `facets` (counts per action over the whole match). */
    facets: z.boolean().optional(),
  })
  .strict();
export type EventsListParams = z.infer<typeof EventsListParams>;

export interface EventsPage {
  items: WebhookSummary[];
  /** Number of items matching the filter in the whole history. */
  total: number;
  /** True when more matching items exist beyond this page: older ones (default / beforeSeq), newer ones (afterSeq). */
  hasMore: boolean;
  /** The newest seq in history (whatever the filter), so a client knows where live pushes continue. */
  headSeq: number;
  /** With `facets`: matching webhooks per action (no action = ''), most frequent first. */
  facets?: { action: string; count: number }[];
}

const Query = z.string().max(2000);
const Id = z.string().min(1).max(64);

export const EventsHistogramParams = z
  .object({
    query: Query.optional(),
    /** Number of buckets wanted (the bucket width is a whole number of minutes covering the matching history). */
    buckets: z.number().int().min(1).max(500).optional(),
  })
  .strict();

export interface EventsHistogram {
  /** Width of one bucket in ms (a multiple of 60,000). */
  bucketMs: number;
  /** Epoch ms of the first bucket's start. */
  start: number;
  /** Oldest first; `counts` by action ('' = no action). Empty when nothing matches. */
  buckets: { start: number; total: number; counts: Record<string, number> }[];
}

/** One line of a chat's story. */
export interface ChatTimelineItem {
  summary: WebhookSummary;
  /** The catalogue's human sentence for this webhook ("Customer Jane sent a message…"). */
  text: string;
  /** `incoming_event`'s event type, a property/tag name… (short detail for the row), when there is one. */
  detail?: string;
}

export const EventsExportParams = z
  .object({
    /** Caller-chosen job id (so it can cancel while the call is running). */
    jobId: z.string().min(1).max(64),
    format: z.enum(['har', 'ndjson', 'curl']),
    /** Export these (in this order)… */
    ids: z.array(Id).max(200_000).optional(),
    /** …or everything matching this query (oldest first). One of `ids` / `query` is required. */
    query: Query.optional(),
    /** Leave `secret_key` values in bodies (they are replaced with "[redacted]" otherwise). */
    includeSecrets: z.boolean().optional(),
  })
  .strict();

export interface EventsExportResult {
  jobId: string;
  /** Webhooks written. */
  count: number;
  cancelled: boolean;
  /** Size of the output in UTF-16 chunks; read them with `events.exportChunk`. */
  chunks: number;
  bytes: number;
  /** Suggested file name (`livehook-2026-11-27T10-00-00.har`). */
  fileName: string;
  mimeType: string;
}

export const EventsImportParams = z
  .object({
    format: z.enum(['har', 'ndjson']),
    /** The file's text (the renderer reads the file; up to 64 MiB). */
    text: z.string().max(64 * 1024 * 1024),
    jobId: z.string().min(1).max(64).optional(),
  })
  .strict();

export interface EventsImportResult {
  imported: number;
  /** Entries that could not be read, with a reason each (first 20). */
  skipped: number;
  errors: string[];
}

const empty = z.object({}).strict();

export const eventsMethods = {
  'events.list': method<typeof EventsListParams, EventsPage>(EventsListParams),
  'events.get': method<z.ZodObject<{ id: z.ZodString }>, CapturedWebhook>(z.object({ id: z.string().min(1).max(64) }).strict()),
  /** Removes every unpinned webhook; pinned ones stay (`keptPinned` says how many). */
  'events.clear': method<typeof empty, { removed: number; keptPinned: number }>(empty),
  /** Webhooks per time bucket by action over the matching history (the list header's chart). */
  'events.histogram': method<typeof EventsHistogramParams, EventsHistogram>(EventsHistogramParams),
  /** Every delivery of the retry group a webhook belongs to (first delivery first). */
  'events.retries': method<z.ZodObject<{ id: typeof Id }>, { attempts: WebhookSummary[] }>(z.object({ id: Id }).strict()),
  /** Everything held for one chat, oldest first (up to `limit`, default 5,000). */
  'events.chat': method<
    z.ZodObject<{ chatId: z.ZodString; limit: z.ZodOptional<z.ZodNumber> }>,
    { chatId: string; items: ChatTimelineItem[]; truncated: boolean }
  >(z.object({ chatId: z.string().min(1).max(100), limit: z.number().int().min(1).max(50_000).optional() }).strict()),
  /** The webhook before this one with the same action or the same chat (null when there is none). */
  'events.previous': method<
    z.ZodObject<{ id: typeof Id; by: z.ZodEnum<{ action: 'action'; chat: 'chat' }> }>,
    { id: string | null }
  >(z.object({ id: Id, by: z.enum(['action', 'chat']) }).strict()),
  /** Structural diff of two webhooks' JSON bodies (raw text compared line by line when a body is not JSON). */
  'events.diff': method<
    z.ZodObject<{ a: typeof Id; b: typeof Id; ignore: z.ZodOptional<z.ZodArray<z.ZodString>> }>,
    DiffResult & { a: WebhookSummary; b: WebhookSummary; note?: string }
  >(z.object({ a: Id, b: Id, ignore: z.array(z.string().max(500)).max(200).optional() }).strict()),
  /** Paths the diff ignores by default (persisted in settings). */
  'events.getDiffIgnore': method<typeof empty, { paths: string[] }>(empty),
  'events.setDiffIgnore': method<z.ZodObject<{ paths: z.ZodArray<z.ZodString> }>, { paths: string[] }>(
    z.object({ paths: z.array(z.string().min(1).max(500)).max(200) }).strict(),
  ),
  /** Pin (star) or unpin: pinned webhooks survive retention and `events.clear` asks before removing them. */
  'events.pin': method<z.ZodObject<{ id: typeof Id; pinned: z.ZodBoolean }>, WebhookSummary>(
    z.object({ id: Id, pinned: z.boolean() }).strict(),
  ),
  /** Builds an export; progress arrives as `events.jobProgress`; read the text with `events.exportChunk`. */
  'events.export': method<typeof EventsExportParams, EventsExportResult>(EventsExportParams),
  'events.exportChunk': method<
    z.ZodObject<{ jobId: z.ZodString; index: z.ZodNumber }>,
    { text: string; last: boolean }
  >(z.object({ jobId: z.string().min(1).max(64), index: z.number().int().min(0) }).strict()),
  /** Stops a running export or import (its call then resolves with `cancelled: true` / what was imported so far). */
  'events.cancelJob': method<z.ZodObject<{ jobId: z.ZodString }>, { cancelled: boolean }>(
    z.object({ jobId: z.string().min(1).max(64) }).strict(),
  ),
  /** Reads HAR or NDJSON back into history (source `import`). */
  'events.import': method<typeof EventsImportParams, EventsImportResult>(EventsImportParams),
};

export const eventsPushes = {
  /** A webhook was captured and is durable. */
  'event.captured': push<WebhookSummary>(),
  /** History was cleared. */
  'events.cleared': push<{ removed: number }>(),
  /** Webhooks retention removed (oldest whole journal segments; pinned ones are never among them). */
  'events.removed': push<{ ids: string[]; reason: 'retention' }>(),
  /** A webhook's summary changed (pinned / unpinned). */
  'event.updated': push<WebhookSummary>(),
  /** Progress of an export or import job. */
  'events.jobProgress': push<{ jobId: string; done: number; total: number }>(),
  /**
   * During a flood (webhooks arriving faster than 1,000 a second) LiveHook answers and stores every webhook but holds
   * their analysis, so they are not listed or pushed yet: `held` of them, as it changes (at most 10 times a second).
   * 0 when the flood is over; then they are analysed and pushed. Any events call analyses everything held first.
   */
  'events.held': push<{ held: number }>(),
};
