import { createRandom, hexId, timestampUs, upperId, uuid, type Random } from './random';

/**
 * The simulator's world: one organization with its agents, groups and the chat under way, so that bodies generated in
 * one run are coherent (the same chat keeps its id, customer, agents and thread; event numbers only go up) the way a
 * real license's webhooks are. Everything random comes from the seed; time comes from `startMs` and moves forward
 * only when the world is told to (`advance`), never from a clock read here.
 */

export interface Agent {
  id: string;
  name: string;
}

export interface Customer {
  id: string;
  name: string;
  email: string;
  city: string;
  country: string;
  countryCode: string;
  timezone: string;
  createdAtUs: number;
}

export interface ChatState {
  id: string;
  threadId: string;
  customer: Customer;
  /** Agents in the chat, the one serving it first. */
  agentIds: string[];
  groupId: number;
  /** The last `<thread>_<n>` handed out in this thread. */
  eventCount: number;
  /** Ids of events in this thread, by author kind, newest last (for edits, deletions, postbacks, properties). */
  events: Array<{ id: string; authorKind: 'customer' | 'agent' | 'system'; type: string; createdAtUs: number }>;
  active: boolean;
  tags: string[];
  createdAtUs: number;
  startUrl: string;
}

export interface WorldOptions {
  seed: number;
  /** Epoch ms of the first event. */
  startMs: number;
}

/** LiveChat's chat widget (the docs' Client ID): chats it starts are not "my chats" for anybody's integration. */
export const WIDGET_CLIENT_ID = '9cbf3a968289727cb3cdfe83ab1d9836';
/** The LiveChat Agent App: configuration changes made by people come from it (`source_type` other_clients). */
export const AGENT_APP_CLIENT_ID = 'bb9e5b2f1ab480e4a715977b7b1b4279';

/** The docs' own agent is always on the team: examples, filters and tests name `smith@example.com`. */
const FIRST_AGENT: Agent = { id: 'smith@example.com', name: 'Agent Smith' };
const AGENT_NAMES = ['Jane Jones', 'Ola Nowak', 'Marco Rossi', 'Aiko Tanaka', 'Lena Schmidt', 'Sam Carter', 'Priya Shah', 'Tom Becker'];
const CUSTOMER_NAMES = ['Thomas Anderson', 'Maria Garcia', 'Jan Kowalski', 'Emma Dubois', 'Liam Murphy', 'Sofia Rossi', 'Noah Weber', 'Chloe Martin', 'Lucas Silva', 'Mia Jensen'];
const PLACES = [
  { city: 'Wroclaw', country: 'Poland', countryCode: 'PL', timezone: 'Europe/Warsaw' },
  { city: 'Boston', country: 'United States', countryCode: 'US', timezone: 'America/New_York' },
  { city: 'Lyon', country: 'France', countryCode: 'FR', timezone: 'Europe/Paris' },
  { city: 'Munich', country: 'Germany', countryCode: 'DE', timezone: 'Europe/Berlin' },
  { city: 'Porto', country: 'Portugal', countryCode: 'PT', timezone: 'Europe/Lisbon' },
];
const PAGES = ['https://www.example.com/pricing', 'https://www.example.com/checkout', 'https://www.example.com/docs/setup', 'https://www.example.com/'];
const GROUP_NAMES = ['sales', 'support', 'billing', 'vip', 'returns', 'partners'];

export class SimWorld {
  readonly seed: number;
  readonly random: Random;
  readonly organizationId: string;
  /** API 3.2–3.3 bodies carry this instead of the organization id. */
  readonly licenseId: number;
  readonly secretKey: string;
  /** Namespace of the integration's own properties (a Client ID). */
  readonly integrationClientId: string;
  /** The account behind configuration changes (`requester.account_id`). */
  readonly requesterAccountId: string;
  /** The Developer Console app behind app webhooks (9 letters, like the docs' `aPbNnrwZg`). */
  readonly applicationId: string;
  readonly agents: Agent[];
  readonly groups: Array<{ id: number; name: string }>;
  readonly tags: string[] = ['sales', 'support', 'vip'];
  readonly bots: Array<{ id: string; name: string }> = [];
  /** Auto access rule ids, in list order. */
  readonly autoAccessRules: string[] = [];
  chat: ChatState | undefined;
  private clockUs: number;
  private readonly webhookIds = new Map<string, string>();
  private customerCount = 0;
  private agentNameIndex = 0;

  constructor(opts: WorldOptions) {
    this.seed = opts.seed;
    this.random = createRandom(opts.seed);
    const r = this.random;
    this.clockUs = opts.startMs * 1000 + r.int(0, 999);
    this.organizationId = uuid(r);
    this.licenseId = r.int(10_000_000, 199_999_999);
    // The docs' register_webhook example uses a 21-character lowercase secret.
    this.secretKey = r.chars('abcdefghijklmnopqrstuvwxyz0123456789', 21);
    this.integrationClientId = hexId(r);
    this.requesterAccountId = uuid(r);
    this.applicationId = r.chars('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', 9);
    this.agentNameIndex = r.int(0, AGENT_NAMES.length - 1);
    this.agents = [FIRST_AGENT, this.newAgent(), this.newAgent()];
    this.groups = [
      { id: 0, name: 'General' },
      { id: r.int(1, 20), name: r.pick(GROUP_NAMES) },
    ];
  }

