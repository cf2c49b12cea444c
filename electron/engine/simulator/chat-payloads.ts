import { buildEvent, chatLine, type EventAuthor } from './events';
import { timestampUs } from './random';
import type { ChatState, Customer, SimWorld } from './world';

/**
 * Payloads of the chat-scoped actions (reference §3: Chats … Other), shaped like examples.json and taken from the
 * world's chat under way, so a run reads as one conversation.
 */

export interface BuildOptions {
  /** incoming_event / event_updated: which event type (default `message`). */
  eventType?: string;
  /** incoming_event: who writes it. */
  author?: EventAuthor;
  /** incoming_event (message): the text. */
  text?: string;
  /** routing_status_set: the new status (default `accepting chats`). */
  status?: string;
  /** chat_transferred, user_removed_from_chat: why (default `manual`). */
  reason?: string;
}

export type Builder = (world: SimWorld, opts: BuildOptions) => unknown;

type Json = Record<string, unknown>;

export function customerUser(world: SimWorld, c: Customer, chat: ChatState): Json {
  const visitStartUs = chat.createdAtUs - 95_000_000;
  return {
    id: c.id,
    name: c.name,
    email: c.email,
    events_seen_up_to: world.now(),
    type: 'customer',
    present: true,
    created_at: timestampUs(c.createdAtUs),
    visit: {
      started_at: timestampUs(visitStartUs),
      ip: '203.0.113.7',
      user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      geolocation: { country: c.country, country_code: c.countryCode, city: c.city, timezone: c.timezone },
      last_pages: [{ opened_at: timestampUs(visitStartUs), url: chat.startUrl, title: 'Example' }],
    },
  };
}

export function agentUser(world: SimWorld, id: string): Json {
  return {
    id,
    name: world.agent(id).name,
    email: id,
    events_seen_up_to: world.now(),
    type: 'agent',
    present: true,
    avatar: 'https://cdn.livechat-files.com/api/file/avatar.png',
    visibility: 'all',
  };
}

function threadProperties(chat: ChatState): Json {
  return {
    routing: { continuous: false, idle: false, referrer: '', start_url: chat.startUrl, unassigned: false },
    source: { client_id: '9cbf3a968289727cb3cdfe83ab1d9836' },
  };
}

const chatThread = (chat: ChatState): Json => ({ chat_id: chat.id, thread_id: chat.threadId });

/** The integration's own property namespace, as LiveChat keys properties by Client ID. */
function ownProperties(world: SimWorld, values: unknown): Json {
  return { [world.integrationClientId]: values };
}

/** Another agent of the team than the ones in the chat (transfers, additions). */
function otherAgent(world: SimWorld, chat: ChatState): string {
  return (world.agents.find((a) => !chat.agentIds.includes(a.id)) ?? world.agents[world.agents.length - 1]!).id;
}

