import type { CurrentAction } from './action-names';
import { arr, bool, extend, num, obj, opt, str, tagged, type FieldsInput, type ObjectSpec, type Spec } from './spec';

/**
 * Payload specs of the 38 v3.6 actions (reference §3; Agent Chat API data structures for events and users).
 *
 * What is required: the fields §3 lists for the action without a condition ("if active", "absent if…"), and inside the
 * full structures it embeds (chat, agent, bot, event) only the ids and each event type's core fields. Everything else
 * is typed when present and otherwise left alone: parse leniently (reference §9.9).
 */

const ID = str();
const GROUP_ID = num;
/**
 * `{namespace: {name: value}}` (updated) and `{namespace: [name, …]}` (deleted). Maps like these are checked as objects
 * only: every key is data, so a key LiveHook does not expect cannot be told from a namespace, and unknown keys must
 * never be findings.
 */
const PROPERTIES = obj();
const DELETED_PROPERTIES = obj();

// --- events (Agent Chat API "Events"; `system` is new in 3.6) ----------------------------------------------------------

const EVENT_BASE = obj({
  id: ID,
  custom_id: opt(str()),
  author_id: opt(ID),
  created_at: opt(str()),
  visibility: opt(str()),
  recipients: opt(str()),
  properties: opt(PROPERTIES),
});

const FORM_FIELDS = arr(obj({ type: opt(str()), id: opt(ID), label: opt(str()) }));

const EVENT = tagged('type', 'event type', {
  message: extend(EVENT_BASE, { text: str(), postback: opt(obj({ id: opt(ID), thread_id: opt(ID), event_id: opt(ID) })) }),
  file: extend(EVENT_BASE, {
    url: str(),
    name: str(),
    content_type: str(),
    size: opt(num),
    width: opt(num),
    height: opt(num),
    thumbnail_url: opt(str()),
    thumbnail2x_url: opt(str()),
    alternative_text: opt(str()),
  }),
  rich_message: extend(EVENT_BASE, { template_id: str(), elements: opt(arr(obj())) }),
  // form_id is "always" returned since 3.3, but 3.2 bodies (LiveChat's Go SDK fixtures) have none.
  filled_form: extend(EVENT_BASE, { form_id: opt(ID), form_type: opt(str()), fields: FORM_FIELDS }),
  form: extend(EVENT_BASE, { form_id: ID, fields: FORM_FIELDS }),
  // No author: the system writes these. `text` is optional in the docs.
  system_message: extend(EVENT_BASE, { system_message_type: str(), text: opt(str()), text_vars: opt(obj()) }),
  custom: extend(EVENT_BASE, { content: opt(obj()) }),
  system: extend(EVENT_BASE, { subtype: opt(str()), source: opt(str()) }),
});

/** message, file, rich_message, filled_form, form, system_message, custom, system. */
export const EVENT_TYPES: readonly string[] = Object.keys(EVENT.variants);

// --- users, chat ----------------------------------------------------------------------------------------------------

const USER = obj({ id: ID, type: opt(str()), name: opt(str()), email: opt(str()) });

const ACCESS = obj({ group_ids: arr(GROUP_ID) });

const THREAD = obj({
  id: ID,
  active: opt(bool),
  user_ids: opt(arr(ID)),
  events: opt(arr(EVENT)),
  properties: opt(PROPERTIES),
  access: opt(obj({ group_ids: opt(arr(GROUP_ID)) })),
  created_at: opt(str()),
});

const CHAT = obj({
  id: ID,
  users: opt(arr(USER)),
  properties: opt(PROPERTIES),
  access: opt(obj({ group_ids: opt(arr(GROUP_ID)) })),
  thread: THREAD,
});

// --- configuration structures ---------------------------------------------------------------------------------------

const GROUP_MEMBERSHIPS = arr(obj({ id: GROUP_ID, priority: opt(str()) }));

/** Agent fields, all optional: agent_created sends the full agent, agent_updated only what changed. */
const AGENT_FIELDS = {
  name: opt(str()),
  role: opt(str()),
  awaiting_approval: opt(bool),
  groups: opt(GROUP_MEMBERSHIPS),
  notifications: opt(arr(str())),
  email_subscriptions: opt(arr(str())),
  // v3.5+: {timezone, schedule: [{day, enabled, start, end}]}; v3.4 had another shape, so only the new keys are typed.
  work_scheduler: opt(obj({ timezone: opt(str()), schedule: opt(arr(obj())) })),
} as const;

const BOT_FIELDS = {
  name: opt(str()),
  default_group_priority: opt(str()),
  groups: opt(GROUP_MEMBERSHIPS),
  owner_client_id: opt(ID),
} as const;

const GROUP_FIELDS = {
  name: opt(str()),
  language_code: opt(str()),
  agent_priorities: opt(obj()),
} as const;

