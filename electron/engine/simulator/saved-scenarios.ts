import { AppError } from '@shared/api/errors';
import type { CapturedWebhook } from '@shared/model/webhook';
import type { Logger, SettingsStore } from '../ports';
import { builtInScenario, type ScenarioPlan, type ScenarioStep } from './scenarios';

/**
 * Scenarios users save from captured webhooks: the exact bodies, in the order they arrived, with their original
 * spacing. Kept in settings (`simulator.scenarios`), which is an edge: what is read back is checked, and a scenario
 * that does not have the expected shape is skipped with a log line rather than breaking the list.
 */

export const SCENARIOS_SETTING = 'simulator.scenarios';
/** Longer gaps between captures are shortened to this: a scenario replays a burst, not a day. */
export const MAX_GAP_MS = 10 * 60_000;
/** Settings are one JSON file read at start: keep saved bodies small. */
export const MAX_SCENARIO_BYTES = 2 * 1024 * 1024;

interface Stored {
  name: string;
  title: string;
  description: string;
  steps: ScenarioStep[];
}

export class SavedScenarios {
  constructor(
    private readonly settings: SettingsStore,
    private readonly logger: Logger,
  ) {}

  list(): ScenarioPlan[] {
    const raw = this.settings.get<unknown>(SCENARIOS_SETTING);
    if (raw === undefined) return [];
    if (!Array.isArray(raw)) {
      this.logger.warn({ setting: SCENARIOS_SETTING }, 'saved scenarios setting is not a list; ignored');
      return [];
    }
    const out: ScenarioPlan[] = [];
    for (const item of raw) {
      const s = asStored(item);
      if (s === undefined) this.logger.warn({ setting: SCENARIOS_SETTING }, 'a saved scenario does not have the expected shape; skipped');
      else out.push({ name: s.name, title: s.title, description: s.description, builtIn: false, steps: s.steps });
    }
    return out;
  }

  get(name: string): ScenarioPlan | undefined {
    return this.list().find((s) => s.name === name);
  }

  save(plan: Omit<ScenarioPlan, 'builtIn'>): void {
    if (builtInScenario(plan.name) !== undefined) throw new AppError('conflict', `"${plan.name}" is a built-in scenario: save yours under another name.`);
    const stored: Stored = { name: plan.name, title: plan.title, description: plan.description, steps: plan.steps };
    const others = this.list().filter((s) => s.name !== plan.name);
    this.settings.set(SCENARIOS_SETTING, [...others.map(toStored), stored]);
  }

  delete(name: string): boolean {
    const all = this.list();
    const kept = all.filter((s) => s.name !== name);
    if (kept.length === all.length) return false;
    this.settings.set(SCENARIOS_SETTING, kept.map(toStored));
    return true;
  }
}

function toStored(p: ScenarioPlan): Stored {
  return { name: p.name, title: p.title, description: p.description, steps: p.steps };
}

function asStored(v: unknown): Stored | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.name !== 'string' || typeof o.title !== 'string' || typeof o.description !== 'string' || !Array.isArray(o.steps)) return undefined;
  const steps: ScenarioStep[] = [];
  for (const s of o.steps as unknown[]) {
    if (typeof s !== 'object' || s === null) return undefined;
    const step = s as Record<string, unknown>;
    if (typeof step.delayMs !== 'number' || step.delayMs < 0 || typeof step.body !== 'string') return undefined;
    const out: ScenarioStep = { delayMs: step.delayMs, body: step.body };
    if (typeof step.action === 'string') out.action = step.action;
    if (typeof step.retryOf === 'number' && Number.isInteger(step.retryOf) && step.retryOf >= 0 && step.retryOf < steps.length) out.retryOf = step.retryOf;
    steps.push(out);
  }
  return { name: o.name, title: o.title, description: o.description, steps };
}

/**
 * The steps of a scenario made from captures, oldest first. A capture whose body repeats an earlier one of the same
 * webhook is a LiveChat retry and is replayed as one.
 */
export function stepsFromCaptures(captures: readonly CapturedWebhook[]): ScenarioStep[] {
  const sorted = [...captures].sort((a, b) => a.seq - b.seq);
  const steps: ScenarioStep[] = [];
  const firstByBody = new Map<string, number>();
  let bytes = 0;
  let previous: number | undefined;
  for (const w of sorted) {
    if (w.bodyTruncated) throw new AppError('bad_request', `Webhook ${w.id} was cut at the size limit: only whole bodies can be replayed.`);
    const raw = Buffer.from(w.bodyBase64, 'base64');
    const body = raw.toString('utf8');
    if (!Buffer.from(body, 'utf8').equals(raw)) throw new AppError('bad_request', `Webhook ${w.id} has a body that is not UTF-8 text: it cannot be saved in a scenario.`);
    bytes += raw.length;
    if (bytes > MAX_SCENARIO_BYTES) throw new AppError('payload_too_large', `These webhooks hold more than ${MAX_SCENARIO_BYTES / 1024 / 1024} MiB of bodies: save fewer of them.`);
    const at = Date.parse(w.receivedAt);
    const step: ScenarioStep = { delayMs: previous === undefined ? 0 : Math.min(MAX_GAP_MS, Math.max(0, at - previous)), body };
    previous = at;
    if (w.action !== undefined) step.action = w.action;
    const key = `${w.webhookId ?? ''}\n${w.bodySha256}`;
    const first = firstByBody.get(key);
    if (first !== undefined) step.retryOf = first;
    else firstByBody.set(key, steps.length);
    steps.push(step);
  }
  return steps;
}
