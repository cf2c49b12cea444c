import { ApiError, validation } from './errors';
import type { TriggerInput } from './types';

/**
 * register_webhook `filters` (reference §2.6): checked at registration, applied at delivery.
 *
 * Applied: `author_type`, `only_my_chats`, `chat_presence.user_ids.values` / `.exclude_values`,
 * `chat_presence.my_bots`, `source_type`. Accepted but NOT applied: `agent_ids` — its format is not documented, so
 * the sandbox does not pretend to know what it matches.
 */

export interface WebhookFilters {
  author_type?: 'customer' | 'agent';
  only_my_chats?: boolean;
  chat_presence?: { user_ids?: { values?: string[]; exclude_values?: string[] }; my_bots?: boolean };
  source_type?: Array<'my_client' | 'other_clients' | 'system'>;
  agent_ids?: unknown;
}

const SOURCE_TYPES = new Set(['my_client', 'other_clients', 'system']);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** Validates `filters` for an action that accepts `allowed` (names from `list_webhook_names`). */
export function parseFilters(value: unknown, action: string, allowed: readonly string[]): WebhookFilters | ApiError {
  if (!isObj(value)) return validation('`filters` must be an object');
  const out: WebhookFilters = {};
  for (const [key, v] of Object.entries(value)) {
    if (!allowed.includes(key)) return validation(`\`filters.${key}\` is not supported for action \`${action}\``);
    switch (key) {
      case 'author_type':
        if (v !== 'customer' && v !== 'agent') return validation('`filters.author_type` must be `customer` or `agent`');
        out.author_type = v;
        break;
      case 'only_my_chats':
        if (typeof v !== 'boolean') return validation('`filters.only_my_chats` must be a boolean');
        out.only_my_chats = v;
        break;
      case 'source_type':
        if (!isStringArray(v) || v.length === 0 || !v.every((s) => SOURCE_TYPES.has(s))) {
          return validation('`filters.source_type` must be a non-empty array of `my_client`, `other_clients`, `system`');
        }
        out.source_type = v as WebhookFilters['source_type'];
        break;
      case 'chat_presence': {
        const presence = parseChatPresence(v);
        if (presence instanceof ApiError) return presence;
        out.chat_presence = presence;
        break;
      }
      case 'agent_ids':
        out.agent_ids = v;
        break;
      default:
        return validation(`\`filters.${key}\` is not supported for action \`${action}\``);
    }
  }
  return out;
}

function parseChatPresence(v: unknown): NonNullable<WebhookFilters['chat_presence']> | ApiError {
  if (!isObj(v)) return validation('`filters.chat_presence` must be an object');
  const out: NonNullable<WebhookFilters['chat_presence']> = {};
  for (const [key, value] of Object.entries(v)) {
    if (key === 'my_bots') {
      if (typeof value !== 'boolean') return validation('`filters.chat_presence.my_bots` must be a boolean');
      out.my_bots = value;
    } else if (key === 'user_ids') {
      if (!isObj(value)) return validation('`filters.chat_presence.user_ids` must be an object');
      const keys = Object.keys(value);
      // §2.6: "Only one of values / exclude_values."
      if (keys.length !== 1 || (keys[0] !== 'values' && keys[0] !== 'exclude_values')) {
        return validation('`filters.chat_presence.user_ids` takes exactly one of `values`, `exclude_values`');
      }
      const ids = value[keys[0]];
      if (!isStringArray(ids) || ids.length === 0) return validation(`\`filters.chat_presence.user_ids.${keys[0]}\` must be a non-empty array of user IDs`);
      out.user_ids = keys[0] === 'values' ? { values: ids } : { exclude_values: ids };
    } else {
      return validation(`\`filters.chat_presence.${key}\` is not supported`);
    }
  }
  return out;
}

/** What the filters look at, lifted from a trigger's input as far as it tells. */
export interface EventFacts {
  authorType?: 'customer' | 'agent';
  /** Chat property `source.client_id`: the Client ID that started the chat. */
  chatSourceClientId?: string;
  /** Users present in the chat, when known. */
  presence?: string[];
  /** Client ID the event came from; `null` = the system. */
  originClientId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function eventFacts(input: TriggerInput, payload: unknown): EventFacts {
  const extra = input.additional_data ?? {};
  const p = isObj(payload) ? payload : {};
  const chat = isObj(p.chat) ? p.chat : undefined;
  const facts: EventFacts = { originClientId: originOf(input) };

  const event = isObj(p.event) ? p.event : undefined;
  if (input.author_type !== undefined) facts.authorType = input.author_type;
  else if (typeof event?.author_id === 'string') {
    // §3 value notes: customer IDs are UUIDs; agent IDs are emails (and bots, which act as agents, 32-hex).
    facts.authorType = UUID.test(event.author_id) ? 'customer' : 'agent';
  }

  const properties = isObj(extra.chat_properties) ? extra.chat_properties : isObj(chat?.properties) ? chat.properties : undefined;
  const source = isObj(properties?.source) ? properties.source : undefined;
  if (typeof source?.client_id === 'string') facts.chatSourceClientId = source.client_id;

  if (isStringArray(extra.chat_presence_user_ids)) facts.presence = extra.chat_presence_user_ids;
  else if (chat !== undefined) facts.presence = presenceInChat(chat);
  return facts;
}

function originOf(input: TriggerInput): string | null {
  if (input.source_client_id !== undefined) return input.source_client_id;
  const requester = isObj(input.requester) ? input.requester : undefined;
  return typeof requester?.client_id === 'string' ? requester.client_id : null;
}

function presenceInChat(chat: Obj): string[] | undefined {
  if (Array.isArray(chat.users)) {
    return chat.users.filter((u): u is Obj => isObj(u) && typeof u.id === 'string' && u.present !== false).map((u) => u.id as string);
  }
  const thread = isObj(chat.thread) ? chat.thread : undefined;
  return isStringArray(thread?.user_ids) ? thread.user_ids : undefined;
}

export interface FilterOwner {
  clientId: string;
  botIds: readonly string[];
}

/** Whether an event passes a registration's filters. Unknown facts never satisfy a positive condition. */
export function passesFilters(filters: WebhookFilters | undefined, facts: EventFacts, owner: FilterOwner): boolean {
  if (filters === undefined) return true;
  if (filters.author_type !== undefined && facts.authorType !== filters.author_type) return false;
  // "Only chats whose property source.client_id equals the owner's Client ID" — a chat of unknown origin is not.
  if (filters.only_my_chats === true && facts.chatSourceClientId !== owner.clientId) return false;
  if (filters.source_type !== undefined) {
    const kind = facts.originClientId === null ? 'system' : facts.originClientId === owner.clientId ? 'my_client' : 'other_clients';
    if (!filters.source_type.includes(kind)) return false;
  }
  const presence = filters.chat_presence;
  if (presence !== undefined) {
    const present = new Set(facts.presence ?? []);
    const excluded = presence.user_ids?.exclude_values;
    if (excluded?.some((id) => present.has(id))) return false;
    // How `values` and `my_bots` combine is not documented; both read "fire if …", so either one is enough.
    const wanted = [...(presence.user_ids?.values ?? []), ...(presence.my_bots === true ? owner.botIds : [])];
    const positive = presence.user_ids?.values !== undefined || presence.my_bots === true;
    if (positive && !wanted.some((id) => present.has(id))) return false;
  }
  return true;
}
