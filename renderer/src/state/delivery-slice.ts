import type {
  DeliveryAttemptPush,
  DeliveryPolicy,
  DeliveryRecord,
  ForwardingMode,
  ForwardingState,
  IdempotencyReport,
  ReplayCheck,
  ReplayDestination,
  ReplayProgress,
  ResponseRule,
  RuleAddParams,
  RulePreset,
  TargetLatency,
} from '@shared/api/domains/delivery';
import { createFrameBatcher, type FrameScheduler } from './frame-batcher';
import type { SliceKit } from './slice-kit';

/** How many deliveries the timelines keep (newest first). */
export const DELIVERY_LIMIT = 200;

export interface TargetDraft {
  id?: string;
  url: string;
  actions?: string[];
  enabled?: boolean;
}

export interface BulkReplayRequest {
  ids?: readonly string[];
  query?: string;
  to: ReplayDestination;
  concurrency: number;
}

export interface DeliverySlice {
  /** Targets, the forwarding switch and mode, and the policy; undefined until the engine has answered. */
  forwarding: ForwardingState | undefined;
  responseRules: readonly ResponseRule[];
  /** Recent deliveries, newest first, updated attempt by attempt. */
  deliveries: readonly DeliveryRecord[];
  deliveryStats: readonly TargetLatency[];
  deliveryPanelOpen: boolean;
  /** The webhook the replay dialog is open for. */
  replayFor: string | undefined;
  /** The running (or last) bulk replay. */
  bulkReplay: ReplayProgress | undefined;
  idempotency: IdempotencyReport | undefined;
  refreshDelivery(): Promise<void>;
  refreshDeliveryStats(): Promise<void>;
  saveTarget(draft: TargetDraft): Promise<boolean>;
  removeTarget(id: string): Promise<boolean>;
  configureForwarding(change: { enabled?: boolean; mode?: ForwardingMode }): Promise<boolean>;
  setDeliveryPolicy(policy: Partial<DeliveryPolicy> & Pick<DeliveryPolicy, 'name'>): Promise<boolean>;
  addRulePreset(preset: RulePreset): Promise<boolean>;
  addRule(rule: RuleAddParams): Promise<boolean>;
  setRuleEnabled(id: string, enabled: boolean): Promise<boolean>;
  removeRule(id: string): Promise<boolean>;
  /** Checks an edited body (JSON errors, catalogue findings); undefined when the call failed. */
  checkReplay(id: string, body: string): Promise<ReplayCheck | undefined>;
  /** Sends one webhook (as captured when `body` is absent); resolves once the delivery has started. */
  replay(id: string, to: ReplayDestination, body?: string): Promise<DeliveryRecord | undefined>;
  startBulkReplay(request: BulkReplayRequest): Promise<boolean>;
  cancelBulkReplay(): Promise<void>;
  checkIdempotency(id: string, to: ReplayDestination): Promise<IdempotencyReport | undefined>;
  openReplay(id: string | undefined): void;
  toggleDeliveryPanel(open?: boolean): void;
}

export interface DeliverySliceHandle {
  state: DeliverySlice;
  /** Subscribes to the delivery pushes (called from the store's start); returns the unsubscribe functions. */
  subscribe(): Array<() => void>;
  stop(): void;
}

type DeliveryPush =
  | { kind: 'attempt'; push: DeliveryAttemptPush }
  | { kind: 'done'; record: DeliveryRecord }
  | { kind: 'progress'; progress: ReplayProgress }
  | { kind: 'rules'; rules: ResponseRule[] }
  | { kind: 'forwarding'; state: ForwardingState };

