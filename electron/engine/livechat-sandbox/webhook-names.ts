/**
 * What `list_webhook_names` answers, per API version: each action with the filters and additional data it accepts.
 * Derived from reference §3's table (filters from the Configuration API "Triggering actions" table; additional data
 * for the chat-scoped actions, none for Configuration webhooks and `routing_status_set`, §2.7).
 *
 * The docs' own `listWebhookNames.json` sample shows `agent_deleted` with `["agent_ids"]`, which contradicts the
 * table (`source_type`); the table wins here, it is the fuller source.
 */

export type ApiVersion = '3.5' | '3.6' | '3.7';
export const API_VERSIONS: readonly ApiVersion[] = ['3.5', '3.6', '3.7'];
/** `list_webhook_names` without `version` answers for the current stable version (§4). */
export const STABLE_VERSION: ApiVersion = '3.6';

export interface WebhookName {
  action: string;
  filters?: string[];
  additional_data?: string[];
}

export const ADDITIONAL_DATA = ['chat_properties', 'chat_presence_user_ids'] as const;

const CHAT = ['chat_presence', 'only_my_chats', 'source_type'];
const CHAT_AUTHOR = ['chat_presence', 'author_type', 'only_my_chats', 'source_type'];
const CONFIG = ['source_type'];

const chat = (action: string): WebhookName => ({ action, filters: CHAT, additional_data: [...ADDITIONAL_DATA] });
const config = (action: string): WebhookName => ({ action, filters: CONFIG });

/** v3.6 (and v3.7: "no webhook changes"), in the docs' group order. */
const V36: WebhookName[] = [
  chat('incoming_chat'),
  chat('chat_deactivated'),
  chat('chat_access_updated'),
  chat('chat_transferred'),
  chat('user_added_to_chat'),
  chat('user_removed_from_chat'),
  { action: 'incoming_event', filters: CHAT_AUTHOR, additional_data: [...ADDITIONAL_DATA] },
  chat('event_deleted'),
  { action: 'event_updated', filters: CHAT_AUTHOR, additional_data: [...ADDITIONAL_DATA] },
  chat('incoming_rich_message_postback'),
  chat('chat_properties_updated'),
  chat('chat_properties_deleted'),
  chat('thread_properties_updated'),
  chat('thread_properties_deleted'),
  chat('event_properties_updated'),
  chat('event_properties_deleted'),
  chat('thread_tagged'),
  chat('thread_untagged'),
  { action: 'routing_status_set', filters: ['agent_ids', 'source_type'] },
  { action: 'customer_session_fields_updated', filters: ['chat_presence', 'source_type'], additional_data: [...ADDITIONAL_DATA] },
  config('agent_created'),
  config('agent_approved'),
  config('agent_updated'),
  config('agent_suspended'),
  config('agent_unsuspended'),
  config('agent_deleted'),
  config('auto_accesses_updated'),
  config('bot_created'),
  config('bot_updated'),
  config('bot_deleted'),
  config('group_created'),
  config('group_updated'),
  config('group_deleted'),
  config('tag_created'),
  config('tag_updated'),
  config('tag_deleted'),
  chat('events_marked_as_seen'),
  chat('thread_summary_set'),
];

/**
 * v3.5: v3.6 without `event_deleted` and `thread_summary_set` (new in 3.6), with `incoming_customer` (removed in 3.6,
 * §2.3). Which filters `incoming_customer` took is not in the reference; it has no chat context, so only
 * `source_type` (available for all webhooks since v3.4) and no additional data.
 */
const V35: WebhookName[] = [
  ...V36.filter((n) => n.action !== 'event_deleted' && n.action !== 'thread_summary_set'),
  { action: 'incoming_customer', filters: CONFIG },
];

const BY_VERSION: Record<ApiVersion, WebhookName[]> = { '3.5': V35, '3.6': V36, '3.7': V36 };

export function webhookNames(version: ApiVersion): WebhookName[] {
  return BY_VERSION[version].map((n) => ({
    action: n.action,
    ...(n.filters ? { filters: [...n.filters] } : {}),
    ...(n.additional_data ? { additional_data: [...n.additional_data] } : {}),
  }));
}

export function findWebhookName(version: ApiVersion, action: string): WebhookName | undefined {
  return BY_VERSION[version].find((n) => n.action === action);
}

/** Configuration webhooks (agents, auto access, bots, groups, tags): `requester` in v3.6+, `additional_data` `{}`. */
export function isConfigurationAction(action: string): boolean {
  return /^(agent|bot|group|tag)_(created|approved|updated|suspended|unsuspended|deleted)$/.test(action) || action === 'auto_accesses_updated';
}

export function isApiVersion(value: string): value is ApiVersion {
  return (API_VERSIONS as readonly string[]).includes(value);
}
