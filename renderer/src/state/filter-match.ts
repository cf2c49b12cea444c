import type { EventsListParams } from '@shared/api/contract';
import type { WebhookSummary } from '@shared/model/webhook';

/** What the list reflects: the last query that parsed, and whether retries are folded into their first delivery. */
export interface ActiveFilter {
  readonly query: string;
  readonly groupRetries: boolean;
}

export function isQueryActive(filter: Pick<ActiveFilter, 'query'>): boolean {
  return filter.query.trim().length > 0;
}

export function filterParams(filter: ActiveFilter): Pick<EventsListParams, 'query' | 'groupRetries'> {
  const params: Pick<EventsListParams, 'query' | 'groupRetries'> = {};
  if (isQueryActive(filter)) params.query = filter.query.trim();
  if (filter.groupRetries) params.groupRetries = true;
  return params;
}

/**
 * Whether a pushed summary can go straight into the list. With a query, the engine decides (it searches bodies,
 * which a summary does not carry), so nothing is taken on trust; grouped, a retry belongs to its first delivery's row.
 */
export function acceptsPushDirectly(summary: WebhookSummary, filter: ActiveFilter): boolean {
  if (isQueryActive(filter)) return false;
  return !(filter.groupRetries && summary.retryOf !== undefined);
}
