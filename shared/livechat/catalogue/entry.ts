import type { z } from 'zod';
import type { ActionGroup, AdditionalDataName, FilterName } from './action-names';
import type { ObjectSpec } from './spec';
import type { Summarizer } from './summaries';

/** JSON paths (as in findings: `payload.chat.thread.id`) to where a body keeps its ids. */
export interface IdPaths {
  readonly chat?: string;
  readonly thread?: string;
  readonly event?: string;
  readonly user?: string;
}

export type ActionStatus = 'current' | 'legacy' | 'app';

/** One action of the catalogue. */
export interface CatalogueEntry {
  readonly action: string;
  /** Group as in the reference; legacy names are in 'Legacy' (see `formerGroup`), app webhooks in 'App webhooks'. */
  readonly group: ActionGroup;
  readonly status: ActionStatus;
  /** For legacy names: the group they belonged to. */
  readonly formerGroup?: ActionGroup;
  /** API versions that send it, e.g. "3.2–3.7", or "Developer Console" for app webhooks. */
  readonly versions: string;
  /** For legacy names: the current action that replaced it (absent when it was removed without a successor). */
  readonly replacedBy?: string;
  /** For legacy names: the version in which it was replaced or removed. */
  readonly retiredIn?: string;
  /** What happened, in one line: "A chat was closed". */
  readonly description: string;
  readonly ids: IdPaths;
  /** Filter names register_webhook accepts for this action (v3.6); none for legacy names and app webhooks. */
  readonly filters: readonly FilterName[];
  /** Which register_webhook additional_data values apply: chat-scoped actions both, configuration ones none. */
  readonly additionalData: readonly AdditionalDataName[];
  /** Lenient zod schema of the whole body (unknown fields kept and never an error). */
  readonly schema: z.ZodType;
  /** A human sentence from the body's values; falls back to `description`. Never throws. */
  summary(body: unknown): string;
}

/** What each catalogue file declares per action; the catalogue derives the schema, the checker and `summary`. */
export interface EntryDef {
  readonly group: ActionGroup;
  readonly description: string;
  readonly ids: IdPaths;
  readonly filters: readonly FilterName[];
  readonly additionalData: readonly AdditionalDataName[];
  readonly body: ObjectSpec;
  readonly summarize: Summarizer;
}

export interface LegacyDef extends EntryDef {
  readonly versions: string;
  readonly replacedBy?: string;
  readonly retiredIn: string;
}

// Shared lists, in the order of the examples' available_filters.
export const CHAT_FILTERS: readonly FilterName[] = ['chat_presence', 'only_my_chats', 'source_type'];
export const EVENT_FILTERS: readonly FilterName[] = ['chat_presence', 'author_type', 'only_my_chats', 'source_type'];
export const CONFIG_FILTERS: readonly FilterName[] = ['source_type'];
export const CHAT_DATA: readonly AdditionalDataName[] = ['chat_properties', 'chat_presence_user_ids'];
export const NO_DATA: readonly AdditionalDataName[] = [];

export const CHAT_IDS = { chat: 'payload.chat_id' } as const;
export const CHAT_THREAD_IDS = { chat: 'payload.chat_id', thread: 'payload.thread_id' } as const;
