import { z } from 'zod';
import type { DiffResult } from '../../diff/types';
import type { SchemaFinding } from '../../model/webhook';
import { method, push } from '../define';

/**
 * Sending webhooks on to the developer's own service: targets, forwarding of each capture, replay (as captured,
 * edited, in bulk), the delivery policy that imitates LiveChat's retry and timeout rules, the idempotency check, and
 * the response rules that decide what LiveHook answers LiveChat.
 */

// ---------------------------------------------------------------------------------------------- delivery policy

/**
 * How a send is retried. LiveChat wants a 200 within about 10 s and retries a failure up to 3 times within about a
 * minute; its exact schedule is not published, so the default (retries after 10 s, 20 s, 30 s) approximates it.
 */
export interface DeliveryPolicy {
  name: 'livechat' | 'single' | 'custom';
  /** Per-attempt timeout, ms. */
  timeoutMs: number;
  /** Delay before each retry, ms; `[]` = a single attempt. */
  retryDelaysMs: number[];
}

export const LIVECHAT_TIMEOUT_MS = 10_000;
export const LIVECHAT_POLICY: DeliveryPolicy = { name: 'livechat', timeoutMs: LIVECHAT_TIMEOUT_MS, retryDelaysMs: [10_000, 20_000, 30_000] };
export const SINGLE_ATTEMPT_POLICY: DeliveryPolicy = { name: 'single', timeoutMs: LIVECHAT_TIMEOUT_MS, retryDelaysMs: [] };

export const DeliveryPolicyParams = z
  .object({
    name: z.enum(['livechat', 'single', 'custom']),
    /** Only for `custom` (the others are fixed). 100 ms … 5 min. */
    timeoutMs: z.number().int().min(100).max(300_000).optional(),
    /** Only for `custom`: up to 10 retries, each 0 … 1 h after the previous attempt. */
    retryDelaysMs: z.array(z.number().int().min(0).max(3_600_000)).max(10).optional(),
  })
  .strict();
export type DeliveryPolicyParams = z.infer<typeof DeliveryPolicyParams>;

// ---------------------------------------------------------------------------------------------- deliveries

/** One HTTP attempt of a delivery. */
export interface DeliveryAttempt {
  /** 1 for the first try. */
  attempt: number;
  startedAt: string;
  /** Time to the response's status line, or to the failure, ms. */
  latencyMs: number;
  status?: number;
  /** Network error, or `timeout after 10000 ms`. */
  error?: string;
  timedOut: boolean;
  /** Only HTTP 200 counts (LiveChat's rule). */
  ok: boolean;
  /** First 64 KiB of the response body, as text. */
  responseBody?: string;
  responseHeaders?: Record<string, string>;
  /** ms until the next attempt, when one is scheduled. */
  nextInMs?: number;
}

/** `simulation`: a simulator webhook sent to a URL (Trigger panel, `livehook trigger --to`). */
export type DeliveryKind = 'forward' | 'pass-through' | 'replay' | 'bulk' | 'idempotency' | 'simulation';

/** One webhook sent to one URL under a policy: its attempts and the verdict. */
export interface DeliveryRecord {
  deliveryId: string;
  kind: DeliveryKind;
  /** The captured webhook that was sent (absent for sends that did not start from a capture). */
  webhookId?: string;
  action?: string;
  targetId?: string;
  url: string;
  /** True when the body was edited before the replay. */
  edited?: boolean;
  /** Bulk replay job. */
  jobId?: string;
  startedAt: string;
  policy: DeliveryPolicy;
  attempts: DeliveryAttempt[];
  /** False while attempts are still to come. */
  done: boolean;
  delivered: boolean;
  /** "delivered on attempt 2", "LiveChat would have given up after 4 attempts", "in progress". */
  verdict: string;
}

export interface DeliveryAttemptPush {
  deliveryId: string;
  kind: DeliveryKind;
  webhookId?: string;
  targetId?: string;
  url: string;
  attempt: DeliveryAttempt;
}

export const DeliveryListParams = z
  .object({
    webhookId: z.string().min(1).max(64).optional(),
    targetId: z.string().min(1).max(64).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  })
  .strict();

/** Latency upper bounds of the histogram bins, ms; a last bin holds everything slower, then timeouts and errors. */
export const LATENCY_BINS_MS = [50, 100, 250, 500, 1000, 2500, 5000, 7500, 10_000, 15_000, 30_000] as const;

export interface TargetLatency {
  /** A target id, or the URL for sends to a URL that is not a target. */
  key: string;
  url: string;
  targetId?: string;
  /** Attempts with an HTTP answer per bin of LATENCY_BINS_MS, plus one last bin for slower ones. */
  bins: number[];
  timeouts: number;
  errors: number;
  attempts: number;
  /** Attempts that got a 200 within the policy's timeout. */
  ok: number;
  p50Ms?: number;
  p95Ms?: number;
  maxMs?: number;
}

