import type { ScenarioInfo } from '@shared/api/domains/simulator';
import { generateBody, type GenerateOptions } from './generate';
import type { SimWorld } from './world';

/**
 * Named sequences of webhooks with LiveChat-like pacing. A step's `delayMs` is the wait after the previous step at real
 * pace (the runner may compress it); the world's time moves by the same amount, so timestamps inside the bodies agree
 * with the spacing of the deliveries.
 */

export interface ScenarioStep {
  delayMs: number;
  action?: string;
  /** Exact JSON text sent. */
  body: string;
  /** Index of the step this one sends again, as LiveChat retries a delivery: same webhook_id, same bytes. */
  retryOf?: number;
}

export interface ScenarioPlan {
  name: string;
  title: string;
  description: string;
  builtIn: boolean;
  steps: ScenarioStep[];
}

export interface BuildContext {
  world: SimWorld;
  additionalData: boolean;
  /** Waits before LiveChat's retries (the delivery policy's schedule). */
  retryDelaysMs: readonly number[];
}

interface BuiltIn {
  name: string;
  title: string;
  description: string;
  build(ctx: BuildContext): ScenarioStep[];
}

class Steps {
  readonly list: ScenarioStep[] = [];
  constructor(private readonly ctx: BuildContext) {}

  add(delayMs: number, action: string, opts: GenerateOptions = {}): number {
    const body = generateBody(this.ctx.world, action, { additionalData: this.ctx.additionalData, ...opts, gapMs: delayMs });
    this.list.push({ delayMs, action, body: JSON.stringify(body) });
    return this.list.length - 1;
  }

  /** LiveChat sends step `of` again: nothing in the body changes, only time passes. */
  retry(delayMs: number, of: number): void {
    const first = this.list[of]!;
    this.ctx.world.advance(delayMs);
    this.list.push({ delayMs, ...(first.action === undefined ? {} : { action: first.action }), body: first.body, retryOf: of });
  }
}

const build = (fill: (s: Steps, ctx: BuildContext) => void) => (ctx: BuildContext): ScenarioStep[] => {
  const s = new Steps(ctx);
  fill(s, ctx);
  return s.list;
};

const message = (author: 'customer' | 'agent', text?: string): GenerateOptions => ({ eventType: 'message', author, ...(text === undefined ? {} : { text }) });

export const BUILT_IN_SCENARIOS: readonly BuiltIn[] = [
  {
    name: 'customer-chat',
    title: 'Customer chat, start to close',
    description: 'A customer starts a chat, customer and agent exchange messages, the agent reads, pins and tags it, and closes it.',
    build: build((s) => {
      s.add(0, 'incoming_chat');
      s.add(2_000, 'events_marked_as_seen');
      s.add(6_000, 'incoming_event', message('agent', 'Hi, how can I help you today?'));
      s.add(14_000, 'incoming_event', message('customer', 'I was charged twice for my last order.'));
      s.add(9_000, 'incoming_event', message('agent', 'Let me check that for you.'));
      s.add(3_000, 'chat_properties_updated');
      s.add(25_000, 'incoming_event', message('agent', 'I have refunded the duplicate charge.'));
      s.add(2_500, 'events_marked_as_seen');
      s.add(8_000, 'incoming_event', message('customer', 'Thanks, that helps!'));
      s.add(4_000, 'thread_tagged');
      s.add(20_000, 'chat_deactivated');
    }),
  },
  {
    name: 'transfer',
    title: 'Transfer between groups',
    description: 'A chat starts in one group; its agent transfers it to another group, whose agent takes over.',
    build: build((s) => {
      s.add(0, 'incoming_chat');
      s.add(7_000, 'incoming_event', message('customer', 'Can I change the delivery address?'));
      s.add(5_000, 'incoming_event', message('agent', 'Let me pass you to our shipping team.'));
      s.add(4_000, 'chat_transferred');
      s.add(300, 'chat_access_updated');
      s.add(200, 'incoming_event', { eventType: 'system_message' });
      s.add(12_000, 'incoming_event', message('agent', 'Hi, I can change it for you. What is the new address?'));
    }),
  },
  {
    name: 'agent-offline',
    title: 'Agent goes offline',
    description: 'An agent stops accepting chats in the middle of one; the chat is transferred away and the agent leaves it.',
    build: build((s) => {
      s.add(0, 'incoming_chat');
      s.add(9_000, 'incoming_event', message('customer', 'Is there a discount for annual plans?'));
      s.add(30_000, 'routing_status_set', { status: 'not accepting chats' });
      s.add(60_000, 'chat_transferred', { reason: 'inactive' });
      s.add(500, 'user_removed_from_chat', { reason: 'inactive' });
      s.add(8_000, 'incoming_event', message('agent', 'Sorry for the wait, I can help with that.'));
    }),
  },
  {
    name: 'config-burst',
    title: 'Configuration burst',
    description: 'An administrator sets up a team in a minute: agents, groups and tags created and adjusted in quick succession.',
    build: build((s) => {
      s.add(0, 'group_created');
      s.add(1_200, 'agent_created');
      s.add(400, 'agent_approved');
      s.add(2_500, 'agent_created');
      s.add(300, 'agent_approved');
      s.add(4_000, 'group_updated');
      s.add(1_500, 'tag_created');
      s.add(900, 'tag_created');
      s.add(3_000, 'agent_updated');
      s.add(2_000, 'bot_created');
      s.add(6_000, 'tag_updated');
    }),
  },
  {
    name: 'retry-storm',
    title: 'Retry storm',
    description:
      'A message the receiver fails to acknowledge: LiveChat sends the same delivery again on its retry schedule while newer events of the chat keep arriving.',
    build: build((s, ctx) => {
      s.add(0, 'incoming_chat');
      const failing = s.add(4_000, 'incoming_event', message('customer', 'Hello? Is anybody there?'));
      const [first = 10_000, ...rest] = ctx.retryDelaysMs;
      s.retry(first, failing);
      // A newer event arrives between the retries: they can overtake later events (reference §2.2).
      const between = Math.min(5_000, Math.floor((rest[0] ?? 10_000) / 2));
      s.add(between, 'incoming_event', message('agent', 'Hi, sorry for the wait!'));
      rest.forEach((delay, i) => s.retry(i === 0 ? delay - between : delay, failing));
    }),
  },
];

export function builtInScenario(name: string): BuiltIn | undefined {
  return BUILT_IN_SCENARIOS.find((s) => s.name === name);
}

export function scenarioInfo(plan: ScenarioPlan): ScenarioInfo {
  return {
    name: plan.name,
    title: plan.title,
    description: plan.description,
    builtIn: plan.builtIn,
    steps: plan.steps.length,
    durationMs: plan.steps.slice(1).reduce((sum, s) => sum + s.delayMs, 0),
  };
}