/** Merges a frame of attempt and done pushes into the newest-first list. */
export function mergeDeliveries(list: readonly DeliveryRecord[], pushes: readonly DeliveryPush[]): DeliveryRecord[] {
  const byId = new Map(list.map((d) => [d.deliveryId, d]));
  const order = list.map((d) => d.deliveryId);
  for (const p of pushes) {
    if (p.kind === 'done') {
      if (!byId.has(p.record.deliveryId)) order.unshift(p.record.deliveryId);
      byId.set(p.record.deliveryId, p.record);
    } else if (p.kind === 'attempt') {
      const a = p.push;
      const known = byId.get(a.deliveryId);
      if (known?.done) continue; // the done record already holds every attempt
      const base: DeliveryRecord = known ?? {
        deliveryId: a.deliveryId,
        kind: a.kind,
        url: a.url,
        startedAt: a.attempt.startedAt,
        policy: { name: 'custom', timeoutMs: 10_000, retryDelaysMs: [] },
        attempts: [],
        done: false,
        delivered: false,
        verdict: 'in progress',
        ...(a.webhookId !== undefined ? { webhookId: a.webhookId } : {}),
        ...(a.targetId !== undefined ? { targetId: a.targetId } : {}),
      };
      if (!known) order.unshift(a.deliveryId);
      if (base.attempts.some((x) => x.attempt === a.attempt.attempt)) continue;
      byId.set(a.deliveryId, { ...base, attempts: [...base.attempts, a.attempt] });
    }
  }
  return order.slice(0, DELIVERY_LIMIT).map((id) => byId.get(id)!);
}