  /** The current time as LiveChat writes it. */
  now(): string {
    return timestampUs(this.clockUs);
  }

  nowUs(): number {
    return this.clockUs;
  }

  /** Brings the world's time up to `ms` when it is behind (a long-lived world driven by a real clock). */
  catchUp(ms: number): void {
    if (ms * 1000 > this.clockUs) this.clockUs = ms * 1000;
  }

  /** Moves time on by `ms` plus a few microseconds, so no two events share a timestamp. */
  advance(ms: number): void {
    this.clockUs += Math.max(0, Math.round(ms * 1000)) + this.random.int(1, 999);
  }

  /** `webhook_id` is the registration's id: one per action, the same for every delivery of that action (§2.3). */
  webhookId(action: string): string {
    let id = this.webhookIds.get(action);
    if (id === undefined) {
      id = uuid(this.random);
      this.webhookIds.set(action, id);
    }
    return id;
  }

  agent(id: string): Agent {
    return this.agents.find((a) => a.id === id) ?? { id, name: id };
  }

  /** A new agent account (not yet in `agents`: agent_created adds it). */
  newAgent(): Agent {
    const name = AGENT_NAMES[this.agentNameIndex++ % AGENT_NAMES.length]!;
    const round = Math.floor((this.agentNameIndex - 1) / AGENT_NAMES.length);
    const local = name.toLowerCase().replace(/[^a-z]+/g, '.') + (round > 0 ? String(round + 1) : '');
    return { id: `${local}@example.com`, name };
  }

  newCustomer(): Customer {
    const r = this.random;
    const name = CUSTOMER_NAMES[(this.seed + this.customerCount++) % CUSTOMER_NAMES.length]!;
    const [first, last] = name.toLowerCase().split(' ') as [string, string];
    const place = r.pick(PLACES);
    return {
      id: uuid(r),
      name,
      email: `${first[0]}.${last}@example.com`,
      ...place,
      createdAtUs: this.clockUs - r.int(2, 400) * 86_400_000_000,
    };
  }

  /**
   * The chat webhooks are about: the one under way (or the last one). When there is none, one is taken up mid-way —
   * its first events (the pre-chat form, a greeting) already happened — so a lone incoming_event does not look like
   * the first event of a thread.
   */
  currentChat(): ChatState {
    if (this.chat !== undefined) return this.chat;
    const chat = this.openChat();
    const past = this.random.int(2, 4);
    for (let n = 0; n < past; n++) this.nextEventId(chat, n % 2 === 0 ? 'customer' : 'agent', n === 0 ? 'filled_form' : 'message');
    return chat;
  }

  /** A new chat with a new customer, served by the first agent of the team. */
  openChat(): ChatState {
    const r = this.random;
    this.chat = {
      id: upperId(r),
      threadId: upperId(r),
      customer: this.newCustomer(),
      agentIds: [this.agents[0]!.id],
      groupId: 0,
      eventCount: 0,
      events: [],
      active: true,
      tags: [],
      createdAtUs: this.clockUs,
      startUrl: r.pick(PAGES),
    };
    return this.chat;
  }

  /** The next event id of the chat's thread: `<thread_id>_<n>`, n counting up from 1. */
  nextEventId(chat: ChatState, authorKind: 'customer' | 'agent' | 'system', type: string): string {
    chat.eventCount += 1;
    const id = `${chat.threadId}_${chat.eventCount}`;
    chat.events.push({ id, authorKind, type, createdAtUs: this.clockUs });
    return id;
  }

  /** The newest event of the thread matching `test`, or a fresh message id when there is none yet. */
  lastEvent(chat: ChatState, test: (e: ChatState['events'][number]) => boolean = () => true): string {
    for (let i = chat.events.length - 1; i >= 0; i--) if (test(chat.events[i]!)) return chat.events[i]!.id;
    return this.nextEventId(chat, 'customer', 'message');
  }

  /** What `additional_data.chat_properties` and `incoming_chat`'s `chat.properties` hold. */
  chatProperties(): Record<string, unknown> {
    return { routing: { continuous: false, pinned: false }, source: { client_id: WIDGET_CLIENT_ID } };
  }

  presence(chat: ChatState): string[] {
    return [chat.customer.id, ...chat.agentIds];
  }

  requester(): { user_id: string; account_id: string; client_id: string } {
    return { user_id: this.agents[0]!.id, account_id: this.requesterAccountId, client_id: AGENT_APP_CLIENT_ID };
  }
}
