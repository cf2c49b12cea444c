import { z } from 'zod';
import type { CapturedWebhook, WebhookSummary } from '../model/webhook';

/**
 * The one seam between the engine and any renderer. Every request method and every pushed event is declared here,
 * once: the engine's dispatcher, the IPC bridge, the preload, the WebSocket server and the renderer's clients are all
 * driven by these two maps. Adding a method = one entry here + one handler in `electron/engine/api/`.
 */

/** Declares a method: its params schema (validated by the engine before any handler runs) and its result type. */
function method<P extends z.ZodType, R>(params: P): { params: P; result: R } {
  // `result` exists only at the type level; nothing reads it at run time.
  return { params, result: undefined as R };
}

/** Declares a push: the payload type carried by a `push` envelope. */
function push<T>(): { payload: T } {
  return { payload: undefined as T };
}

const limit = z.number().int().min(1).max(1000);

export const EventsListParams = z
  .object({
    /** Max items to return (newest first). */
    limit: limit.optional(),
    /** Only items older than this seq (paging backwards through history). */
    beforeSeq: z.number().int().optional(),
    /** Only items newer than this seq, oldest first (catching up after a reconnect). */
    afterSeq: z.number().int().optional(),
    /** Exact action name(s). */
    actions: z.array(z.string().max(200)).max(100).optional(),
    /** Free text: matched case-insensitively against path, action, ids and the body text. */
    text: z.string().max(1000).optional(),
  })
  .strict();
export type EventsListParams = z.infer<typeof EventsListParams>;

export interface EventsPage {
  items: WebhookSummary[];
  /** Number of items matching the filter in the whole history. */
  total: number;
  /** True when older matching items exist beyond this page. */
  hasMore: boolean;
  /** The newest seq in history (whatever the filter), so a client knows where live pushes continue. */
  headSeq: number;
}

export interface ReceiverInfo {
  /** Where webhooks are accepted locally (http://127.0.0.1:<port>). */
  localUrl: string;
  port: number;
  bodyLimitBytes: number;
  dataDir: string;
  /** Webhooks currently in history. */
  count: number;
  /** Lines the journal skipped when it read history back (torn or corrupt), since start. */
  journalWarnings: string[];
}

export const methods = {
  'events.list': method<typeof EventsListParams, EventsPage>(EventsListParams),
  'events.get': method<z.ZodObject<{ id: z.ZodString }>, CapturedWebhook>(
    z.object({ id: z.string().min(1).max(64) }).strict(),
  ),
  'events.clear': method<z.ZodObject<Record<string, never>>, { removed: number }>(z.object({}).strict()),
  'receiver.info': method<z.ZodObject<Record<string, never>>, ReceiverInfo>(z.object({}).strict()),
} as const;

export const pushes = {
  /** A webhook was captured and is durable. */
  'event.captured': push<WebhookSummary>(),
  /** History was cleared. */
  'events.cleared': push<{ removed: number }>(),
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type ParamsOf<M extends MethodName> = z.input<Methods[M]['params']>;
export type ResultOf<M extends MethodName> = Methods[M]['result'];

export type Pushes = typeof pushes;
export type PushName = keyof Pushes;
export type PayloadOf<E extends PushName> = Pushes[E]['payload'];

export const METHOD_NAMES = Object.keys(methods) as MethodName[];
export const PUSH_NAMES = Object.keys(pushes) as PushName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methods, name);
}

export function isPushName(name: unknown): name is PushName {
  return typeof name === 'string' && Object.hasOwn(pushes, name);
}
