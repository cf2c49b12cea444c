import type { SandboxDelivery } from '@shared/api/domains/sandbox';
import type { DeliveryReport } from './types';

/**
 * One delivery attempt of the sandbox as the API shows it, for the `sandbox.delivery` push and for the simulator's
 * outcome of a trigger sent through the sandbox: one mapping so both say the same thing.
 */
export function toSandboxDelivery(r: DeliveryReport): SandboxDelivery {
  const d: SandboxDelivery = {
    triggerId: r.triggerId,
    webhookId: r.webhookId,
    url: r.url,
    action: r.action,
    attempt: r.attempt,
    startedAt: new Date(r.startedAt).toISOString(),
    latencyMs: r.latencyMs,
    ok: r.ok,
    willRetry: r.willRetry,
  };
  if (r.status !== undefined) d.status = r.status;
  if (r.error !== undefined) d.error = r.error;
  return d;
}
