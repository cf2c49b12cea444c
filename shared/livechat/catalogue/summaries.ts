import type { CurrentAction } from './action-names';
import { firstMessageText, incomingEventText, updatedEventText } from './event-text';
import {
  arrAt, asText, capitalize, field, firstKeys, isObj, listOf, listText, objAt, propertyNames, quote, strAt, whoIs,
  type Obj,
} from './read';

/**
 * One human sentence per action, from the body's own values. Every reader tolerates any input (absent, wrong type,
 * huge), so a summary never throws; a summary that finds nothing to say returns undefined and the catalogue falls
 * back to the action's description.
 */
export type Summarizer = (payload: unknown, body: Obj) => string | undefined;

// --- sentence parts -------------------------------------------------------------------------------------------------

/** "chat PJ0MRSHTDG", or "a chat" when the id is missing. */
export const chatRef = (id: string | undefined): string => (id === undefined ? 'a chat' : `chat ${id}`);
const threadRef = (p: unknown): string => {
  const thread = strAt(p, 'thread_id');
  return thread === undefined ? chatRef(strAt(p, 'chat_id')) : `thread ${thread} in ${chatRef(strAt(p, 'chat_id'))}`;
};
const by = (id: string | undefined): string => (id === undefined ? '' : ` by ${id}`);
/** Configuration webhooks name who made the change in `requester.user_id` (v3.6+). */
const byRequester = (body: Obj): string => by(strAt(objAt(body, 'requester'), 'user_id'));
const withDetail = (sentence: string, detail: string | undefined): string => (detail === undefined ? sentence : `${sentence}: ${detail}`);
const inParens = (detail: string | undefined): string => (detail === undefined ? '' : ` (${detail})`);
const plural = (n: number, one: string): string => (n === 1 ? one : `${one}s`);

function countOf(v: unknown): number {
  return Array.isArray(v) ? v.length : 0;
}

function groupsText(ids: unknown): string | undefined {
  const list = listOf(ids);
  return list === undefined ? undefined : `${plural(countOf(ids), 'group')} ${list}`;
}

/** The fields an *_updated configuration webhook changed (everything but the id). */
function changedFields(p: unknown): string | undefined {
  if (!isObj(p)) return undefined;
  const keys = firstKeys(p, 5).filter((k) => k !== 'id');
  return listText(keys.map((k) => asText(k, 40) ?? k));
}

// --- per action -----------------------------------------------------------------------------------------------------

function incomingChat(p: unknown): string {
  const chat = objAt(p, 'chat');
  const users = arrAt(chat, 'users') ?? [];
  let customer: string | undefined;
  for (let i = 0; i < users.length && i < 20 && customer === undefined; i++) {
    if (field(users[i], 'type') === 'customer') customer = strAt(users[i], 'name', 60) ?? strAt(users[i], 'id');
  }
  const from = customer === undefined ? '' : ` from ${customer}`;
  const id = strAt(chat, 'id');
  return withDetail(`${id === undefined ? 'A new chat' : `New chat ${id}`}${from}`, firstMessageText(chat));
}

function chatDeactivated(p: unknown): string {
  const user = strAt(p, 'user_id');
  // No user_id: the router closed the thread (inactivity, transfers).
  return `${capitalize(chatRef(strAt(p, 'chat_id')))} was closed ${user === undefined ? 'by the router' : `by ${whoIs(user)}`}`;
}

function chatTransferred(p: unknown): string {
  const to = objAt(p, 'transferred_to');
  const agents = listOf(field(to, 'agent_ids'));
  const targets = [agents === undefined ? undefined : `${plural(countOf(field(to, 'agent_ids')), 'agent')} ${agents}`, groupsText(field(to, 'group_ids'))]
    .filter((t): t is string => t !== undefined);
  const toText = targets.length === 0 ? '' : ` to ${targets.join(' and ')}`;
  const position = asText(field(objAt(p, 'queue'), 'position'));
  const queued = position === undefined ? '' : `; queued at position ${position}`;
  return `${capitalize(chatRef(strAt(p, 'chat_id')))} was transferred${toText}${by(strAt(p, 'requester_id'))}${inParens(strAt(p, 'reason', 40))}${queued}`;
}

