import { describe, expect, it } from 'vitest';
import { checkWebhookBody } from '@shared/livechat/catalogue';
import { liftLiveChatFields } from '@shared/livechat/envelope';
import { BUILT_IN_SCENARIOS, builtInScenario, type ScenarioStep } from '../../../electron/engine/simulator/scenarios';
import { SimWorld } from '../../../electron/engine/simulator/world';

const START = Date.UTC(2026, 10, 27, 10, 0, 0);
const build = (name: string, seed = 42, retryDelaysMs = [10_000, 20_000, 30_000]): ScenarioStep[] =>
  builtInScenario(name)!.build({ world: new SimWorld({ seed, startMs: START }), additionalData: false, retryDelaysMs });

type Obj = Record<string, unknown>;
const parse = (s: ScenarioStep): Obj => JSON.parse(s.body) as Obj;
const eventNumber = (id: string): number => Number(id.split('_')[1]);

describe('built-in scenarios', () => {
  it('are the five the issue names, each step a valid webhook with its action', () => {
    expect(BUILT_IN_SCENARIOS.map((s) => s.name)).toEqual(['customer-chat', 'transfer', 'agent-offline', 'config-burst', 'retry-storm']);
    for (const s of BUILT_IN_SCENARIOS) {
      const steps = build(s.name);
      expect(steps.length, s.name).toBeGreaterThan(4);
      expect(steps[0]!.delayMs).toBe(0);
      for (const step of steps) {
        const body = parse(step);
        expect(body.action, s.name).toBe(step.action);
        expect(checkWebhookBody(body).findings, `${s.name}: ${step.action}`).toEqual([]);
      }
    }
  });

  it('customer chat: one chat id and thread throughout, event ids increasing, and every stage of a chat', () => {
    const steps = build('customer-chat');
    expect(steps.map((s) => s.action)).toEqual([
      'incoming_chat', 'events_marked_as_seen', 'incoming_event', 'incoming_event', 'incoming_event', 'chat_properties_updated',
      'incoming_event', 'events_marked_as_seen', 'incoming_event', 'thread_tagged', 'chat_deactivated',
    ]);
    const lifted = steps.map((s) => liftLiveChatFields(parse(s)));
    const chatIds = new Set(lifted.map((l) => l.chatId));
    expect(chatIds.size).toBe(1);
    expect([...chatIds][0]).toMatch(/^[A-Z0-9]{10}$/);
    const threads = new Set(lifted.filter((l) => l.threadId !== undefined).map((l) => l.threadId));
    expect(threads.size).toBe(1);
    const eventIds = lifted.filter((l) => l.eventId !== undefined).map((l) => l.eventId!);
    expect(eventIds.length).toBe(5);
    const numbers = eventIds.map(eventNumber);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(numbers.length);
    // Messages go both ways.
    const authors = steps.filter((s) => s.action === 'incoming_event').map((s) => ((parse(s).payload as Obj).event as Obj).author_id as string);
    expect(authors.some((a) => a.includes('@'))).toBe(true);
    expect(authors.some((a) => /^[0-9a-f-]{36}$/.test(a))).toBe(true);
    // The same customer all along: the one who started the chat.
    const customer = (((parse(steps[0]!).payload as Obj).chat as Obj).users as Obj[])[0]!.id;
    expect(authors.filter((a) => !a.includes('@')).every((a) => a === customer)).toBe(true);
  });

  it('timestamps inside the bodies follow the scenario’s pacing', () => {
    const steps = build('customer-chat');
    const created = (s: ScenarioStep): number => Date.parse(((parse(s).payload as Obj).event as Obj).created_at as string);
    const messages = steps.map((s, i) => [s, i] as const).filter(([s]) => s.action === 'incoming_event');
    for (let k = 1; k < messages.length; k++) {
      const [prev, i] = messages[k - 1]!;
      const [cur, j] = messages[k]!;
      const spacing = steps.slice(i + 1, j + 1).reduce((sum, s) => sum + s.delayMs, 0);
      expect(created(cur) - created(prev)).toBeGreaterThanOrEqual(spacing);
      expect(created(cur) - created(prev)).toBeLessThan(spacing + 50);
    }
  });

  it('transfer moves the chat to another group and agent and keeps the chat id', () => {
    const steps = build('transfer');
    const transferred = parse(steps.find((s) => s.action === 'chat_transferred')!).payload as Obj;
    const access = parse(steps.find((s) => s.action === 'chat_access_updated')!).payload as Obj;
    const to = transferred.transferred_to as { group_ids: number[]; agent_ids: string[] };
    expect((access.access as Obj).group_ids).toEqual(to.group_ids);
    expect(to.group_ids[0]).not.toBe(0);
    expect(to.agent_ids[0]).not.toBe(transferred.requester_id);
    const last = ((parse(steps.at(-1)!).payload as Obj).event as Obj).author_id;
    expect(last).toBe(to.agent_ids[0]);
    expect(new Set(steps.map((s) => liftLiveChatFields(parse(s)).chatId)).size).toBe(1);
  });

  it('agent offline: not accepting chats, then the chat moves on for inactivity', () => {
    const steps = build('agent-offline');
    const status = parse(steps.find((s) => s.action === 'routing_status_set')!).payload as Obj;
    expect(status.status).toBe('not accepting chats');
    expect((parse(steps.find((s) => s.action === 'chat_transferred')!).payload as Obj).reason).toBe('inactive');
    const removed = parse(steps.find((s) => s.action === 'user_removed_from_chat')!).payload as Obj;
    expect(removed.user_id).toBe(status.agent_id);
  });

  it('configuration burst: agents, groups and tags created, fast, and later steps refer to what was created', () => {
    const steps = build('config-burst');
    const actions = steps.map((s) => s.action);
    for (const a of ['agent_created', 'group_created', 'tag_created']) expect(actions).toContain(a);
    expect(steps.every((s) => s.delayMs <= 6_000)).toBe(true);
    const created = (parse(steps[1]!).payload as Obj).id;
    expect(steps[1]!.action).toBe('agent_created');
    expect((parse(steps[2]!).payload as Obj).id).toBe(created);
    expect(parse(steps[2]!).requester).toMatchObject({ user_id: 'smith@example.com' });
  });

  it('retry storm: the same delivery, byte for byte, on the policy’s schedule, with a newer event in between', () => {
    const steps = build('retry-storm', 42, [10_000, 20_000, 30_000]);
    const retries = steps.filter((s) => s.retryOf !== undefined);
    expect(retries).toHaveLength(3);
    const original = steps[retries[0]!.retryOf!]!;
    expect(retries.every((r) => r.body === original.body && r.retryOf === steps.indexOf(original))).toBe(true);
    expect((parse(original).webhook_id as string).length).toBeGreaterThan(10);
    // Attempt times: 10 s, then 20 s, then 30 s after the previous attempt.
    const at = steps.map((_, i) => steps.slice(1, i + 1).reduce((sum, s) => sum + s.delayMs, 0));
    const attemptTimes = [steps.indexOf(original), ...retries.map((r) => steps.indexOf(r))].map((i) => at[i]!);
    expect(attemptTimes.slice(1).map((t, i) => t - attemptTimes[i]!)).toEqual([10_000, 20_000, 30_000]);
    const between = steps.findIndex((s, i) => i > steps.indexOf(retries[0]!) && s.retryOf === undefined);
    expect(between).toBeLessThan(steps.indexOf(retries[1]!));
    // A custom schedule is followed too.
    const quick = build('retry-storm', 42, [100, 200]).filter((s) => s.retryOf !== undefined);
    expect(quick).toHaveLength(2);
  });

  it('same seed, same scenario byte for byte; another seed, other ids', () => {
    expect(build('customer-chat', 9)).toEqual(build('customer-chat', 9));
    const a = liftLiveChatFields(parse(build('customer-chat', 9)[0]!)).chatId;
    const b = liftLiveChatFields(parse(build('customer-chat', 10)[0]!)).chatId;
    expect(a).not.toBe(b);
  });
});
