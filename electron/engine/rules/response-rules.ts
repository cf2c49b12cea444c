import type { ResponseRule, RuleAddParams, RuleAnswer, RulePreset } from '@shared/api/domains/delivery';
import { AppError } from '@shared/api/errors';
import { newId } from '@shared/model/id';
import type { Clock } from '../ports';

/** What a rule makes the receiver do for one webhook; recorded with the capture. */
export interface RuleDecision {
  rule: { id: string; name: string };
  answer: RuleAnswer;
}

/** The one-click presets (the UI shows the same names). */
export const PRESETS: Record<RulePreset, RuleAddParams> = {
  'outage-2m': {
    name: 'Simulate outage for 2 minutes',
    match: { kind: 'all' },
    answer: { status: 503, delayMs: 0, body: '{"error":"service_unavailable","message":"LiveHook is simulating an outage"}' },
    scope: { kind: 'duration', ms: 120_000 },
  },
  'slow-12s': {
    name: 'Answer slowly (12 s)',
    match: { kind: 'all' },
    answer: { status: 200, delayMs: 12_000 },
    scope: { kind: 'manual' },
  },
  'fail-every-other': {
    name: 'Fail every other delivery',
    match: { kind: 'all' },
    answer: { status: 500, delayMs: 0, body: '{"error":"internal","message":"LiveHook fails every other delivery"}' },
    scope: { kind: 'manual' },
    everyNth: 2,
  },
};

/**
 * Response rules: what LiveHook answers LiveChat instead of its usual 200. The receiver's hot path asks `active` (one
 * boolean) and calls `decide` only when some rule is on. The first enabled, unexpired rule that matches wins; rules
 * live for this run only (a simulated outage should not survive a restart by surprise).
 */
export class ResponseRules {
  private rules: ResponseRule[] = [];
  /** True when at least one rule is enabled (it may still have expired: `decide` sorts that out). */
  active = false;

  constructor(
    private readonly clock: Clock,
    private readonly onChange: (rules: ResponseRule[]) => void,
  ) {}

  list(): ResponseRule[] {
    this.expire();
    return this.rules.map((r) => ({ ...r }));
  }

  add(params: RuleAddParams): ResponseRule {
    const now = this.clock.now();
    const rule: ResponseRule = {
      id: newId(now),
      name: params.name,
      match: params.match,
      answer: params.answer,
      scope: params.scope,
      everyNth: params.everyNth ?? 1,
      enabled: true,
      createdAt: new Date(now).toISOString(),
      matched: 0,
      applied: 0,
    };
    if (params.scope.kind === 'duration') rule.expiresAt = new Date(now + params.scope.ms).toISOString();
    if (params.scope.kind === 'count') rule.remaining = params.scope.count;
    this.rules.push(rule);
    this.changed();
    return { ...rule };
  }

  addPreset(preset: RulePreset): ResponseRule {
    return this.add(PRESETS[preset]);
  }

  setEnabled(id: string, enabled: boolean): ResponseRule {
    const rule = this.find(id);
    rule.enabled = enabled;
    // Switching a timed rule back on starts its time again; a used-up count rule gets its count back.
    if (enabled && rule.scope.kind === 'duration') rule.expiresAt = new Date(this.clock.now() + rule.scope.ms).toISOString();
    if (enabled && rule.scope.kind === 'count' && rule.remaining === 0) rule.remaining = rule.scope.count;
    this.changed();
    return { ...rule };
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    if (this.rules.length === before) return false;
    this.changed();
    return true;
  }

  /** The rule that answers this webhook, if any; counts it against the rule's scope. */
  decide(action: string | undefined, path: string): RuleDecision | undefined {
    const now = this.clock.now();
    let expired = false;
    let decision: RuleDecision | undefined;
    for (const rule of this.rules) {
      if (!rule.enabled) continue;
      if (rule.expiresAt !== undefined && Date.parse(rule.expiresAt) <= now) {
        rule.enabled = false;
        expired = true;
        continue;
      }
      if (!matches(rule, action, path)) continue;
      rule.matched++;
      // everyNth = 2 answers the 2nd, 4th, … match: the first delivery goes through, its retry fails, and so on.
      if (rule.matched % rule.everyNth !== 0) break;
      rule.applied++;
      if (rule.remaining !== undefined) {
        rule.remaining--;
        if (rule.remaining <= 0) {
          rule.enabled = false;
          expired = true;
        }
      }
      decision = { rule: { id: rule.id, name: rule.name }, answer: rule.answer };
      break;
    }
    if (expired) this.changed();
    return decision;
  }

  private expire(): void {
    const now = this.clock.now();
    let changed = false;
    for (const rule of this.rules) {
      if (rule.enabled && rule.expiresAt !== undefined && Date.parse(rule.expiresAt) <= now) {
        rule.enabled = false;
        changed = true;
      }
    }
    if (changed) this.changed();
  }

  private find(id: string): ResponseRule {
    const rule = this.rules.find((r) => r.id === id);
    if (!rule) throw new AppError('not_found', `No response rule with id ${id}.`);
    return rule;
  }

  private changed(): void {
    this.active = this.rules.some((r) => r.enabled);
    this.onChange(this.rules.map((r) => ({ ...r })));
  }
}

function matches(rule: ResponseRule, action: string | undefined, path: string): boolean {
  const m = rule.match;
  if (m.kind === 'all') return true;
  if (m.kind === 'action') return action !== undefined && m.actions.includes(action);
  return path === m.prefix || path.startsWith(m.prefix.endsWith('/') ? m.prefix : `${m.prefix}/`);
}