export const CHAT_BUILDERS = {
  incoming_chat: (w) => {
    const chat = w.openChat();
    const form = buildEvent(w, chat, 'filled_form');
    w.advance(1_100);
    const hello = buildEvent(w, chat, 'message', { author: 'customer', text: 'Hello there' });
    return {
      chat: {
        id: chat.id,
        users: [customerUser(w, chat.customer, chat), agentUser(w, chat.agentIds[0]!)],
        properties: w.chatProperties(),
        access: { group_ids: [chat.groupId] },
        thread: {
          id: chat.threadId,
          active: true,
          user_ids: w.presence(chat),
          events: [form, hello],
          properties: threadProperties(chat),
          access: { group_ids: [chat.groupId] },
          created_at: timestampUs(chat.createdAtUs),
        },
      },
    };
  },
  chat_deactivated: (w) => {
    // A closed chat cannot be closed again: closing "the current chat" after it closed means the next one.
    const chat = w.chat?.active === false ? w.openChat() : w.currentChat();
    chat.active = false;
    return { ...chatThread(chat), user_id: chat.agentIds[0] };
  },
  chat_access_updated: (w) => {
    const chat = w.currentChat();
    return { id: chat.id, access: { group_ids: [chat.groupId] } };
  },
  chat_transferred: (w, o) => {
    const chat = w.currentChat();
    const from = chat.agentIds[0]!;
    const to = otherAgent(w, chat);
    const group = w.groups.find((g) => g.id !== chat.groupId) ?? w.groups[0]!;
    chat.groupId = group.id;
    // The new agent serves the chat; the previous one stays until user_removed_from_chat says they left.
    chat.agentIds = [to, ...chat.agentIds.filter((a) => a !== to && a !== from), from];
    return {
      ...chatThread(chat),
      requester_id: from,
      reason: o.reason ?? 'manual',
      transferred_to: { group_ids: [group.id], agent_ids: [to] },
      queue: { position: w.random.int(1, 5), wait_time: w.random.int(10, 300), queued_at: w.now() },
    };
  },
  user_added_to_chat: (w) => {
    const chat = w.currentChat();
    const added = otherAgent(w, chat);
    const requester = chat.agentIds[0]!;
    if (!chat.agentIds.includes(added)) chat.agentIds.push(added);
    return { ...chatThread(chat), user: agentUser(w, added), user_type: 'agent', reason: 'manual', requester_id: requester };
  },
  user_removed_from_chat: (w, o) => {
    const chat = w.currentChat();
    const removed = chat.agentIds.length > 1 ? chat.agentIds[chat.agentIds.length - 1]! : chat.agentIds[0]!;
    if (chat.agentIds.length > 1) chat.agentIds = chat.agentIds.filter((a) => a !== removed);
    return { ...chatThread(chat), user_id: removed, user_type: 'agent', reason: o.reason ?? 'manual', requester_id: chat.agentIds[0] };
  },
  incoming_event: (w, o) => {
    const chat = w.currentChat();
    const event = buildEvent(w, chat, o.eventType ?? 'message', {
      ...(o.author === undefined ? {} : { author: o.author }),
      ...(o.text === undefined ? {} : { text: o.text }),
    });
    return { ...chatThread(chat), event };
  },
  event_deleted: (w) => {
    const chat = w.currentChat();
    return { ...chatThread(chat), event_id: w.lastEvent(chat, (e) => e.authorKind !== 'system') };
  },
  event_updated: (w, o) => {
    const chat = w.currentChat();
    const type = o.eventType ?? 'message';
    // An edit keeps the event's id and creation time: build it, then take the id of the event being edited.
    const event = buildEvent(w, chat, type, { author: o.author ?? 'agent', text: o.text ?? `${chatLine(w, 'agent')} (edited)` });
    chat.events.pop();
    chat.eventCount -= 1;
    const edited = chat.events.filter((e) => e.type === type && e.authorKind === (o.author ?? 'agent')).at(-1);
    if (edited !== undefined) {
      event.id = edited.id;
      event.created_at = timestampUs(edited.createdAtUs);
    } else {
      event.id = w.nextEventId(chat, o.author ?? 'agent', type);
    }
    return { ...chatThread(chat), event };
  },
  incoming_rich_message_postback: (w) => {
    const chat = w.currentChat();
    const eventId = w.lastEvent(chat, (e) => e.type === 'rich_message');
    return {
      user_id: chat.customer.id,
      ...chatThread(chat),
      event_id: eventId,
      postback: { id: 'action_yes', toggled: true, button_type: 'message', button_value: 'yes' },
    };
  },
  chat_properties_updated: (w) => {
    const chat = w.currentChat();
    return { chat_id: chat.id, properties: { routing: { pinned: true }, ...ownProperties(w, { order_id: `ORD-${w.random.int(10_000, 99_999)}` }) } };
  },
  chat_properties_deleted: (w) => {
    const chat = w.currentChat();
    return { chat_id: chat.id, properties: ownProperties(w, ['order_id']) };
  },
  thread_properties_updated: (w) => {
    const chat = w.currentChat();
    return { ...chatThread(chat), properties: ownProperties(w, { priority: 'high', ticket_id: w.random.int(1000, 9999) }) };
  },
  thread_properties_deleted: (w) => {
    const chat = w.currentChat();
    return { ...chatThread(chat), properties: ownProperties(w, ['priority']) };
  },
  event_properties_updated: (w) => {
    const chat = w.currentChat();
    return { ...chatThread(chat), event_id: w.lastEvent(chat), properties: ownProperties(w, { sentiment: 'positive' }) };
  },
  event_properties_deleted: (w) => {
    const chat = w.currentChat();
    return { ...chatThread(chat), event_id: w.lastEvent(chat), properties: ownProperties(w, ['sentiment']) };
  },
  thread_tagged: (w) => {
    const chat = w.currentChat();
    const tag = w.tags.find((t) => !chat.tags.includes(t)) ?? w.random.pick(w.tags);
    if (!chat.tags.includes(tag)) chat.tags.push(tag);
    return { ...chatThread(chat), tag };
  },
  thread_untagged: (w) => {
    const chat = w.currentChat();
    const tag = chat.tags.pop() ?? w.tags[0]!;
    return { ...chatThread(chat), tag };
  },
  customer_session_fields_updated: (w) => {
    const chat = w.currentChat();
    return {
      id: chat.customer.id,
      active_chat: chatThread(chat),
      session_fields: [{ plan: w.random.pick(['free', 'team', 'business']) }, { cart_value: String(w.random.int(10, 500)) }],
    };
  },
  events_marked_as_seen: (w) => {
    const chat = w.currentChat();
    const last = chat.events.at(-1);
    return { user_id: chat.agentIds[0], chat_id: chat.id, seen_up_to: last === undefined ? w.now() : timestampUs(last.createdAtUs) };
  },
  thread_summary_set: (w) => {
    const chat = w.currentChat();
    return {
      ...chatThread(chat),
      summary: {
        status: 'ok',
        text: `• ${chat.customer.name} asks about an order.  \n• The agent checks it and answers.  \n• The customer thanks the agent.`,
        updated_at: w.now(),
      },
    };
  },
} satisfies Record<string, Builder>;
