import { z } from 'zod';
import type { CapturedWebhook, WebhookSummary } from '../../model/webhook';
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
}

const empty = z.object({}).strict();

export const eventsMethods = {
  'events.list': method<typeof EventsListParams, EventsPage>(EventsListParams),
  'events.get': method<z.ZodObject<{ id: z.ZodString }>, CapturedWebhook>(z.object({ id: z.string().min(1).max(64) }).strict()),
  'events.clear': method<typeof empty, { removed: number }>(empty),
};

export const eventsPushes = {
  /** A webhook was captured and is durable. */
  'event.captured': push<WebhookSummary>(),
  /** History was cleared. */
  'events.cleared': push<{ removed: number }>(),
};
