import { randomInt } from 'node:crypto';
import type {
  ScenarioInfo,
  SimulatorCatalogue,
  SimulatorGenerated,
  SimulatorGenerateParams,
  SimulatorRunParams,
  SimulatorSendParams,
  TriggerRecord,
} from '@shared/api/domains/simulator';
import { LIVECHAT_POLICY } from '@shared/api/domains/delivery';
import { AppError } from '@shared/api/errors';
import { ACTION_GROUPS, catalogueEntry, checkWebhookBody, EVENT_TYPES, GROUPS, summarize } from '@shared/livechat/catalogue';
import { newId } from '@shared/model/id';
import type { CapturedWebhook } from '@shared/model/webhook';
import type { Logger, SettingsStore } from '../ports';
import { systemTimers, type Timers } from '../tunnel/tunnel-supervisor';
import { checkDestination, parseChatWebhook, type DestinationDeps } from './destinations';
import { generateBody, entryFor, checkEventType } from './generate';
import { SavedScenarios, stepsFromCaptures } from './saved-scenarios';
import { BUILT_IN_SCENARIOS, builtInScenario, scenarioInfo, type ScenarioStep } from './scenarios';
import { runTrigger, snapshot, type OneStep, type Plan } from './trigger-runner';
import { SimWorld } from './world';

/**
 * The LiveChat event simulator: generates bodies, runs scenarios and sends them to LiveHook itself, to a URL or through
 * the sandbox LiveChat. Every send or run is a trigger: its record is pushed as each webhook goes out and settles, and
 * the last few are kept to be repeated exactly.
 *
 * Engine-facing API (also what a CLI uses): `generate`, `send` / `run` / `repeat` (which return the record as started
 * and a promise of the finished one), `cancel`, `recent`, `scenarios`, `saveScenario`, `deleteScenario`, `stop`.
 */

export interface SimulatorDeps extends DestinationDeps {
  logger: Logger;
  settings: SettingsStore;
  /** A captured webhook with its body (saving scenarios from captures). */
  getWebhook(id: string): Promise<CapturedWebhook | undefined>;
  /** A trigger changed; the record is a snapshot. */
  emit(record: TriggerRecord): void;
  /** Scenario pacing; tests pass manual timers. */
  timers?: Timers;
  /** Draws a seed when none is given (tests fix it). */
  randomSeed?: () => number;
}

export interface Started {
  /** The record as it stands when sending has just started; `done` resolves with the finished one. */
  record: TriggerRecord;
  done: Promise<TriggerRecord>;
}

/** How many triggers `recent` keeps (and can repeat). */
export const RECENT_LIMIT = 20;
/** Bodies kept for a repeat, in all: a huge edited body is sent, but not kept. */
const MAX_KEPT_BYTES = 4 * 1024 * 1024;
/** With an explicit seed and no start time, bodies start on a date derived from the seed: fully reproducible. */
const SEEDED_EPOCH_MS = Date.UTC(2026, 0, 5, 9, 0, 0);

export class Simulator {
  private readonly saved: SavedScenarios;
  private readonly timers: Timers;
  private readonly recentList: Array<{ record: TriggerRecord; plan?: Plan }> = [];
  private readonly running = new Map<string, { controller: AbortController; done: Promise<TriggerRecord> }>();
  private stopped = false;

  constructor(private readonly deps: SimulatorDeps) {
    this.saved = new SavedScenarios(deps.settings, deps.logger);
    this.timers = deps.timers ?? systemTimers;
  }

  catalogue(): SimulatorCatalogue {
    return {
      groups: GROUPS.map((group) => ({
        group,
        actions: ACTION_GROUPS[group].map((action) => {
          const e = catalogueEntry(action)!;
          return { action, status: e.status, description: e.description, versions: e.versions, ...(e.replacedBy === undefined ? {} : { replacedBy: e.replacedBy }) };
        }),
      })).filter((g) => g.actions.length > 0),
      eventTypes: [...EVENT_TYPES],
    };
  }