function userAdded(p: unknown): string {
  const user = objAt(p, 'user');
  const id = strAt(user, 'id');
  const name = strAt(user, 'name', 60);
  const who = name !== undefined && id !== undefined && name !== id ? `"${name}" (${id})` : (id ?? (name === undefined ? 'someone' : `"${name}"`));
  const role = strAt(p, 'user_type', 20) ?? strAt(user, 'type', 20);
  const requester = strAt(p, 'requester_id');
  const subject = role === undefined ? capitalize(who) : `${capitalize(role)} ${who}`;
  return `${subject} was added to ${chatRef(strAt(p, 'chat_id'))}${requester === id ? '' : by(requester)}`;
}

function userRemoved(p: unknown): string {
  const id = strAt(p, 'user_id');
  const role = strAt(p, 'user_type', 20);
  const subject = capitalize(role === undefined ? (id ?? 'someone') : `${role} ${id ?? ''}`.trim());
  const requester = strAt(p, 'requester_id');
  const chat = chatRef(strAt(p, 'chat_id'));
  if (requester !== undefined && requester === id) return `${subject} left ${chat}`;
  return `${subject} was removed from ${chat}${by(requester)}`;
}

function postback(p: unknown): string {
  const pb = objAt(p, 'postback');
  const user = strAt(p, 'user_id');
  const who = user === undefined ? 'Someone' : capitalize(whoIs(user));
  const verb = field(pb, 'toggled') === false ? 'untoggled' : 'clicked';
  const button = strAt(pb, 'id', 60);
  return `${who} ${verb} ${button === undefined ? 'a button' : `"${button}"`} on a rich message in ${chatRef(strAt(p, 'chat_id'))}`;
}

function propertiesText(what: (p: unknown) => string, verb: 'updated' | 'deleted'): Summarizer {
  return (p) => withDetail(`Properties of ${what(p)} were ${verb}`, listText(propertyNames(field(p, 'properties'))));
}
const eventRef = (p: unknown): string => {
  const event = strAt(p, 'event_id');
  return event === undefined ? `an event in ${chatRef(strAt(p, 'chat_id'))}` : `event ${event} in ${chatRef(strAt(p, 'chat_id'))}`;
};

const ROUTING_STATUS: Readonly<Record<string, string>> = {
  'accepting chats': 'accepting chats',
  accepting_chats: 'accepting chats',
  'not accepting chats': 'not accepting chats',
  not_accepting_chats: 'not accepting chats',
  offline: 'offline',
};

function routingStatus(p: unknown): string {
  const agent = strAt(p, 'agent_id');
  const who = agent === undefined ? 'An agent' : capitalize(whoIs(agent));
  const status = strAt(p, 'status', 40);
  if (status === undefined) return `${who} changed routing status`;
  return Object.hasOwn(ROUTING_STATUS, status) ? `${who} is now ${ROUTING_STATUS[status]}` : `${who} set routing status "${status}"`;
}

function sessionFields(p: unknown): string {
  const customer = strAt(p, 'id');
  const keys: string[] = [];
  const fields = arrAt(p, 'session_fields') ?? [];
  for (let i = 0; i < fields.length && i < 10 && keys.length < 3; i++) {
    if (isObj(fields[i])) keys.push(...firstKeys(fields[i] as Obj, 3 - keys.length).map((k) => asText(k, 40) ?? k));
  }
  const who = customer === undefined ? 'A customer' : `Customer ${customer}`;
  const chat = strAt(objAt(p, 'active_chat'), 'chat_id');
  return `${who} updated session fields${inParens(listText(keys))} in ${chatRef(chat)}`;
}

/** agent_*, bot_*, group_*: "Agent smith@example.com was approved by user@example.com". */
function configChange(kind: 'Agent' | 'Bot' | 'Group', verb: string, showChanges = false): Summarizer {
  return (p, body) => {
    const id = strAt(p, 'id') ?? strAt(p, 'agent_id');
    const name = strAt(p, 'name', 60);
    const subject = [kind, name === undefined ? undefined : `"${name}"`, id === undefined ? undefined : (name === undefined ? id : `(${id})`)]
      .filter((s) => s !== undefined)
      .join(' ');
    const role = kind === 'Agent' && verb === 'created' ? strAt(p, 'role', 30) : undefined;
    return `${subject} was ${verb}${role === undefined ? '' : ` as ${role}`}${showChanges ? inParens(changedFields(p)) : ''}${byRequester(body)}`;
  };
}

