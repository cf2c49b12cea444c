import { z } from 'zod';
import { method, push } from '../define';

/**
 * The built-in LiveChat sandbox ("Sandbox account"): after signing in to it, a developer makes it send webhooks to
 * whatever is registered, with LiveChat's delivery rules, and watches each attempt.
 */

/** One delivery attempt of one triggered webhook (what the sandbox LiveChat did). */
export interface SandboxDelivery {
  triggerId: string;
  webhookId: string;
  url: string;
  action: string;
  /** 1 for the first try, 2… for retries. */
  attempt: number;
  startedAt: string;
  latencyMs: number;
  status?: number;
  error?: string;
  /** Only an HTTP 200 counts (LiveChat's rule). */
  ok: boolean;
  willRetry: boolean;
}

export const SandboxTriggerParams = z
  .object({
    action: z.string().min(1).max(100),
    /** The action's payload; a realistic sample when omitted (for the actions `sandbox.actions` lists). */
    payload: z.unknown().optional(),
  })
  .strict();
export type SandboxTriggerParams = z.infer<typeof SandboxTriggerParams>;

const empty = z.object({}).strict();

export const sandboxMethods = {
  /** Actions the sandbox can make a sample payload for. */
  'sandbox.actions': method<typeof empty, string[]>(empty),
  /** Starts delivery of one event to every matching registration; attempts follow as `sandbox.delivery` pushes. */
  'sandbox.trigger': method<typeof SandboxTriggerParams, { action: string }>(SandboxTriggerParams),
};

export const sandboxPushes = {
  'sandbox.delivery': push<SandboxDelivery>(),
};
