import type { ApiClient } from '@shared/api/client';
import type { WebhookSummary } from '@shared/model/webhook';
import type { AppState } from './app-state';

export type SetState = (partial: Partial<AppState> | ((state: AppState) => Partial<AppState>)) => void;

export interface StoreTuning {
  /** Items per page for the first page and for each older page. */
  pageSize: number;
  /** Wait after the last filter keystroke before asking the engine. */
  filterDebounceMs: number;
}

/** Bookkeeping shared by the slices that must never trigger a render, so it lives beside the state, not in it. */
export interface StoreInternals {
  /** Ids in `events`; kept in step with every change of `events`. */
  knownIds: Set<string>;
  /** Bumped whenever the list is replaced; answers to older requests are then ignored. */
  listGeneration: number;
  /** Pushes that arrived while a reload was in flight, merged into its answer so none fall in the gap. */
  pushesDuringReload: WebhookSummary[] | undefined;
}

export interface SliceKit {
  client: ApiClient;
  set: SetState;
  get: () => AppState;
  tuning: StoreTuning;
  internals: StoreInternals;
}