  scenarios(): ScenarioInfo[] {
    const world = new SimWorld({ seed: 1, startMs: SEEDED_EPOCH_MS });
    const builtIn = BUILT_IN_SCENARIOS.map((s) =>
      scenarioInfo({ name: s.name, title: s.title, description: s.description, builtIn: true, steps: s.build({ world, additionalData: false, retryDelaysMs: this.retryDelays() }) }),
    );
    return [...builtIn, ...this.saved.list().map(scenarioInfo)];
  }

  generate(params: SimulatorGenerateParams): SimulatorGenerated {
    const { world, seed, startMs } = this.world(params);
    const body = generateBody(world, params.action, options(params));
    const check = checkWebhookBody(body);
    const out: SimulatorGenerated = {
      action: params.action,
      seed,
      startAt: new Date(startMs).toISOString(),
      body: JSON.stringify(body, null, 2),
      findings: check.findings,
    };
    const summary = summarize(body);
    if (summary !== undefined) out.summary = summary;
    return out;
  }

  send(params: SimulatorSendParams): Started {
    if ((params.body === undefined) === (params.action === undefined)) {
      throw new AppError('bad_request', 'Give either a body to send or an action to generate, not both and not neither.');
    }
    checkDestination(params.destination, this.deps);
    const count = params.count ?? 1;
    let plan: Plan;
    if (params.body !== undefined) {
      const action = actionOf(params.body);
      if (params.destination.kind === 'sandbox') parseChatWebhook(params.body);
      const steps = Array.from({ length: count }, (_, i): OneStep => ({ delayMs: 0, body: params.body!, retry: i > 0, ...(action === undefined ? {} : { action }) }));
      plan = { kind: 'send', label: `${action ?? 'custom body'}${count > 1 ? ` × ${count}` : ''}`, destination: params.destination, steps, speed: 0 };
    } else {
      const action = params.action!;
      entryFor(action);
      checkEventType(action, params.eventType);
      const { world, seed } = this.world(params);
      const steps = Array.from({ length: count }, (): OneStep => ({ delayMs: 0, action, body: JSON.stringify(generateBody(world, action, options(params))), retry: false }));
      if (params.destination.kind === 'sandbox') parseChatWebhook(steps[0]!.body);
      const label = `${action}${params.eventType === undefined ? '' : ` (${params.eventType})`}${count > 1 ? ` × ${count}` : ''}`;
      plan = { kind: 'send', label, seed, destination: params.destination, steps, speed: 0 };
    }
    return this.start(plan);
  }

  run(params: SimulatorRunParams): Started {
    checkDestination(params.destination, this.deps);
    const speed = params.speed ?? 1;
    const builtIn = builtInScenario(params.name);
    let plan: Plan;
    if (builtIn !== undefined) {
      const { world, seed } = this.world(params);
      const steps = builtIn.build({ world, additionalData: params.additionalData === true, retryDelaysMs: this.retryDelays() });
      plan = { kind: 'scenario', label: builtIn.title, scenario: builtIn.name, seed, destination: params.destination, steps: steps.map(toOneStep), speed };
    } else {
      const saved = this.saved.get(params.name);
      if (saved === undefined) {
        const names = this.scenarios().map((s) => s.name).join(', ');
        throw new AppError('not_found', `No scenario named "${params.name}". Scenarios: ${names}.`);
      }
      plan = { kind: 'scenario', label: saved.title, scenario: saved.name, destination: params.destination, steps: saved.steps.map(toOneStep), speed };
    }
    if (params.destination.kind === 'sandbox') for (const s of plan.steps) parseChatWebhook(s.body);
    return this.start(plan);
  }

  repeat(id: string): Started {
    const found = this.recentList.find((r) => r.record.id === id);
    if (found === undefined) throw new AppError('not_found', `No recent trigger ${id} (only the last ${RECENT_LIMIT} of this run are kept).`);
    if (found.plan === undefined) throw new AppError('conflict', 'That trigger’s bodies were too large to keep: send it again from the Trigger panel.');
    checkDestination(found.plan.destination, this.deps);
    return this.start(found.plan);
  }

  cancel(id: string): boolean {
    const run = this.running.get(id);
    if (run === undefined) return false;
    run.controller.abort();
    return true;
  }

  recent(): TriggerRecord[] {
    return this.recentList.map((r) => snapshot(r.record));
  }