// ---------------------------------------------------------------------------------------------- targets, forwarding

export interface DeliveryTarget {
  id: string;
  url: string;
  /** Only these actions are forwarded; absent or empty = every webhook. */
  actions?: string[];
  enabled: boolean;
}

/** http(s) only: the URL a developer's own service listens on. */
const HttpUrl = z
  .string()
  .max(2000)
  .refine((u) => {
    try {
      const p = new URL(u).protocol;
      return p === 'http:' || p === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL, e.g. http://localhost:3000/livechat/webhooks');

export const TargetSaveParams = z
  .object({
    /** Omit to add a target; give to change one. */
    id: z.string().min(1).max(64).optional(),
    url: HttpUrl,
    actions: z.array(z.string().min(1).max(200)).max(200).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

/**
 * `acknowledge`: LiveHook answers 200 at once (LiveChat's own advice) and forwards after.
 * `pass-through`: LiveHook waits for the first matching target (one attempt, the policy's timeout) and answers LiveChat
 * with the target's status — 504 when the target did not answer in time, 502 when it could not be reached — so
 * LiveChat's own retries happen and are captured.
 */
export type ForwardingMode = 'acknowledge' | 'pass-through';

export interface ForwardingState {
  enabled: boolean;
  mode: ForwardingMode;
  targets: DeliveryTarget[];
  policy: DeliveryPolicy;
}

export const ForwardingConfigureParams = z
  .object({ enabled: z.boolean().optional(), mode: z.enum(['acknowledge', 'pass-through']).optional() })
  .strict();

// ---------------------------------------------------------------------------------------------- replay

const Id = z.string().min(1).max(64);

/** Where a replay goes: a saved target, or any http(s) URL. */
export const ReplayDestination = z.union([z.object({ targetId: Id }).strict(), z.object({ url: HttpUrl }).strict()]);
export type ReplayDestination = z.infer<typeof ReplayDestination>;

export const ReplaySendParams = z
  .object({
    id: Id,
    to: ReplayDestination,
    /** An edited body (JSON text). Invalid JSON is refused. Absent = the captured bytes, exactly. */
    body: z.string().max(10 * 1024 * 1024).optional(),
    /** Default: the saved policy. */
    policy: z.enum(['saved', 'single']).optional(),
    /** Resolve once the delivery is done (retries included) instead of once it has started. */
    wait: z.boolean().optional(),
  })
  .strict();

export const ReplayCheckParams = z.object({ id: Id, body: z.string().max(10 * 1024 * 1024) }).strict();

/** An edited body checked before sending. */
export interface ReplayCheck {
  ok: boolean;
  /** Why it cannot be sent ("Invalid JSON: Unexpected token } at position 12"). */
  error?: string;
  /** Catalogue findings for the edited body: warnings, the body can still be sent. */
  findings: SchemaFinding[];
}

export const ReplayBulkParams = z
  .object({
    /** Caller-chosen, so it can cancel while the job runs. */
    jobId: Id,
    /** Replay these, in this order… */
    ids: z.array(Id).max(200_000).optional(),
    /** …or everything matching this `events.list` query, oldest first. One of the two is required. */
    query: z.string().max(2000).optional(),
    to: ReplayDestination,
    /** Deliveries in flight at once; order of starting is kept. Default 1. */
    concurrency: z.number().int().min(1).max(64).optional(),
    policy: z.enum(['saved', 'single']).optional(),
  })
  .strict();

export interface ReplayProgress {
  jobId: string;
  total: number;
  /** Deliveries finished (delivered or not). */
  done: number;
  delivered: number;
  failed: number;
  state: 'running' | 'finished' | 'cancelled';
}

export const ReplayIdempotencyParams = z.object({ id: Id, to: ReplayDestination }).strict();

/** The same webhook sent twice, single attempt each: did the target handle it the same way? */
export interface IdempotencyReport {
  first: DeliveryRecord;
  second: DeliveryRecord;
  sameStatus: boolean;
  /** Structural diff of the two response bodies, when both are JSON. */
  bodyDiff?: DiffResult;
  /** Text comparison, when either body is not JSON. */
  sameBodyText?: boolean;
  /** True when the two answers differ (status or body). */
  differs: boolean;
  /** One sentence for the UI. */
  verdict: string;
}

// ---------------------------------------------------------------------------------------------- response rules

export const RuleMatch = z.union([
  z.object({ kind: z.literal('all') }).strict(),
  z.object({ kind: z.literal('action'), actions: z.array(z.string().min(1).max(200)).min(1).max(200) }).strict(),
  /** Path prefix, e.g. `/livechat`. */
  z.object({ kind: z.literal('path'), prefix: z.string().min(1).max(2000).startsWith('/') }).strict(),
]);
export type RuleMatch = z.infer<typeof RuleMatch>;

export const RuleAnswer = z
  .object({
    status: z.number().int().min(100).max(599),
    /** Wait before answering; past 10 s makes LiveChat time out. */
    delayMs: z.number().int().min(0).max(120_000),
    /** Response body text; absent = LiveHook's usual JSON. */
    body: z.string().max(64 * 1024).optional(),
    /** Close the connection without any response (after the delay). */
    drop: z.boolean().optional(),
  })
  .strict();
export type RuleAnswer = z.infer<typeof RuleAnswer>;

export const RuleScope = z.union([
  z.object({ kind: z.literal('count'), count: z.number().int().min(1).max(1_000_000) }).strict(),
  z.object({ kind: z.literal('duration'), ms: z.number().int().min(1000).max(7 * 24 * 3_600_000) }).strict(),
  z.object({ kind: z.literal('manual') }).strict(),
]);
export type RuleScope = z.infer<typeof RuleScope>;

export const RuleAddParams = z
  .object({
    name: z.string().min(1).max(200),
    match: RuleMatch,
    answer: RuleAnswer,
    scope: RuleScope,
    /** Apply to one in every N matching webhooks (2 = every other one); default 1 = each. */
    everyNth: z.number().int().min(1).max(1000).optional(),
  })
  .strict();
export type RuleAddParams = z.infer<typeof RuleAddParams>;

export const RULE_PRESETS = ['outage-2m', 'slow-12s', 'fail-every-other'] as const;
export type RulePreset = (typeof RULE_PRESETS)[number];

export interface ResponseRule {
  id: string;
  name: string;
  match: RuleMatch;
  answer: RuleAnswer;
  scope: RuleScope;
  everyNth: number;
  enabled: boolean;
  createdAt: string;
  /** For `duration` scopes: ISO time the rule stops. */
  expiresAt?: string;
  /** For `count` scopes: answers left. */
  remaining?: number;
  /** Matching webhooks seen / answered by this rule. */
  matched: number;
  applied: number;
}

const empty = z.object({}).strict();
const ById = z.object({ id: Id }).strict();
const ByJob = z.object({ jobId: Id }).strict();
const PresetParams = z.object({ preset: z.enum(RULE_PRESETS) }).strict();
const SetEnabledParams = z.object({ id: Id, enabled: z.boolean() }).strict();

export const deliveryMethods = {
  'targets.list': method<typeof empty, DeliveryTarget[]>(empty),
  /** Adds (no id) or changes a target; saved in settings. */
  'targets.save': method<typeof TargetSaveParams, DeliveryTarget>(TargetSaveParams),
  'targets.remove': method<typeof ById, { removed: boolean }>(ById),
  'forwarding.get': method<typeof empty, ForwardingState>(empty),
  'forwarding.configure': method<typeof ForwardingConfigureParams, ForwardingState>(ForwardingConfigureParams),
  'delivery.setPolicy': method<typeof DeliveryPolicyParams, DeliveryPolicy>(DeliveryPolicyParams),
  /** Newest first: this webhook's deliveries, or a target's, or all. */
  'delivery.list': method<typeof DeliveryListParams, DeliveryRecord[]>(DeliveryListParams),
  /** Per target: latency histogram of recent attempts against the 10 s budget. */
  'delivery.stats': method<typeof empty, TargetLatency[]>(empty),
  /** Sends a captured webhook (or an edited body) to a target or URL; attempts follow as pushes. */
  'replay.send': method<typeof ReplaySendParams, DeliveryRecord>(ReplaySendParams),
  /** Validates an edited body: JSON errors refuse it, catalogue findings are warnings. */
  'replay.check': method<typeof ReplayCheckParams, ReplayCheck>(ReplayCheckParams),
  /** Starts a bulk replay; progress follows as `replay.progress`. */
  'replay.bulk': method<typeof ReplayBulkParams, ReplayProgress>(ReplayBulkParams),
  'replay.cancel': method<typeof ByJob, { cancelled: boolean }>(ByJob),
  'replay.idempotency': method<typeof ReplayIdempotencyParams, IdempotencyReport>(ReplayIdempotencyParams),
  'rules.list': method<typeof empty, ResponseRule[]>(empty),
  'rules.add': method<typeof RuleAddParams, ResponseRule>(RuleAddParams),
  /** One click: "simulate outage for 2 minutes" (503), "answer slowly (12 s)", "fail every other delivery". */
  'rules.preset': method<typeof PresetParams, ResponseRule>(PresetParams),
  'rules.setEnabled': method<typeof SetEnabledParams, ResponseRule>(SetEnabledParams),
  'rules.remove': method<typeof ById, { removed: boolean }>(ById),
};

export const deliveryPushes = {
  'delivery.attempt': push<DeliveryAttemptPush>(),
  'delivery.done': push<DeliveryRecord>(),
  'replay.progress': push<ReplayProgress>(),
  'rules.changed': push<ResponseRule[]>(),
  'forwarding.changed': push<ForwardingState>(),
};
