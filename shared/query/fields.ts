import type { QueryField } from './types';

/** One entry of the filter bar's help overlay. */
export interface QueryFieldHelp {
  name: string;
  description: string;
  example: string;
}

export const FIELD_NAMES: readonly QueryField[] = [
  'action', 'chat', 'thread', 'webhook', 'org', 'secret', 'status', 'source', 'method', 'path', 'id', 'after', 'before',
];

/** Fields whose value may contain `*` wildcards (the others take a closed set of words, a number or a time). */
export const WILDCARD_FIELDS: ReadonlySet<QueryField> = new Set([
  'action', 'chat', 'thread', 'webhook', 'org', 'method', 'path', 'id',
]);

export const SECRET_VALUES = ['ok', 'mismatch', 'unknown', 'none'] as const;
export const SOURCE_VALUES = ['tunnel', 'local', 'simulator', 'import'] as const;

/** `is:<word>` aliases: flags, and the `status` words that read naturally as adjectives. */
export const IS_WORDS = ['retry', 'pinned', 'invalid', 'valid'] as const;

export const QUERY_FIELDS: readonly QueryFieldHelp[] = [
  { name: 'action', description: 'LiveChat action (`*` is a wildcard)', example: 'action:incoming_*' },
  { name: 'chat', description: 'Chat id', example: 'chat:PJ0MRSHTDG' },
  { name: 'thread', description: 'Thread id', example: 'thread:K600PKZON8' },
  { name: 'webhook', description: 'LiveChat webhook id', example: 'webhook:4c0a1e…' },
  { name: 'org', description: 'Organization id (or license id on v3.2/v3.3 bodies)', example: 'org:390e44e6-…' },
  { name: 'secret', description: 'secret_key check: ok, mismatch, unknown, or none (no secret_key in the body)', example: '-secret:ok' },
  {
    name: 'status',
    description: 'invalid (body not a JSON object, or schema findings), valid, or the HTTP status LiveHook answered (413, 4xx)',
    example: 'status:invalid',
  },
  { name: 'source', description: 'Where it came in: tunnel, local, simulator, import', example: 'source:tunnel' },
  { name: 'method', description: 'HTTP method', example: 'method:POST' },
  { name: 'path', description: 'Request path (`*` is a wildcard)', example: 'path:/hooks/*' },
  { name: 'id', description: 'LiveHook webhook id', example: 'id:01J…' },
  { name: 'after', description: 'Received at or after a time: ISO date/time (UTC unless an offset is given) or 30s, 10m, 2h, 3d ago', example: 'after:2026-11-01' },
  { name: 'before', description: 'Received before a time (same forms as after)', example: 'before:10m' },
  { name: 'retry', description: 'A retry of an earlier delivery (also is:retry)', example: 'retry' },
  { name: 'pinned', description: 'Pinned webhooks (also is:pinned)', example: '-pinned' },
  { name: '"text"', description: 'Phrase searched in the body, path, action and ids; bare words must each be found', example: '"hello there"' },
  { name: '-', description: 'Negates the term that follows', example: '-action:incoming_event' },
];