export function createDeliverySlice({ client, set, get }: SliceKit, schedule: FrameScheduler): DeliverySliceHandle {
  let jobSeq = 0;
  let statsTimer: ReturnType<typeof setTimeout> | undefined;

  const batcher = createFrameBatcher<DeliveryPush>((batch) => {
    const timeline = batch.filter((p) => p.kind === 'attempt' || p.kind === 'done');
    if (timeline.length > 0) set((s) => ({ deliveries: mergeDeliveries(s.deliveries, timeline) }));
    let progress: ReplayProgress | undefined;
    let rules: ResponseRule[] | undefined;
    let forwarding: ForwardingState | undefined;
    for (const p of batch) {
      if (p.kind === 'progress') progress = p.progress;
      else if (p.kind === 'rules') rules = p.rules;
      else if (p.kind === 'forwarding') forwarding = p.state;
    }
    if (progress && progress.jobId === get().bulkReplay?.jobId) set({ bulkReplay: progress });
    if (rules) set({ responseRules: rules });
    if (forwarding) set({ forwarding });
    // Histograms change with every finished delivery; asking once a second at most is plenty.
    if (batch.some((p) => p.kind === 'done') && statsTimer === undefined && get().deliveryPanelOpen) {
      statsTimer = setTimeout(() => {
        statsTimer = undefined;
        void get().refreshDeliveryStats();
      }, 1000);
    }
  }, schedule);

  async function attempt<T>(context: string, run: () => Promise<T>): Promise<T | undefined> {
    try {
      return await run();
    } catch (err) {
      get().reportError(context, err);
      return undefined;
    }
  }

  const state: DeliverySlice = {
    forwarding: undefined,
    responseRules: [],
    deliveries: [],
    deliveryStats: [],
    deliveryPanelOpen: false,
    replayFor: undefined,
    bulkReplay: undefined,
    idempotency: undefined,

    async refreshDelivery() {
      await attempt('Reading forwarding settings', async () => {
        const [forwarding, rules, deliveries, stats] = await Promise.all([
          client.call('forwarding.get', {}),
          client.call('rules.list', {}),
          client.call('delivery.list', { limit: DELIVERY_LIMIT }),
          client.call('delivery.stats', {}),
        ]);
        set((s) => ({ forwarding, responseRules: rules, deliveryStats: stats, deliveries: mergeDeliveries(deliveries, s.deliveries.filter((d) => !d.done).map((record) => ({ kind: 'done' as const, record }))) }));
      });
    },
    async refreshDeliveryStats() {
      const stats = await attempt('Reading delivery latencies', () => client.call('delivery.stats', {}));
      if (stats) set({ deliveryStats: stats });
    },
    async saveTarget(draft) {
      const params = { url: draft.url, ...(draft.id ? { id: draft.id } : {}), ...(draft.actions ? { actions: draft.actions } : {}), ...(draft.enabled === undefined ? {} : { enabled: draft.enabled }) };
      const saved = await attempt('Saving a target', () => client.call('targets.save', params));
      if (!saved) return false;
      const forwarding = await attempt('Reading forwarding settings', () => client.call('forwarding.get', {}));
      if (forwarding) set({ forwarding });
      return true;
    },
    async removeTarget(id) {
      const r = await attempt('Removing a target', () => client.call('targets.remove', { id }));
      if (!r) return false;
      const forwarding = await attempt('Reading forwarding settings', () => client.call('forwarding.get', {}));
      if (forwarding) set({ forwarding });
      return r.removed;
    },
    async configureForwarding(change) {
      const forwarding = await attempt('Changing forwarding', () => client.call('forwarding.configure', change));
      if (forwarding) set({ forwarding });
      return forwarding !== undefined;
    },
    async setDeliveryPolicy(policy) {
      const saved = await attempt('Changing the delivery policy', () => client.call('delivery.setPolicy', policy));
      if (!saved) return false;
      set((s) => (s.forwarding ? { forwarding: { ...s.forwarding, policy: saved } } : {}));
      return true;
    },
    async addRulePreset(preset) {
      const rule = await attempt('Adding a response rule', () => client.call('rules.preset', { preset }));
      if (rule) set((s) => ({ responseRules: s.responseRules.some((r) => r.id === rule.id) ? s.responseRules : [...s.responseRules, rule] }));
      return rule !== undefined;
    },
    async addRule(params) {
      const rule = await attempt('Adding a response rule', () => client.call('rules.add', params));
      if (rule) set((s) => ({ responseRules: s.responseRules.some((r) => r.id === rule.id) ? s.responseRules : [...s.responseRules, rule] }));
      return rule !== undefined;
    },
    async setRuleEnabled(id, enabled) {
      const rule = await attempt('Switching a response rule', () => client.call('rules.setEnabled', { id, enabled }));
      if (rule) set((s) => ({ responseRules: s.responseRules.map((r) => (r.id === id ? rule : r)) }));
      return rule !== undefined;
    },
    async removeRule(id) {
      const r = await attempt('Removing a response rule', () => client.call('rules.remove', { id }));
      if (r) set((s) => ({ responseRules: s.responseRules.filter((x) => x.id !== id) }));
      return r?.removed ?? false;
    },
    async checkReplay(id, body) {
      return attempt('Checking the edited body', () => client.call('replay.check', { id, body }));
    },
    async replay(id, to, body) {
      try {
        return await client.call('replay.send', { id, to, ...(body === undefined ? {} : { body }) });
      } catch (err) {
        get().reportError('Replaying a webhook', err);
        return undefined;
      }
    },
    async startBulkReplay(request) {
      const jobId = `bulk-${Date.now().toString(36)}-${++jobSeq}`;
      const params = {
        jobId,
        to: request.to,
        concurrency: request.concurrency,
        ...(request.ids ? { ids: [...request.ids] } : { query: request.query ?? '' }),
      };
      set({ bulkReplay: { jobId, total: request.ids?.length ?? 0, done: 0, delivered: 0, failed: 0, state: 'running' } });
      const first = await attempt('Starting a bulk replay', () => client.call('replay.bulk', params));
      if (!first) {
        set({ bulkReplay: undefined });
        return false;
      }
      // A progress push may already have overtaken the answer.
      set((s) => (s.bulkReplay?.jobId === jobId && s.bulkReplay.done <= first.done ? { bulkReplay: first } : {}));
      return true;
    },
    async cancelBulkReplay() {
      const job = get().bulkReplay;
      if (!job || job.state !== 'running') return;
      await attempt('Cancelling the bulk replay', () => client.call('replay.cancel', { jobId: job.jobId }));
    },
    async checkIdempotency(id, to) {
      set({ idempotency: undefined });
      const report = await attempt('Checking idempotency', () => client.call('replay.idempotency', { id, to }));
      if (report) set({ idempotency: report });
      return report;
    },
    openReplay(id) {
      set({ replayFor: id, idempotency: undefined });
      // The dialog offers the saved targets.
      if (id !== undefined && get().forwarding === undefined) void get().refreshDelivery();
    },
    toggleDeliveryPanel(open) {
      const next = open ?? !get().deliveryPanelOpen;
      set({ deliveryPanelOpen: next });
      if (next) void get().refreshDelivery();
    },
  };

  return {
    state,
    subscribe: () => [
      client.on('delivery.attempt', (push) => batcher.push({ kind: 'attempt', push })),
      client.on('delivery.done', (record) => batcher.push({ kind: 'done', record })),
      client.on('replay.progress', (progress) => batcher.push({ kind: 'progress', progress })),
      client.on('rules.changed', (rules) => batcher.push({ kind: 'rules', rules })),
      client.on('forwarding.changed', (s) => batcher.push({ kind: 'forwarding', state: s })),
    ],
    stop() {
      batcher.stop();
      if (statsTimer !== undefined) clearTimeout(statsTimer);
    },
  };
}
