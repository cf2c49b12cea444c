import { LIVECHAT_POLICY, SINGLE_ATTEMPT_POLICY, type DeliveryPolicy } from '@shared/api/domains/delivery';
import { AppError } from '@shared/api/errors';
import type { Logger, SettingsStore } from '../ports';
import type { AttemptRecord, PolicySpec } from './types';

export const POLICY_SETTING = 'delivery.policy';

/** The saved policy, or LiveChat's when none is saved or the saved one is not usable (logged, never fatal). */
export function readPolicy(settings: SettingsStore, logger: Logger): PolicySpec {
  const saved = settings.get<unknown>(POLICY_SETTING);
  if (saved === undefined) return LIVECHAT_POLICY;
  try {
    return resolvePolicy(saved as Partial<DeliveryPolicy>);
  } catch (err) {
    logger.warn({ err, saved }, 'saved delivery policy is not usable; using LiveChat’s');
    return LIVECHAT_POLICY;
  }
}

/** `livechat` and `single` are fixed; `custom` needs both a timeout and a schedule. */
export function resolvePolicy(p: Partial<DeliveryPolicy>): PolicySpec {
  if (p.name === 'livechat') return { ...LIVECHAT_POLICY, retryDelaysMs: [...LIVECHAT_POLICY.retryDelaysMs] };
  if (p.name === 'single') return { ...SINGLE_ATTEMPT_POLICY, retryDelaysMs: [] };
  if (p.name === 'custom') {
    const timeoutMs = p.timeoutMs ?? LIVECHAT_POLICY.timeoutMs;
    const delays = p.retryDelaysMs ?? [];
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new AppError('bad_request', `Policy timeout must be a positive whole number of ms, not ${String(timeoutMs)}.`);
    if (!Array.isArray(delays) || delays.some((d) => !Number.isInteger(d) || d < 0)) {
      throw new AppError('bad_request', 'Policy retry delays must be whole numbers of ms, 0 or more.');
    }
    return { name: 'custom', timeoutMs, retryDelaysMs: [...delays] };
  }
  throw new AppError('bad_request', `Unknown delivery policy ${JSON.stringify(p.name)}: use livechat, single or custom.`);
}

/** The same policy without retries and with the same timeout (pass-through: LiveChat does its own retrying). */
export function singleAttempt(p: PolicySpec): PolicySpec {
  return { ...p, retryDelaysMs: [] };
}

/** One line a developer reads at a glance. */
export function verdictOf(attempts: readonly AttemptRecord[], policy: PolicySpec, cancelled: boolean): string {
  const last = attempts.at(-1);
  if (last?.ok) return `delivered on attempt ${last.attempt}`;
  if (cancelled) return attempts.length === 0 ? 'cancelled before the first attempt' : `cancelled after ${plural(attempts.length, 'attempt')}`;
  const n = attempts.length;
  if (policy.name === 'livechat') return `LiveChat would have given up after ${plural(n, 'attempt')}`;
  return `not delivered after ${plural(n, 'attempt')}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
