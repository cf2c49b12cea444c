import type {
  DeliveryAttemptPush,
  DeliveryKind,
  DeliveryPolicy,
  DeliveryRecord,
  ForwardingState,
  ResponseRule,
} from '@shared/api/domains/delivery';
import type { EventsListParams, EventsPage } from '@shared/api/contract';
import type { CapturedWebhook } from '@shared/model/webhook';
import { newId } from '@shared/model/id';
import type { Clock, Logger, SettingsStore } from '../ports';
import { parseBody, type IncomingRequest } from '../receiver/capture';
import type { CaptureOptions } from '../history/webhook-store';
import type { AnswerDecider, ReceiverAnswer } from '../receiver/receiver';
import { ResponseRules } from '../rules/response-rules';
import type { Timers } from '../tunnel/tunnel-supervisor';
import { planFromPassThrough, planFromRule, type AnswerPlan } from './answer-plan';
import { createDeliverer, type ClosableDeliverer } from './deliverer';
import { DeliveryLog } from './delivery-log';
import { sanitizeHeaders } from './headers';
import { POLICY_SETTING, readPolicy, resolvePolicy, singleAttempt } from './policy';
import { Targets } from './targets';
import type { AttemptRecord, OutgoingRequest, PolicySpec } from './types';

/** The parts of the webhook store delivery uses. */
export interface CaptureStore {
  capture(req: IncomingRequest, answer?: number | AnswerDecider, options?: CaptureOptions): Promise<ReceiverAnswer>;
  get(id: string): Promise<CapturedWebhook | undefined>;
  list(params: EventsListParams): EventsPage;
}

export interface DeliveryEmit {
  attempt(p: DeliveryAttemptPush): void;
  done(r: DeliveryRecord): void;
  rulesChanged(rules: ResponseRule[]): void;
  forwardingChanged(state: ForwardingState): void;
}

export interface DeliveryServiceDeps {
  store: CaptureStore;
  settings: SettingsStore;
  logger: Logger;
  clock: Clock;
  timers?: Timers;
  /** Where finished deliveries are journaled. */
  dir: string;
  durable?: boolean;
  emit: DeliveryEmit;
}

/** One send to run: a request and what it is about. */
export interface DeliveryJob {
  request: OutgoingRequest;
  kind: DeliveryKind;
  policy: PolicySpec;
  webhookId?: string | undefined;
  action?: string | undefined;
  targetId?: string | undefined;
  edited?: boolean;
  jobId?: string;
  signal?: AbortSignal;
  deliveryId?: string;
}

/**
 * Forwarding, replay and response rules around one deliverer. The receiver's capture goes through `capture`, whose
 * common case — no rule on, nothing to forward — is one boolean check before the webhook store's own capture.
 */
export class DeliveryService {
  readonly deliverer: ClosableDeliverer;
  readonly targets: Targets;
  readonly rules: ResponseRules;
  private policy: PolicySpec;
  /** rules.active || forwarding on with an enabled target: recomputed on every change, read on every capture. */
  private slowPath = false;
  private readonly log: Logger;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Aborted on close: a forward waiting out LiveChat's minute of retries must not hold the engine's stop. */
  private readonly closing = new AbortController();

  private constructor(
    private readonly deps: DeliveryServiceDeps,
    readonly history: DeliveryLog,
  ) {
    this.log = deps.logger.child({ module: 'delivery' });
    this.policy = readPolicy(deps.settings, this.log);
    this.deliverer = createDeliverer({ clock: deps.clock, logger: deps.logger, policy: () => this.policy, ...(deps.timers ? { timers: deps.timers } : {}) });
    this.targets = new Targets(deps.settings, this.log);
    this.rules = new ResponseRules(deps.clock, (rules) => {
      this.refreshSlowPath();
      deps.emit.rulesChanged(rules);
    });
    this.refreshSlowPath();
  }

  static async open(deps: DeliveryServiceDeps): Promise<DeliveryService> {
    const history = await DeliveryLog.open({ dir: deps.dir, logger: deps.logger.child({ module: 'delivery-journal' }), ...(deps.durable === undefined ? {} : { durable: deps.durable }) });
    return new DeliveryService(deps, history);
  }

