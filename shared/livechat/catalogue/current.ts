import type { ActionGroup, CurrentAction, FilterName } from './action-names';
import {
  CHAT_DATA, CHAT_FILTERS, CHAT_IDS, CHAT_THREAD_IDS, CONFIG_FILTERS, EVENT_FILTERS, NO_DATA, type EntryDef, type IdPaths,
} from './entry';
import { chatEnvelope } from './envelopes';
import { CURRENT_PAYLOADS } from './payloads';
import { CURRENT_SUMMARIES } from './summaries';

/** The 38 actions of API v3.6 (reference §3): group, one-line description, where the ids sit, filters. */

interface Meta {
  readonly group: ActionGroup;
  readonly description: string;
  readonly ids: IdPaths;
  /** Chat-scoped unless said otherwise: chat filters and both additional_data values. */
  readonly filters?: readonly FilterName[];
  readonly configuration?: boolean;
}

const EVENT_IDS = { ...CHAT_THREAD_IDS, event: 'payload.event.id', user: 'payload.event.author_id' } as const;
const EVENT_ID_IDS = { ...CHAT_THREAD_IDS, event: 'payload.event_id' } as const;
const config = (description: string, ids: IdPaths = {}): Meta => ({ group: 'Configuration', description, ids, configuration: true });

const META: Readonly<Record<CurrentAction, Meta>> = {
  incoming_chat: {
    group: 'Chats',
    description: 'A new chat started (the payload is the whole chat with its first thread)',
    ids: { chat: 'payload.chat.id', thread: 'payload.chat.thread.id' },
  },
  chat_deactivated: { group: 'Chats', description: 'A chat was closed (its open thread ended)', ids: { ...CHAT_THREAD_IDS, user: 'payload.user_id' } },
  chat_access_updated: { group: 'Chat access', description: 'The groups with access to a chat changed', ids: { chat: 'payload.id' } },
  chat_transferred: {
    group: 'Chat access',
    description: 'A chat was transferred to another group or agent',
    ids: { ...CHAT_THREAD_IDS, user: 'payload.requester_id' },
  },
  user_added_to_chat: { group: 'Chat users', description: 'An agent or customer was added to a chat', ids: { ...CHAT_THREAD_IDS, user: 'payload.user.id' } },
  user_removed_from_chat: {
    group: 'Chat users',
    description: 'An agent or customer was removed from a chat',
    ids: { ...CHAT_THREAD_IDS, user: 'payload.user_id' },
  },
  incoming_event: { group: 'Events', description: 'A message or other event was sent in a chat', ids: EVENT_IDS, filters: EVENT_FILTERS },
  event_deleted: { group: 'Events', description: 'An event was deleted from a chat', ids: EVENT_ID_IDS },
  event_updated: { group: 'Events', description: 'An event in a chat was edited', ids: EVENT_IDS, filters: EVENT_FILTERS },
  incoming_rich_message_postback: {
    group: 'Events',
    description: 'A user clicked a button of a rich message',
    ids: { ...EVENT_ID_IDS, user: 'payload.user_id' },
  },
  chat_properties_updated: { group: 'Properties', description: 'Chat properties were set or changed', ids: CHAT_IDS },
  chat_properties_deleted: { group: 'Properties', description: 'Chat properties were deleted', ids: CHAT_IDS },
  thread_properties_updated: { group: 'Properties', description: 'Thread properties were set or changed', ids: CHAT_THREAD_IDS },
  thread_properties_deleted: { group: 'Properties', description: 'Thread properties were deleted', ids: CHAT_THREAD_IDS },
  event_properties_updated: { group: 'Properties', description: 'Event properties were set or changed', ids: EVENT_ID_IDS },
  event_properties_deleted: { group: 'Properties', description: 'Event properties were deleted', ids: EVENT_ID_IDS },
  thread_tagged: { group: 'Thread tags', description: 'A thread was tagged', ids: CHAT_THREAD_IDS },
  thread_untagged: { group: 'Thread tags', description: 'A tag was removed from a thread', ids: CHAT_THREAD_IDS },
  routing_status_set: {
    group: 'Status',
    description: "An agent's or bot's routing status changed (accepting chats, not accepting chats, offline)",
    ids: { user: 'payload.agent_id' },
    filters: ['agent_ids', 'source_type'],
  },
  customer_session_fields_updated: {
    group: 'Customers',
    description: "A chatting customer's session fields changed (sent once per active chat)",
    ids: { chat: 'payload.active_chat.chat_id', thread: 'payload.active_chat.thread_id', user: 'payload.id' },
    filters: ['chat_presence', 'source_type'],
  },
  agent_created: config('An agent account was created', { user: 'payload.id' }),
  agent_approved: config("An agent's account was approved", { user: 'payload.id' }),
  agent_updated: config("An agent's configuration changed", { user: 'payload.id' }),
  agent_suspended: config("An agent's account was suspended", { user: 'payload.id' }),
  agent_unsuspended: config("An agent's account was unsuspended", { user: 'payload.id' }),
  agent_deleted: config("An agent's account was deleted", { user: 'payload.id' }),
  auto_accesses_updated: config('Auto access rules were added, updated or deleted'),
  bot_created: config('A bot was created', { user: 'payload.id' }),
  bot_updated: config("A bot's configuration changed", { user: 'payload.id' }),
  bot_deleted: config('A bot was deleted', { user: 'payload.id' }),
  group_created: config('A group was created'),
  group_updated: config("A group's configuration changed"),
  group_deleted: config('A group was deleted'),
  tag_created: config('A tag was created'),
  tag_updated: config('A tag was changed'),
  tag_deleted: config('A tag was deleted'),
  events_marked_as_seen: { group: 'Other', description: 'A user saw the events of a chat', ids: { ...CHAT_IDS, user: 'payload.user_id' } },
  thread_summary_set: { group: 'Other', description: "A thread's AI summary was set", ids: CHAT_THREAD_IDS },
};

function defOf(action: CurrentAction): EntryDef {
  const meta = META[action];
  const configuration = meta.configuration === true;
  // routing_status_set is not chat-scoped: no chat filters, no chat additional data (examples.json, reference §2.7).
  const chatScoped = !configuration && action !== 'routing_status_set';
  return {
    group: meta.group,
    description: meta.description,
    ids: meta.ids,
    filters: meta.filters ?? (configuration ? CONFIG_FILTERS : CHAT_FILTERS),
    additionalData: chatScoped ? CHAT_DATA : NO_DATA,
    body: chatEnvelope(CURRENT_PAYLOADS[action], { requester: configuration }),
    summarize: CURRENT_SUMMARIES[action],
  };
}

export function currentDefs(actions: readonly CurrentAction[]): Array<[CurrentAction, EntryDef]> {
  return actions.map((a) => [a, defOf(a)]);
}
