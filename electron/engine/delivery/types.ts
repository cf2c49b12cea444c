/**
 * Every outgoing webhook send (forwarding, replay, the simulator's "to a URL") goes through one DeliveryPolicy:
 * by default an approximation of LiveChat's rules — a 200 within 10 s counts as delivered; a non-200 or a timeout is
 * retried up to 3 times within about a minute.
 */
import type { DeliveryAttempt } from '@shared/api/domains/delivery';

/** A retry schedule: the delays (ms) before attempt 2, 3, …; `[]` = single attempt. */
export interface PolicySpec {
  name: 'livechat' | 'single' | 'custom';
  /** Per-attempt timeout in ms (LiveChat: 10,000). */
  timeoutMs: number;
  /** Delay before each retry, ms. LiveChat-like default: three retries within about a minute. */
  retryDelaysMs: number[];
}

/** One HTTP request to send, byte-exact. */
export interface OutgoingRequest {
  url: string;
  method: string;
  /** Sent as given (hop-by-hop headers must already be removed by the caller or `sanitizeHeaders`). */
  headers: Record<string, string>;
  body: Uint8Array;
}

/** One HTTP attempt, recorded exactly as the API reports it (`delivery.*` in the contract). */
export type AttemptRecord = DeliveryAttempt;

export interface DeliveryOutcome {
  deliveryId: string;
  url: string;
  attempts: AttemptRecord[];
  delivered: boolean;
  /** "delivered on attempt 2", "LiveChat would have given up after 4 attempts", "cancelled". */
  verdict: string;
  /** True when the signal stopped it before the policy was exhausted. */
  cancelled?: boolean;
}

export interface DeliverOptions {
  policy?: PolicySpec;
  /** The caller's id for this delivery (to link pushes and journal entries); a fresh one otherwise. */
  deliveryId?: string;
  signal?: AbortSignal;
  /** Called after every attempt (for live timelines). */
  onAttempt?(attempt: AttemptRecord, deliveryId: string): void;
}

/** What modules that send webhooks depend on (the simulator, replay, forwarding). */
export interface Deliverer {
  deliver(req: OutgoingRequest, opts?: DeliverOptions): Promise<DeliveryOutcome>;
}
