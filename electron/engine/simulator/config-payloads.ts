import type { Builder } from './chat-payloads';
import { hexId } from './random';
import type { Agent, SimWorld } from './world';

/**
 * Payloads of the Configuration webhooks and routing_status_set (reference §3), shaped like examples.json. They change
 * the world too: an agent created here can be suspended, a group created here deleted, by later steps of a run.
 */

type Json = Record<string, unknown>;

const GROUP_NAMES = ['sales', 'support', 'billing', 'vip', 'returns', 'partners', 'onboarding', 'enterprise'];
const TAG_NAMES = ['refund', 'shipping', 'complaint', 'upsell', 'bug_report', 'docs_feedback', 'follow_up'];

/** The agent configuration changes are about: the newest one that is not the docs' own agent. */
function subjectAgent(w: SimWorld): Agent {
  return w.agents.length > 1 ? w.agents[w.agents.length - 1]! : w.agents[0]!;
}

function workScheduler(): Json {
  return {
    timezone: 'Europe/Warsaw',
    schedule: [
      { day: 'monday', enabled: true, start: '08:30', end: '12:30' },
      { day: 'monday', enabled: true, start: '13:30', end: '16:30' },
      { day: 'friday', enabled: true, start: '07:30', end: '15:30' },
    ],
  };
}

function lastGroup(w: SimWorld): { id: number; name: string } {
  return w.groups[w.groups.length - 1]!;
}

export const CONFIG_BUILDERS = {
  routing_status_set: (w, o) => {
    // §3 value notes: the webhook docs spell statuses with spaces.
    const agent = w.chat?.agentIds[0] ?? w.agents[0]!.id;
    return { agent_id: agent, status: o.status ?? 'accepting chats' };
  },
  agent_created: (w) => {
    const agent = w.newAgent();
    w.agents.push(agent);
    return {
      id: agent.id,
      name: agent.name,
      role: 'normal',
      awaiting_approval: false,
      groups: [
        { id: 0, priority: 'normal' },
        { id: lastGroup(w).id, priority: 'first' },
      ],
      notifications: ['new_visitor', 'incoming_chat', 'visitor_is_typing'],
      email_subscriptions: ['weekly_summary'],
      work_scheduler: workScheduler(),
    };
  },
  agent_approved: (w) => ({ id: subjectAgent(w).id }),
  agent_updated: (w) => ({ id: subjectAgent(w).id, role: 'administrator', work_scheduler: workScheduler() }),
  agent_suspended: (w) => ({ id: subjectAgent(w).id }),
  agent_unsuspended: (w) => ({ id: subjectAgent(w).id }),
  agent_deleted: (w) => {
    const agent = subjectAgent(w);
    if (w.agents.length > 1) w.agents.pop();
    return { id: agent.id };
  },
  auto_accesses_updated: (w) => {
    // Rules form a linked list by next_id: adding one in front updates its neighbour too (examples.json).
    const id = hexId(w.random);
    const next = w.autoAccessRules[0];
    w.autoAccessRules.unshift(id);
    const group = lastGroup(w).id;
    const added: Json = {
      id,
      description: `Visitors from the pricing page go to ${lastGroup(w).name}`,
      access: { groups: [group] },
      conditions: { url: { values: [{ value: 'https://www.example.com/pricing', exact_match: false }] } },
      next_id: next ?? '',
      status: 'added',
    };
    return next === undefined ? [added] : [added, { id: next, next_id: w.autoAccessRules[2] ?? '', status: 'updated' }];
  },
  bot_created: (w) => {
    const bot = { id: hexId(w.random), name: `${w.random.pick(['Helper', 'Triage', 'Orders', 'FAQ'])} Bot` };
    w.bots.push(bot);
    return { id: bot.id, name: bot.name, default_group_priority: 'first', groups: [{ id: 0, priority: 'normal' }], owner_client_id: w.integrationClientId };
  },
  bot_updated: (w) => {
    const bot = w.bots.at(-1) ?? { id: hexId(w.random), name: 'Helper Bot' };
    return { id: bot.id, name: `${bot.name} v2` };
  },
  bot_deleted: (w) => ({ id: (w.bots.pop() ?? { id: hexId(w.random) }).id }),
  group_created: (w) => {
    const id = Math.max(...w.groups.map((g) => g.id)) + w.random.int(1, 9);
    const name = GROUP_NAMES.find((n) => !w.groups.some((g) => g.name === n)) ?? `group_${id}`;
    w.groups.push({ id, name });
    const priorities: Json = {};
    for (const [i, a] of w.agents.entries()) priorities[a.id] = i === 0 ? 'first' : 'normal';
    return { id, name, language_code: 'en', agent_priorities: priorities };
  },
  group_updated: (w) => ({ id: lastGroup(w).id, agent_priorities: { [w.agents[0]!.id]: 'last', [subjectAgent(w).id]: 'first' } }),
  group_deleted: (w) => {
    const group = lastGroup(w);
    if (w.groups.length > 1) w.groups.pop();
    return { id: group.id };
  },
  tag_created: (w) => {
    const name = TAG_NAMES.find((t) => !w.tags.includes(t)) ?? `tag_${w.tags.length}`;
    w.tags.push(name);
    return { name, group_ids: [0, lastGroup(w).id], created_at: w.now(), author_id: w.agents[0]!.id };
  },
  tag_updated: (w) => ({ name: w.tags[w.tags.length - 1]!, group_ids: w.groups.map((g) => g.id) }),
  tag_deleted: (w) => {
    const name = w.tags.length > 1 ? w.tags.pop()! : w.tags[0]!;
    return { name };
  },
} satisfies Record<string, Builder>;
