import { parseQuery } from '@shared/query';
import type { QueryTerm } from '@shared/query/types';

type ActionTerm = Extract<QueryTerm, { kind: 'field' }>;

/** The query's positive `action:` terms (what a facet click replaces). */
export function actionTerms(source: string): ActionTerm[] {
  const parsed = parseQuery(source);
  if (!parsed.ok) return [];
  return parsed.query.terms.filter((t): t is ActionTerm => t.kind === 'field' && t.field === 'action' && !t.negate);
}

/** `source` with the given terms cut out (by their character ranges), spaces tidied. */
export function withoutTerms(source: string, terms: readonly Pick<QueryTerm, 'start' | 'end'>[]): string {
  let out = source;
  for (const t of [...terms].sort((a, b) => b.start - a.start)) out = out.slice(0, t.start) + out.slice(t.end);
  return out.replace(/\s{2,}/g, ' ').trim();
}

/**
 * The query the facets are counted over: without its own `action:` terms, so clicking one action still shows the
 * others with their counts. Undefined when the query has no action term (the list's own facets are then right).
 */
export function facetQuery(source: string): string | undefined {
  const terms = actionTerms(source);
  return terms.length === 0 ? undefined : withoutTerms(source, terms);
}