  get store(): CaptureStore {
    return this.deps.store;
  }

  get currentPolicy(): PolicySpec {
    return { ...this.policy, retryDelaysMs: [...this.policy.retryDelaysMs] };
  }

  setPolicy(p: Partial<DeliveryPolicy>): PolicySpec {
    this.policy = resolvePolicy(p);
    this.deps.settings.set(POLICY_SETTING, this.policy);
    this.deps.emit.forwardingChanged(this.forwardingState());
    return this.currentPolicy;
  }

  forwardingState(): ForwardingState {
    return { ...this.targets.forwarding, targets: this.targets.list(), policy: this.currentPolicy };
  }

  /** Call after any change of targets or the forwarding switch. */
  targetsChanged(): ForwardingState {
    this.refreshSlowPath();
    const state = this.forwardingState();
    this.deps.emit.forwardingChanged(state);
    return state;
  }

  /** The receiver's capture. */
  capture(req: IncomingRequest): Promise<ReceiverAnswer> {
    // No rule or forward needs the summary: the sender is answered as soon as the webhook is durable.
    if (!this.slowPath) return this.deps.store.capture(req, 200, { ack: 'durable' });
    return this.captureSlow(req);
  }

  /** Runs one delivery to the end: pushes every attempt, journals the result. */
  run(job: DeliveryJob): Promise<DeliveryRecord> {
    return this.track(this.runTracked(job));
  }

  private async runTracked(job: DeliveryJob): Promise<DeliveryRecord> {
    const record = this.startRecord(job, job.request.url);
    const signal = job.signal ? AbortSignal.any([job.signal, this.closing.signal]) : this.closing.signal;
    const outcome = await this.deliverer.deliver(job.request, {
      policy: job.policy,
      deliveryId: record.deliveryId,
      signal,
      onAttempt: (a) => {
        record.attempts = [...record.attempts, a];
        this.deps.emit.attempt(this.attemptPush(record, a));
      },
    });
    return this.finish(record, outcome.attempts, outcome.delivered, outcome.verdict);
  }

  /** The request for a captured webhook: its exact bytes (or an edited body) and its headers minus hop-by-hop ones. */
  requestFor(w: { headers: Record<string, string | string[]>; method: string }, body: Uint8Array, url: string, extra: Record<string, string>): OutgoingRequest {
    return { url, method: w.method === 'GET' || w.method === 'HEAD' ? 'POST' : w.method, headers: { ...sanitizeHeaders(w.headers), ...extra }, body };
  }

  /** Waits for deliveries started in the background (forwards), then closes sockets and the journal. */
  async close(): Promise<void> {
    this.closing.abort();
    await Promise.allSettled([...this.inFlight]);
    this.deliverer.close();
    await this.history.close();
  }

  private async captureSlow(req: IncomingRequest): Promise<ReceiverAnswer> {
    const forwarding = this.targets.forwardingActive;
    if (forwarding && this.targets.forwarding.mode === 'pass-through') return this.capturePassThrough(req);
    const decide: AnswerDecider | undefined = this.rules.active
      ? ({ action, path }) => {
          const d = this.rules.decide(action, path);
          return d ? planFromRule(d) : undefined;
        }
      : undefined;
    const answer = await this.deps.store.capture(req, decide);
    if (forwarding && answer.summary) {
      const s = answer.summary;
      for (const t of this.targets.matching(s.action)) this.forwardInBackground(req, s.id, s.action, t.id, t.url);
    }
    return answer;
  }