/** One change in auto_accesses_updated: the rule's id, what happened, and (added/updated) the changed rule fields. */
const AUTO_ACCESS_CHANGE = obj({
  id: ID,
  status: str(['added', 'updated', 'deleted']),
  next_id: opt(str()),
  description: opt(str()),
  access: opt(obj({ groups: opt(arr(GROUP_ID)) })),
  conditions: opt(obj()),
});

// --- the payloads ---------------------------------------------------------------------------------------------------

const chatThread = (fields: FieldsInput): ObjectSpec => obj({ chat_id: ID, thread_id: ID, ...fields });

export const CURRENT_PAYLOADS: Readonly<Record<CurrentAction, Spec>> = {
  incoming_chat: obj({ chat: CHAT }),
  chat_deactivated: chatThread({ user_id: opt(ID) }),

  chat_access_updated: obj({ id: ID, access: ACCESS }),
  chat_transferred: obj({
    chat_id: ID,
    thread_id: opt(ID),
    requester_id: opt(ID),
    reason: str(['manual', 'inactive', 'assigned', 'unassigned', 'other']),
    transferred_to: obj({ group_ids: opt(arr(GROUP_ID)), agent_ids: opt(arr(ID)) }),
    // v3.5 docs spelled queued_at as queued_at_us: neither is required.
    queue: opt(obj({ position: opt(num), wait_time: opt(num), queued_at: opt(str()) })),
  }),

  user_added_to_chat: obj({
    chat_id: ID,
    thread_id: opt(ID),
    user: USER,
    user_type: opt(str(['agent', 'customer'])),
    reason: opt(str()),
    requester_id: opt(ID),
  }),
  user_removed_from_chat: obj({
    chat_id: ID,
    thread_id: opt(ID),
    user_id: ID,
    user_type: opt(str(['agent', 'customer'])),
    reason: opt(str()),
    requester_id: opt(ID),
  }),

  incoming_event: chatThread({ event: EVENT }),
  event_deleted: chatThread({ event_id: ID }),
  event_updated: chatThread({ event: EVENT }),
  incoming_rich_message_postback: chatThread({
    user_id: ID,
    event_id: ID,
    postback: obj({
      id: ID,
      toggled: bool,
      button_type: opt(str()),
      button_value: opt(str()),
      ecommerce: opt(obj({ product_id: opt(ID), option_id: opt(ID), quantity: opt(num) })),
    }),
  }),

  chat_properties_updated: obj({ chat_id: ID, properties: PROPERTIES }),
  chat_properties_deleted: obj({ chat_id: ID, properties: DELETED_PROPERTIES }),
  thread_properties_updated: chatThread({ properties: PROPERTIES }),
  thread_properties_deleted: chatThread({ properties: DELETED_PROPERTIES }),
  event_properties_updated: chatThread({ event_id: ID, properties: PROPERTIES }),
  event_properties_deleted: chatThread({ event_id: ID, properties: DELETED_PROPERTIES }),

  thread_tagged: chatThread({ tag: str() }),
  thread_untagged: chatThread({ tag: str() }),

  // The webhook docs spell the statuses with spaces, the Agent Chat API with underscores (reference §3): both pass.
  routing_status_set: obj({
    agent_id: ID,
    status: str(['accepting chats', 'not accepting chats', 'offline', 'accepting_chats', 'not_accepting_chats']),
  }),

  customer_session_fields_updated: obj({
    id: ID,
    active_chat: obj({ chat_id: ID, thread_id: ID }),
    session_fields: arr(obj()),
  }),

  agent_created: obj({ id: ID, ...AGENT_FIELDS }),
  agent_approved: obj({ id: ID }),
  agent_updated: obj({ id: ID, ...AGENT_FIELDS }),
  agent_suspended: obj({ id: ID }),
  agent_unsuspended: obj({ id: ID }),
  // v3.3 and older sent agent_id instead of id.
  agent_deleted: obj({ id: opt(ID), agent_id: opt(ID) }, [{ keys: ['id', 'agent_id'], hint: 'API 3.3 and older send agent_id' }]),
  auto_accesses_updated: arr(AUTO_ACCESS_CHANGE),
  bot_created: obj({ id: ID, ...BOT_FIELDS }),
  bot_updated: obj({ id: ID, ...BOT_FIELDS }),
  bot_deleted: obj({ id: ID }),
  group_created: obj({ id: GROUP_ID, ...GROUP_FIELDS }),
  group_updated: obj({ id: GROUP_ID, ...GROUP_FIELDS }),
  group_deleted: obj({ id: GROUP_ID }),
  tag_created: obj({ name: str(), group_ids: opt(arr(GROUP_ID)), created_at: opt(str()), author_id: opt(ID) }),
  tag_updated: obj({ name: str(), group_ids: opt(arr(GROUP_ID)) }),
  tag_deleted: obj({ name: str() }),

  events_marked_as_seen: obj({ user_id: ID, chat_id: ID, seen_up_to: str() }),
  thread_summary_set: chatThread({ summary: obj({ status: opt(str()), text: opt(str()), updated_at: opt(str()) }) }),
};
