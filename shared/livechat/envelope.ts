import type { LiveChatFields } from '../model/webhook';

/**
 * Lifts the LiveChat envelope fields out of a parsed webhook body (reference §2.3, §3).
 *
 * Parsing is lenient on purpose: LiveHook sees bodies from every API version (3.1 → 3.7), from app webhooks with
 * their camelCase envelope, and from developers' hand-made requests. Nothing here throws; a field that is missing or
 * of an unexpected type is simply not lifted. Schema findings are a separate concern (the action catalogue).
 */

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Ids are strings in LiveChat, but old bodies have numeric license ids and group ids: accept both. */
function idOf(v: unknown): string | undefined {
  if (typeof v === 'string' && v.length > 0) return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function first(...values: unknown[]): string | undefined {
  for (const v of values) {
    const id = idOf(v);
    if (id !== undefined) return id;
  }
  return undefined;
}

/** Actions whose payload `id` is the chat id (v3.4+ `chat_access_updated`, v3.2–3.3 `chat_access_granted/revoked`). */
const CHAT_ID_IN_PAYLOAD_ID = new Set(['chat_access_updated', 'chat_access_granted', 'chat_access_revoked', 'access_granted', 'access_revoked', 'access_set']);

export function liftLiveChatFields(body: unknown): LiveChatFields {
  if (!isObj(body)) return { hasSecretKey: false, kind: 'unknown' };

  // App webhooks (Developer Console "App Webhooks"): {applicationID, clientID, event, licenseID, organizationID, payload…}
  if (typeof body.event === 'string' && body.action === undefined && ('applicationID' in body || 'clientID' in body)) {
    const fields: LiveChatFields = { hasSecretKey: false, kind: 'app', action: body.event };
    const org = idOf(body.organizationID);
    if (org !== undefined) fields.organizationId = org;
    const license = idOf(body.licenseID);
    if (license !== undefined) fields.licenseId = license;
    const user = idOf(body.userID);
    if (user !== undefined) fields.userId = user;
    return fields;
  }

  const action = typeof body.action === 'string' && body.action.length > 0 ? body.action : undefined;
  const fields: LiveChatFields = {
    hasSecretKey: typeof body.secret_key === 'string',
    kind: action !== undefined ? 'webhook' : 'unknown',
  };
  if (action !== undefined) fields.action = action;
  const webhookId = idOf(body.webhook_id);
  if (webhookId !== undefined) fields.webhookId = webhookId;
  const org = idOf(body.organization_id);
  if (org !== undefined) fields.organizationId = org;
  const license = idOf(body.license_id);
  if (license !== undefined) fields.licenseId = license;

  // v3.1 and older called the payload `data`.
  const payload = isObj(body.payload) ? body.payload : isObj(body.data) ? body.data : undefined;
  if (payload === undefined) return fields;

  const chat = isObj(payload.chat) ? payload.chat : undefined;
  const thread = chat !== undefined && isObj(chat.thread) ? chat.thread : isObj(payload.thread) ? payload.thread : undefined;
  const activeChat = isObj(payload.active_chat) ? payload.active_chat : undefined;
  const event = isObj(payload.event) ? payload.event : undefined;
  const user = isObj(payload.user) ? payload.user : undefined;

  const chatId = first(
    payload.chat_id,
    chat?.id,
    activeChat?.chat_id,
    action !== undefined && CHAT_ID_IN_PAYLOAD_ID.has(action) ? payload.id : undefined,
  );
  if (chatId !== undefined) fields.chatId = chatId;
  const threadId = first(payload.thread_id, thread?.id, activeChat?.thread_id);
  if (threadId !== undefined) fields.threadId = threadId;
  const eventId = first(payload.event_id, event?.id);
  if (eventId !== undefined) fields.eventId = eventId;
  const userId = first(payload.user_id, user?.id, payload.agent_id, event?.author_id);
  if (userId !== undefined) fields.userId = userId;
  return fields;
}
