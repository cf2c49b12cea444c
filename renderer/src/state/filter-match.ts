import type { EventsListParams } from '@shared/api/contract';
import type { WebhookSummary } from '@shared/model/webhook';

export interface ActiveFilter {
  readonly text: string;
  readonly actions: readonly string[];
}

/** Lower-cased words; like the engine, every word must occur (AND), in any field. */
export function filterWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w.length > 0);
}

export function isFilterActive(filter: ActiveFilter): boolean {
  return filter.actions.length > 0 || filterWords(filter.text).length > 0;
}

export function filterParams(filter: ActiveFilter): Pick<EventsListParams, 'actions' | 'text'> {
  const params: Pick<EventsListParams, 'actions' | 'text'> = {};
  if (filter.actions.length > 0) params.actions = [...filter.actions];
  const text = filter.text.trim();
  if (text.length > 0) params.text = text;
  return params;
}

/**
 * Whether a pushed summary belongs in the filtered list. Only the summary is at hand, so text is matched against
 * its fields; the engine also searches the body, which is why a text filter re-checks misses with the engine.
 */
export function matchesFilter(summary: WebhookSummary, filter: ActiveFilter): boolean {
  if (filter.actions.length > 0 && !filter.actions.includes(summary.action ?? '')) return false;
  const words = filterWords(filter.text);
  if (words.length === 0) return true;
  const haystack = [
    summary.action ?? '',
    summary.path,
    summary.chatId ?? '',
    summary.webhookId ?? '',
    summary.threadId ?? '',
    summary.organizationId ?? '',
  ]
    .join('\n')
    .toLowerCase();
  return words.every((w) => haystack.includes(w));
}
