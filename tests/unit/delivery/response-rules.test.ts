import { describe, expect, it } from 'vitest';
import type { ResponseRule } from '@shared/api/domains/delivery';
import { ResponseRules } from '../../../electron/engine/rules/response-rules';
import { ManualTimers } from '../../fakes/manual-timers';

function book() {
  const timers = new ManualTimers();
  const changes: ResponseRule[][] = [];
  const rules = new ResponseRules(timers.clock, (r) => changes.push(r));
  return { rules, timers, changes };
}

describe('response rules', () => {
  it('are inactive until one is added, and the first matching enabled rule answers', () => {
    const { rules } = book();
    expect(rules.active).toBe(false);
    rules.add({ name: 'chats', match: { kind: 'action', actions: ['incoming_chat'] }, answer: { status: 500, delayMs: 0 }, scope: { kind: 'manual' } });
    rules.add({ name: 'hooks path', match: { kind: 'path', prefix: '/hooks' }, answer: { status: 418, delayMs: 5 }, scope: { kind: 'manual' } });
    expect(rules.active).toBe(true);
    expect(rules.decide('incoming_chat', '/x')?.answer.status).toBe(500);
    expect(rules.decide('incoming_event', '/hooks/lc')?.rule.name).toBe('hooks path');
    expect(rules.decide('incoming_event', '/hooksy')).toBeUndefined();
    expect(rules.decide(undefined, '/other')).toBeUndefined();
  });

  it('a count scope answers the next N and then turns itself off', () => {
    const { rules, changes } = book();
    const r = rules.add({ name: 'two', match: { kind: 'all' }, answer: { status: 503, delayMs: 0 }, scope: { kind: 'count', count: 2 } });
    expect(rules.decide('a', '/')?.rule.id).toBe(r.id);
    expect(rules.decide('a', '/')?.rule.id).toBe(r.id);
    expect(rules.decide('a', '/')).toBeUndefined();
    expect(rules.active).toBe(false);
    expect(changes.at(-1)![0]).toMatchObject({ enabled: false, remaining: 0, applied: 2, matched: 2 });
  });

  it('a duration scope ends on the clock; the outage preset lasts two minutes', async () => {
    const { rules, timers } = book();
    const r = rules.addPreset('outage-2m');
    expect(r.answer.status).toBe(503);
    await timers.advance(119_999);
    expect(rules.decide('a', '/')?.answer.status).toBe(503);
    await timers.advance(1);
    expect(rules.decide('a', '/')).toBeUndefined();
    expect(rules.list()[0]!.enabled).toBe(false);
  });

  it('fail every other delivery answers the 2nd, 4th… match; the slow preset waits past 10 s', () => {
    const { rules } = book();
    rules.addPreset('fail-every-other');
    expect([1, 2, 3, 4].map(() => rules.decide('a', '/')?.answer.status)).toEqual([undefined, 500, undefined, 500]);
    const slow = book().rules.addPreset('slow-12s');
    expect(slow.answer).toEqual({ status: 200, delayMs: 12_000 });
  });

  it('can be switched off and on and removed; unknown ids are not_found', () => {
    const { rules } = book();
    const r = rules.add({ name: 'x', match: { kind: 'all' }, answer: { status: 500, delayMs: 0 }, scope: { kind: 'manual' } });
    rules.setEnabled(r.id, false);
    expect(rules.active).toBe(false);
    expect(rules.decide('a', '/')).toBeUndefined();
    rules.setEnabled(r.id, true);
    expect(rules.decide('a', '/')?.rule.id).toBe(r.id);
    expect(rules.remove(r.id)).toBe(true);
    expect(rules.remove(r.id)).toBe(false);
    expect(() => rules.setEnabled('nope', true)).toThrow(/No response rule/);
  });
});
