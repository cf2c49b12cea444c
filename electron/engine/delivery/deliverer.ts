import { LIVECHAT_POLICY } from '@shared/api/domains/delivery';
import { newId } from '@shared/model/id';
import type { Clock, Logger } from '../ports';
import { systemTimers, type Timers } from '../tunnel/tunnel-supervisor';
import { verdictOf } from './policy';
import { createAgents, sendOnce, type Agents } from './send-once';
import type { AttemptRecord, DeliverOptions, Deliverer, DeliveryOutcome, OutgoingRequest, PolicySpec } from './types';

export interface DelivererDeps {
  clock: Clock;
  /** Per-attempt deadlines and retry waits; tests inject short or manual ones. */
  timers?: Timers;
  logger: Logger;
  /** The policy used when a send does not name one (the saved setting, read on every send). */
  policy?: () => PolicySpec;
}

export interface ClosableDeliverer extends Deliverer {
  /** Closes idle keep-alive sockets (engine stop). */
  close(): void;
}

/**
 * Runs one delivery under a policy: attempt, and on a non-200 or a timeout wait the next delay of the schedule and try
 * again, until delivered or the schedule is used up. Every attempt is reported as it ends, so timelines fill live.
 */
export function createDeliverer(deps: DelivererDeps): ClosableDeliverer {
  const timers = deps.timers ?? systemTimers;
  const agents: Agents = createAgents();
  const log = deps.logger.child({ module: 'delivery' });
  const now = (): number => deps.clock.now();

  function wait(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve(false);
      const onAbort = (): void => {
        timers.clearTimeout(handle);
        resolve(false);
      };
      const handle = timers.setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  return {
    async deliver(req: OutgoingRequest, opts: DeliverOptions = {}): Promise<DeliveryOutcome> {
      const policy = opts.policy ?? deps.policy?.() ?? LIVECHAT_POLICY;
      const deliveryId = opts.deliveryId ?? newId(now());
      const attempts: AttemptRecord[] = [];
      let cancelled = false;
      for (let n = 1; ; n++) {
        if (opts.signal?.aborted) {
          cancelled = true;
          break;
        }
        const startedAt = new Date(now()).toISOString();
        const r = await sendOnce(req, policy.timeoutMs, { now, timers, agents }, opts.signal);
        // LiveChat's rule: only a 200 within the budget counts.
        const ok = r.status === 200 && !r.timedOut && r.error === undefined;
        const record: AttemptRecord = { attempt: n, startedAt, latencyMs: r.latencyMs, timedOut: r.timedOut, ok };
        if (r.status !== undefined) record.status = r.status;
        if (r.error !== undefined) record.error = r.error;
        if (r.responseBody !== undefined) record.responseBody = r.responseBody;
        if (r.responseHeaders !== undefined) record.responseHeaders = r.responseHeaders;
        const nextDelay = policy.retryDelaysMs[n - 1];
        const cancelledNow = r.error === 'cancelled' || opts.signal?.aborted === true;
        if (!ok && nextDelay !== undefined && !cancelledNow) record.nextInMs = nextDelay;
        attempts.push(record);
        try {
          opts.onAttempt?.(record, deliveryId);
        } catch (err) {
          log.error({ err, deliveryId }, 'attempt listener failed');
        }
        if (ok) break;
        if (cancelledNow) {
          cancelled = true;
          break;
        }
        if (nextDelay === undefined) break;
        if (!(await wait(nextDelay, opts.signal))) {
          cancelled = true;
          break;
        }
      }
      const delivered = attempts.at(-1)?.ok === true;
      const outcome: DeliveryOutcome = { deliveryId, url: req.url, attempts, delivered, verdict: verdictOf(attempts, policy, cancelled) };
      if (cancelled) outcome.cancelled = true;
      return outcome;
    },
    close() {
      agents.destroy();
    },
  };
}