  /**
   * Pass-through: the sender waits for the first matching target (one attempt, the policy's timeout) and hears its
   * status; LiveChat then retries on its own, and those retries are captured and grouped. The webhook is recorded
   * once the target has answered, still before the sender hears anything. A response rule, when one matches, wins.
   */
  private async capturePassThrough(req: IncomingRequest): Promise<ReceiverAnswer> {
    const action = parseBody(req.body, req.bodyTruncated).livechat.action;
    const ruled = this.rules.active ? this.rules.decide(action, req.path) : undefined;
    const [first, ...others] = this.targets.matching(action);
    let plan: AnswerPlan | undefined = ruled ? planFromRule(ruled) : undefined;
    let passRecord: DeliveryRecord | undefined;
    let passAttempts: AttemptRecord[] = [];
    let passOutcome: { delivered: boolean; verdict: string } | undefined;
    const policy = singleAttempt(this.policy);
    if (!plan && first) {
      passRecord = this.startRecord({ kind: 'pass-through', policy, targetId: first.id, action }, first.url);
      const request = this.requestFor(req, req.body, first.url, { 'x-livehook-delivery': passRecord.deliveryId });
      const outcome = await this.deliverer.deliver(request, { policy, deliveryId: passRecord.deliveryId });
      passAttempts = outcome.attempts;
      passOutcome = outcome;
      plan = planFromPassThrough(outcome, first.id, policy.timeoutMs);
    }
    const answer = await this.deps.store.capture(req, plan ? () => plan : 200);
    const s = answer.summary;
    if (passRecord && passOutcome) {
      // A new object: the log indexes a delivery by webhook when the id first appears on what it is given.
      const linked: DeliveryRecord = s ? { ...passRecord, webhookId: s.id } : passRecord;
      for (const a of passAttempts) this.deps.emit.attempt(this.attemptPush(linked, a));
      void this.track(this.finish(linked, passAttempts, passOutcome.delivered, passOutcome.verdict));
    }
    if (s) {
      const rest = plan?.passThrough ? others : this.targets.matching(action);
      for (const t of rest) this.forwardInBackground(req, s.id, s.action, t.id, t.url);
    }
    return answer;
  }

  private forwardInBackground(req: IncomingRequest, webhookId: string, action: string | undefined, targetId: string, url: string): void {
    const deliveryId = newId(this.deps.clock.now());
    const request = this.requestFor(req, req.body, url, { 'x-livehook-delivery': deliveryId, 'x-livehook-forwarded': webhookId });
    this.run({ kind: 'forward', request, policy: this.policy, webhookId, action, targetId, deliveryId }).catch((err: unknown) =>
      this.log.error({ err, webhookId, url }, 'forwarding failed'),
    );
  }

  /** Close waits for these: their records must reach the journal before it closes. */
  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    const forget = (): void => void this.inFlight.delete(p);
    p.then(forget, forget);
    return p;
  }

  private startRecord(job: Omit<DeliveryJob, 'request'>, url: string): DeliveryRecord {
    const record: DeliveryRecord = {
      deliveryId: job.deliveryId ?? newId(this.deps.clock.now()),
      kind: job.kind,
      url,
      startedAt: new Date(this.deps.clock.now()).toISOString(),
      policy: job.policy,
      attempts: [],
      done: false,
      delivered: false,
      verdict: 'in progress',
    };
    if (job.webhookId !== undefined) record.webhookId = job.webhookId;
    if (job.action !== undefined) record.action = job.action;
    if (job.targetId !== undefined) record.targetId = job.targetId;
    if (job.edited === true) record.edited = true;
    if (job.jobId !== undefined) record.jobId = job.jobId;
    this.history.remember(record);
    return record;
  }

  private async finish(record: DeliveryRecord, attempts: AttemptRecord[], delivered: boolean, verdict: string): Promise<DeliveryRecord> {
    const done: DeliveryRecord = { ...record, attempts, delivered, verdict, done: true };
    try {
      await this.history.record(done);
    } catch (err) {
      // The delivery happened; only its timeline will not survive a restart. Say so, keep going.
      this.log.error({ err, deliveryId: done.deliveryId }, 'could not journal a delivery');
      this.history.remember(done);
    }
    this.deps.emit.done(done);
    return done;
  }

  private attemptPush(r: DeliveryRecord, attempt: AttemptRecord): DeliveryAttemptPush {
    const p: DeliveryAttemptPush = { deliveryId: r.deliveryId, kind: r.kind, url: r.url, attempt };
    if (r.webhookId !== undefined) p.webhookId = r.webhookId;
    if (r.targetId !== undefined) p.targetId = r.targetId;
    return p;
  }

  private refreshSlowPath(): void {
    this.slowPath = this.rules.active || this.targets.forwardingActive;
  }
}
