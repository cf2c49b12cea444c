import type { WebhookSummary } from '../model/webhook';

/**
 * The inspector's query language (the filter bar, `events.list { query }`, `livehook events <query>`):
 * `action:incoming_event chat:PJ0MRSHTDG -secret:ok "quoted text" bare words retry after:2026-11-01 before:10m`.
 * Terms are ANDed; `-` negates a term; values may be quoted; `*` in an action/path value is a wildcard.
 */
export type QueryField =
  | 'action'
  | 'chat'
  | 'thread'
  | 'webhook'
  | 'org'
  | 'secret'
  | 'status'
  | 'source'
  | 'method'
  | 'path'
  | 'id'
  | 'after'
  | 'before';

export type QueryTerm =
  | { kind: 'field'; field: QueryField; value: string; negate: boolean; start: number; end: number }
  /** `retry` (a retry of an earlier delivery), `pinned`, `invalid` shorthands. */
  | { kind: 'flag'; flag: 'retry' | 'pinned'; negate: boolean; start: number; end: number }
  /** Full text over path, action, ids and the body; `phrase` when it was quoted. */
  | { kind: 'text'; text: string; phrase: boolean; negate: boolean; start: number; end: number };

export interface Query {
  /** The source text, as typed. */
  source: string;
  terms: QueryTerm[];
}

export interface QueryError {
  message: string;
  /** Character offsets in the source (end exclusive), for underlining where it was typed. */
  start: number;
  end: number;
}

export type ParseResult = { ok: true; query: Query } | { ok: false; error: QueryError };

/** What a compiled query is evaluated against. `text` is the lower-cased searchable text (built lazily). */
export interface QueryCandidate {
  summary: WebhookSummary;
  /** True when the body text contains `needle` (already lower-cased). Engines implement it over their index. */
  contains(needle: string): boolean;
}
