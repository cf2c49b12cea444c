export interface BackoffPolicy {
  /** Ceiling of the first retry. */
  baseMs: number;
  /** No retry waits longer than this. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 30_000 };

/** The ceiling for retry number `attempt` (1-based): base·2^(attempt−1), capped. */
export function backoffCeiling(attempt: number, policy: BackoffPolicy): number {
  return Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 40));
}

/**
 * Exponential backoff with full jitter: a uniformly random wait below the ceiling. Jitter matters because every
 * LiveHook on the public server loses its tunnel in the same outage; without it they would all return in lockstep.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  return Math.floor(Math.min(Math.max(random(), 0), 1) * backoffCeiling(attempt, policy));
}