  async saveScenario(params: { name: string; title?: string | undefined; description?: string | undefined; ids: string[] }): Promise<ScenarioInfo> {
    const captures: CapturedWebhook[] = [];
    for (const id of new Set(params.ids)) {
      const w = await this.deps.getWebhook(id);
      if (w === undefined) throw new AppError('not_found', `No captured webhook ${id}: it may have been cleared or dropped by retention.`);
      captures.push(w);
    }
    const steps = stepsFromCaptures(captures);
    const actions = [...new Set(steps.map((s) => s.action ?? 'webhook'))];
    const plan = {
      name: params.name,
      title: params.title ?? params.name,
      description: params.description ?? `${steps.length} captured webhook${steps.length === 1 ? '' : 's'}: ${actions.slice(0, 5).join(', ')}${actions.length > 5 ? ', …' : ''}`,
      steps,
    };
    this.saved.save(plan);
    return scenarioInfo({ ...plan, builtIn: false });
  }

  deleteScenario(name: string): boolean {
    if (builtInScenario(name) !== undefined) throw new AppError('conflict', `"${name}" is a built-in scenario and cannot be deleted.`);
    return this.saved.delete(name);
  }

  /** Cancels every trigger under way and waits for them to settle (engine stop). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const run of this.running.values()) run.controller.abort();
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
  }

  private retryDelays(): readonly number[] {
    return this.deps.policy?.().retryDelaysMs ?? LIVECHAT_POLICY.retryDelaysMs;
  }

  private world(p: { seed?: number | undefined; startAt?: string | undefined }): { world: SimWorld; seed: number; startMs: number } {
    const seed = p.seed ?? this.deps.randomSeed?.() ?? randomInt(0, 0x1_0000_0000);
    const startMs = p.startAt !== undefined ? Date.parse(p.startAt) : p.seed !== undefined ? SEEDED_EPOCH_MS + (seed % 365) * 86_400_000 : this.deps.clock.now();
    return { world: new SimWorld({ seed, startMs }), seed, startMs };
  }

  private start(plan: Plan): Started {
    if (this.stopped) throw new AppError('unavailable', 'LiveHook is stopping.');
    const record: TriggerRecord = {
      id: newId(this.deps.clock.now()),
      at: new Date(this.deps.clock.now()).toISOString(),
      kind: plan.kind,
      label: plan.label,
      destination: plan.destination,
      total: plan.steps.length,
      items: [],
      done: false,
      ...(plan.scenario === undefined ? {} : { scenario: plan.scenario }),
      ...(plan.seed === undefined ? {} : { seed: plan.seed }),
    };
    const kept = plan.steps.reduce((n, s) => n + s.body.length, 0) <= MAX_KEPT_BYTES;
    this.recentList.unshift(kept ? { record, plan } : { record });
    this.recentList.splice(RECENT_LIMIT);
    const controller = new AbortController();
    const done = runTrigger(record, plan, { ...this.deps, timers: this.timers }, controller.signal).finally(() => this.running.delete(record.id));
    this.running.set(record.id, { controller, done });
    return { record: snapshot(record), done };
  }
}

function options(p: SimulatorGenerateParams | SimulatorSendParams): Parameters<typeof generateBody>[2] {
  return {
    ...(p.eventType === undefined ? {} : { eventType: p.eventType }),
    ...(p.additionalData === undefined ? {} : { additionalData: p.additionalData }),
    ...(p.set === undefined ? {} : { set: p.set }),
  };
}

function toOneStep(s: ScenarioStep): OneStep {
  return { delayMs: s.delayMs, body: s.body, retry: s.retryOf !== undefined, ...(s.action === undefined ? {} : { action: s.action }) };
}

function actionOf(text: string): string | undefined {
  try {
    const json = JSON.parse(text) as unknown;
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
    const o = json as Record<string, unknown>;
    const name = typeof o.action === 'string' ? o.action : typeof o.event === 'string' ? o.event : undefined;
    return name === undefined || name.length > 100 ? undefined : name;
  } catch {
    // Not JSON: sent as it is (testing how a service copes with a broken body is legitimate), just without a name.
    return undefined;
  }
}