function autoAccesses(p: unknown, body: Obj): string {
  const counts = new Map<string, number>();
  if (Array.isArray(p)) {
    for (let i = 0; i < p.length && i < 1000; i++) {
      const status = strAt(p[i], 'status', 20) ?? 'changed';
      counts.set(status, (counts.get(status) ?? 0) + 1);
    }
  }
  const parts = [...counts].map(([status, n]) => `${n} ${status}`);
  return `Auto access rules changed${parts.length === 0 ? '' : `: ${parts.join(', ')}`}${byRequester(body)}`;
}

function tag(verb: string): Summarizer {
  return (p, body) => {
    const name = strAt(p, 'name', 60);
    const groups = verb === 'deleted' ? undefined : groupsText(field(p, 'group_ids'));
    const author = verb === 'created' ? strAt(p, 'author_id') : undefined;
    return `Tag ${name === undefined ? '' : `"${name}" `}was ${verb}${inParens(groups)}${author === undefined ? byRequester(body) : by(author)}`;
  };
}

export const CURRENT_SUMMARIES: Readonly<Record<CurrentAction, Summarizer>> = {
  incoming_chat: incomingChat,
  chat_deactivated: chatDeactivated,
  chat_access_updated: (p) => withDetail(`Access to ${chatRef(strAt(p, 'id'))} changed`, groupsText(field(objAt(p, 'access'), 'group_ids'))),
  chat_transferred: chatTransferred,
  user_added_to_chat: userAdded,
  user_removed_from_chat: userRemoved,
  incoming_event: (p) => incomingEventText(objAt(p, 'event'), strAt(p, 'chat_id')),
  event_deleted: (p) => `${capitalize(eventRef(p))} was deleted`,
  event_updated: (p) => updatedEventText(objAt(p, 'event'), strAt(p, 'chat_id')),
  incoming_rich_message_postback: postback,
  chat_properties_updated: propertiesText((p) => chatRef(strAt(p, 'chat_id')), 'updated'),
  chat_properties_deleted: propertiesText((p) => chatRef(strAt(p, 'chat_id')), 'deleted'),
  thread_properties_updated: propertiesText(threadRef, 'updated'),
  thread_properties_deleted: propertiesText(threadRef, 'deleted'),
  event_properties_updated: propertiesText(eventRef, 'updated'),
  event_properties_deleted: propertiesText(eventRef, 'deleted'),
  thread_tagged: (p) => `${capitalize(threadRef(p))} was tagged${strAt(p, 'tag', 60) === undefined ? '' : ` "${strAt(p, 'tag', 60)}"`}`,
  thread_untagged: (p) => `${strAt(p, 'tag', 60) === undefined ? 'A tag' : `Tag "${strAt(p, 'tag', 60)}"`} was removed from ${threadRef(p)}`,
  routing_status_set: routingStatus,
  customer_session_fields_updated: sessionFields,
  agent_created: configChange('Agent', 'created'),
  agent_approved: configChange('Agent', 'approved'),
  agent_updated: configChange('Agent', 'updated', true),
  agent_suspended: configChange('Agent', 'suspended'),
  agent_unsuspended: configChange('Agent', 'unsuspended'),
  agent_deleted: configChange('Agent', 'deleted'),
  auto_accesses_updated: autoAccesses,
  bot_created: configChange('Bot', 'created'),
  bot_updated: configChange('Bot', 'updated', true),
  bot_deleted: configChange('Bot', 'deleted'),
  group_created: configChange('Group', 'created'),
  group_updated: configChange('Group', 'updated', true),
  group_deleted: configChange('Group', 'deleted'),
  tag_created: tag('created'),
  tag_updated: tag('updated'),
  tag_deleted: tag('deleted'),
  events_marked_as_seen: (p) => {
    const user = strAt(p, 'user_id');
    const upTo = strAt(p, 'seen_up_to', 40);
    return `${user === undefined ? 'Someone' : capitalize(whoIs(user))} saw the events in ${chatRef(strAt(p, 'chat_id'))}${upTo === undefined ? '' : ` up to ${upTo}`}`;
  },
  thread_summary_set: (p) => withDetail(`A summary was set for ${threadRef(p)}`, quote(asText(field(objAt(p, 'summary'), 'text'), 1000))),
};
