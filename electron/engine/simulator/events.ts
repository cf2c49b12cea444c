import { EVENT_TYPES } from '@shared/livechat/catalogue';
import { hexId } from './random';
import type { ChatState, SimWorld } from './world';

/**
 * Chat events (Agent Chat API "Events"), one builder per event type the catalogue knows, shaped like the docs'
 * v3.6 samples. Each call takes the next `<thread>_<n>` id of the chat's thread.
 */

export type EventAuthor = 'customer' | 'agent';

export interface EventOptions {
  /** Who writes it; each type has a natural default (customers fill forms, agents send rich messages). */
  author?: EventAuthor;
  /** For `message`: the text. */
  text?: string;
}

type Json = Record<string, unknown>;

const CUSTOMER_LINES = [
  'Hello there',
  'Do you ship to Poland?',
  'I was charged twice for my last order.',
  'Can I change the delivery address?',
  'Is there a discount for annual plans?',
  'Thanks, that helps!',
  'How long does a refund take?',
];
const AGENT_LINES = [
  'Hi, how can I help you today?',
  'Let me check that for you.',
  'Yes, we do. Delivery takes 3–5 working days.',
  'I have refunded the duplicate charge.',
  'Anything else I can help with?',
  'Have a great day!',
];

const DEFAULT_AUTHOR: Readonly<Record<string, EventAuthor>> = {
  message: 'customer',
  file: 'customer',
  rich_message: 'agent',
  filled_form: 'customer',
  form: 'agent',
  custom: 'agent',
};

export function isEventType(type: string): boolean {
  return EVENT_TYPES.includes(type);
}

/** A customer's or agent's line of chat, varied by the seed. */
export function chatLine(world: SimWorld, author: EventAuthor): string {
  return world.random.pick(author === 'customer' ? CUSTOMER_LINES : AGENT_LINES);
}

export function buildEvent(world: SimWorld, chat: ChatState, type: string, opts: EventOptions = {}): Json {
  if (!isEventType(type)) throw new RangeError(`unknown event type "${type}" (known: ${EVENT_TYPES.join(', ')})`);
  const r = world.random;
  const system = type === 'system_message' || type === 'system';
  const author = opts.author ?? DEFAULT_AUTHOR[type] ?? 'agent';
  const authorId = author === 'customer' ? chat.customer.id : chat.agentIds[0]!;
  const id = world.nextEventId(chat, system ? 'system' : author, type);
  const base: Json = { id, custom_id: `${hexId(r, 6)}-${hexId(r, 4)}`, type };
  if (!system) base.author_id = authorId;
  base.created_at = world.now();
  base.visibility = 'all';

  switch (type) {
    case 'message':
      return { ...base, text: opts.text ?? chatLine(world, author) };
    case 'file': {
      const file = hexId(r, 24);
      return {
        ...base,
        name: 'receipt.png',
        url: `https://cdn.files-text.com/api/lc/att/${file}/receipt.png`,
        thumbnail_url: `https://cdn.files-text.com/api/lc/att/${file}/receipt-thumb.png`,
        thumbnail2x_url: `https://cdn.files-text.com/api/lc/att/${file}/receipt-thumb2x.png`,
        content_type: 'image/png',
        size: r.int(20_000, 900_000),
        width: 1280,
        height: r.pick([720, 960, 1024]),
        alternative_text: 'A photo of the receipt',
      };
    }
    case 'rich_message':
      return {
        ...base,
        template_id: 'cards',
        elements: [
          {
            title: 'Did this answer your question?',
            buttons: [
              { text: 'Yes', type: 'message', value: 'yes', postback_id: 'action_yes', user_ids: [] },
              { text: 'No', type: 'message', value: 'no', postback_id: 'action_no', user_ids: [] },
            ],
          },
        ],
      };
    case 'filled_form':
      return {
        ...base,
        form_id: String(r.int(1_400_000_000_000, 1_499_999_999_999)),
        form_type: 'prechat',
        fields: [
          { type: 'name', id: String(r.int(1e17, 2e17)), label: 'Your name', answer: chat.customer.name },
          { type: 'email', id: String(r.int(1e17, 2e17)), label: 'Your email', answer: chat.customer.email },
        ],
      };
    case 'form':
      return {
        ...base,
        form_id: String(r.int(1_400_000_000_000, 1_499_999_999_999)),
        fields: [
          { type: 'header', id: String(r.int(1e17, 2e17)), label: 'Rate this chat' },
          { type: 'rating', id: String(r.int(1e17, 2e17)), label: 'How would you rate the service?' },
        ],
      };
    case 'system_message': {
      const agent = world.agent(chat.agentIds[0]!);
      return {
        ...base,
        system_message_type: 'routing.assigned',
        text: `Chat assigned to ${agent.name}`,
        text_vars: { agent: agent.name },
      };
    }
    case 'custom':
      return { ...base, content: { kind: 'order_status', order_id: `ORD-${r.int(10_000, 99_999)}`, status: 'shipped' } };
    case 'system':
      // New in 3.6 and barely documented: only the fields the catalogue types (subtype, source) are set.
      return { ...base, subtype: 'chat_transferred', source: 'system' };
    default:
      throw new RangeError(`no builder for event type "${type}"`);
  }
}
