import { randomBytes, randomUUID } from 'node:crypto';

/**
 * Believable payloads for the "Sandbox account" to trigger, shaped like reference §3 and `examples.json`, with fresh
 * ids each time (so two triggers are two events, not a retry): chat and thread ids of 10 uppercase characters, event
 * ids `<thread_id>_<n>`, agents as emails, customers as UUIDs, group ids integers, Client IDs 32-hex, RFC 3339
 * timestamps with microseconds.
 */

export interface SampleEvent {
  payload: unknown;
  /** What LiveChat knows about the chat (chat-scoped actions): used for `additional_data` and the filters. */
  additional_data: Record<string, unknown>;
  requester?: { user_id: string; account_id: string; client_id: string };
}

const AGENT = { id: 'smith@example.com', name: 'Agent Smith' };
/** The LiveChat Agent App stands in as the client that made configuration changes (so `source_type` is `other_clients`). */
const AGENT_APP_CLIENT_ID = 'bb9e5b2f1ab480e4a715977b7b1b4279';
/** The chat widget's client: chats it starts are not "my chats" for any other client (§2.6 `only_my_chats`). */
const WIDGET_CLIENT_ID = '9cbf3a968289727cb3cdfe83ab1d9836';

const upperId = (): string => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return [...randomBytes(10)].map((b) => alphabet[b % alphabet.length]).join('');
};
const timestamp = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

export const SAMPLE_ACTIONS = [
  'incoming_chat',
  'incoming_event',
  'event_updated',
  'chat_deactivated',
  'thread_tagged',
  'thread_untagged',
  'chat_properties_updated',
  'routing_status_set',
  'agent_created',
  'agent_deleted',
] as const;

export function hasSample(action: string): boolean {
  return (SAMPLE_ACTIONS as readonly string[]).includes(action);
}

/** The payload part of `sampleEvent`. Throws for an action without a sample (pass your own payload then). */
export function samplePayload(action: string, now = Date.now()): unknown {
  return sampleEvent(action, now).payload;
}

export function sampleEvent(action: string, now = Date.now()): SampleEvent {
  const chatId = upperId();
  const threadId = upperId();
  const customerId = randomUUID();
  const chatProperties = { routing: { continuous: false, pinned: false }, source: { client_id: WIDGET_CLIENT_ID } };
  const chatData = { chat_properties: chatProperties, chat_presence_user_ids: [customerId, AGENT.id] };
  const requester = { user_id: AGENT.id, account_id: randomUUID(), client_id: AGENT_APP_CLIENT_ID };
  const message = (n: number, authorId: string, text: string) => ({
    id: `${threadId}_${n}`,
    custom_id: randomBytes(6).toString('hex'),
    type: 'message',
    author_id: authorId,
    created_at: timestamp(now),
    text,
    visibility: 'all',
  });

  switch (action) {
    case 'incoming_chat':
      return {
        payload: {
          chat: {
            id: chatId,
            users: [
              { id: customerId, name: 'Thomas Anderson', email: 't.anderson@example.com', type: 'customer', present: true, created_at: timestamp(now - 86_400_000) },
              { id: AGENT.id, name: AGENT.name, email: AGENT.id, type: 'agent', present: true, visibility: 'all' },
            ],
            properties: chatProperties,
            access: { group_ids: [0] },
            thread: {
              id: threadId,
              active: true,
              user_ids: [customerId, AGENT.id],
              events: [message(1, customerId, 'Hello there')],
              properties: { routing: { continuous: false, idle: false, unassigned: false }, source: { client_id: WIDGET_CLIENT_ID } },
              access: { group_ids: [0] },
              created_at: timestamp(now),
            },
          },
        },
        additional_data: chatData,
      };
    case 'incoming_event':
      return { payload: { chat_id: chatId, thread_id: threadId, event: message(2, customerId, 'Do you ship to Poland?') }, additional_data: chatData };
    case 'event_updated':
      return { payload: { chat_id: chatId, thread_id: threadId, event: message(3, AGENT.id, 'Hi Thomas, yes we do!') }, additional_data: chatData };
    case 'chat_deactivated':
      return { payload: { chat_id: chatId, thread_id: threadId, user_id: AGENT.id }, additional_data: chatData };
    case 'thread_tagged':
    case 'thread_untagged':
      return { payload: { chat_id: chatId, thread_id: threadId, tag: 'sales' }, additional_data: chatData };
    case 'chat_properties_updated':
      return { payload: { chat_id: chatId, properties: { routing: { pinned: true } } }, additional_data: chatData };
    case 'routing_status_set':
      // §3: the webhook docs spell the status with spaces (the Agent Chat API with underscores).
      return { payload: { agent_id: AGENT.id, status: 'accepting chats' }, additional_data: {} };
    case 'agent_created':
      return {
        payload: {
          id: `agent-${randomBytes(3).toString('hex')}@example.com`,
          name: 'New Agent',
          role: 'normal',
          awaiting_approval: false,
          groups: [{ id: 0, priority: 'normal' }],
          notifications: ['new_visitor', 'incoming_chat'],
          email_subscriptions: ['weekly_summary'],
          work_scheduler: { timezone: 'Europe/Warsaw', schedule: [{ day: 'monday', enabled: true, start: '08:30', end: '16:30' }] },
        },
        requester,
        additional_data: {},
      };
    case 'agent_deleted':
      return { payload: { id: `agent-${randomBytes(3).toString('hex')}@example.com` }, requester, additional_data: {} };
    default:
      throw new Error(`no sample payload for action "${action}"; pass a payload (samples: ${SAMPLE_ACTIONS.join(', ')})`);
  }
}
