import type { ChatTimelineItem } from '@shared/api/domains/events';
import { summarize } from '@shared/livechat/catalogue';
import type { WebhookStore } from '../history/webhook-store';

/** Default and hard cap of a chat's story: a chat rarely has more than hundreds of webhooks. */
export const CHAT_LIMIT = 5_000;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v.slice(0, 80) : undefined);

/**
 * Everything held for one chat, oldest first, each with the catalogue's sentence. Bodies are read back from the
 * journal one by one (the sentence needs the JSON); a chat has at most thousands of webhooks.
 */
export async function chatTimeline(
  store: WebhookStore,
  chatId: string,
  limit = CHAT_LIMIT,
): Promise<{ chatId: string; items: ChatTimelineItem[]; truncated: boolean }> {
  const entries = store.history.chat(chatId);
  const items: ChatTimelineItem[] = [];
  for (const e of entries.slice(0, limit)) {
    const record = await store.get(e.summary.id);
    if (!record) continue; // removed by retention or clear while we read
    const text = summarize(record.json) ?? fallbackText(record.action, record.parseError, chatId);
    const item: ChatTimelineItem = { summary: e.summary, text };
    const detail = chatDetail(record.action, record.json);
    if (detail !== undefined) item.detail = detail;
    items.push(item);
  }
  return { chatId, items, truncated: entries.length > limit };
}

function fallbackText(action: string | undefined, parseError: string | undefined, chatId: string): string {
  if (action !== undefined) return `${action} in chat ${chatId}`;
  return parseError !== undefined ? `A request LiveHook could not read as a LiveChat webhook (${parseError})` : `A request about chat ${chatId}`;
}

/**
 * The short word shown beside a row: the event type of a chat event, the tag, the property namespaces, the
 * transfer reason. Undefined when the action has nothing more specific to say.
 */
export function chatDetail(action: string | undefined, json: unknown): string | undefined {
  if (!isObj(json) || !isObj(json.payload)) return undefined;
  const p = json.payload;
  switch (action) {
    case 'incoming_event':
    case 'event_updated':
    case 'event_deleted':
      return isObj(p.event) ? str(p.event.type) : str(p.event_id);
    case 'chat_tagged':
    case 'chat_untagged':
    case 'thread_tagged':
    case 'thread_untagged':
      return str(p.tag);
    case 'chat_properties_updated':
    case 'thread_properties_updated':
    case 'event_properties_updated':
    case 'chat_properties_deleted':
    case 'thread_properties_deleted':
    case 'event_properties_deleted':
      return isObj(p.properties) ? Object.keys(p.properties).join(', ').slice(0, 80) || undefined : undefined;
    case 'chat_transferred':
      return str(p.reason);
    case 'incoming_rich_message_postback':
      return isObj(p.postback) ? str(p.postback.id) : undefined;
    case 'chat_deactivated':
      return str(p.user_id);
    default:
      return undefined;
  }
}
