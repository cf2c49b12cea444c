import type { ReceiverInfo } from '@shared/api/contract';
import type { ConnectionState } from '@shared/api/ws-transport';
import type { CapturedWebhook, WebhookSummary } from '@shared/model/webhook';

export type { ConnectionState };

/** A failed call, shown in the error banner until dismissed. Identical failures are folded into one with a count. */
export interface UiError {
  id: number;
  /** What the app was doing, in the user's words ("Opening webhook"). */
  context: string;
  code: string;
  message: string;
  count: number;
}

export type DetailState =
  | { status: 'idle' }
  | { status: 'loading'; id: string }
  | { status: 'loaded'; id: string; webhook: CapturedWebhook }
  | { status: 'failed'; id: string; message: string };

export interface ConnectionSlice {
  connection: ConnectionState;
  /** Why the link is down or when it retries, from the transport. */
  connectionDetail: string | undefined;
}

export interface ReceiverSlice {
  receiver: ReceiverInfo | undefined;
  /** Webhooks in the whole history (whatever the filter). */
  historyCount: number;
  refreshReceiver(): Promise<ReceiverInfo | undefined>;
}

export interface EventsSlice {
  /** Newest first (descending seq), unique by id. Replaced as a whole on every change, never mutated. */
  events: readonly WebhookSummary[];
  /** Bumps when the list is replaced (filter change, clear) rather than extended, so views can reset scrolling. */
  eventsEpoch: number;
  /** Items matching the active filter in the whole history (the list may hold fewer: it pages). */
  matchingTotal: number;
  hasOlder: boolean;
  loadingEvents: boolean;
  loadingOlder: boolean;
  /** True once the first page has arrived. */
  eventsLoaded: boolean;
  /** The newest seq known in history, whatever the filter: where a catch-up after a reconnect starts. */
  lastSeq: number;
  /** Every action seen so far, sorted; '' stands for webhooks without an action. */
  knownActions: readonly string[];
  reloadEvents(): Promise<boolean>;
  loadOlder(): Promise<boolean>;
  clearHistory(): Promise<boolean>;
}

export interface SelectionSlice {
  selectedId: string | undefined;
  detail: DetailState;
  select(id: string | undefined): Promise<void>;
  /** Moves the selection by `delta` rows in list order (positive = older). */
  selectRelative(delta: number): void;
  selectEdge(edge: 'first' | 'last'): void;
}

export interface FilterSlice {
  filterText: string;
  filterActions: readonly string[];
  setFilterText(text: string): void;
  toggleFilterAction(action: string): void;
  clearFilters(): void;
}

export interface ErrorsSlice {
  errors: readonly UiError[];
  reportError(context: string, err: unknown): void;
  dismissError(id: number): void;
}

export interface LifecycleSlice {
  /** Subscribes to pushes and connection changes, then loads receiver info and the first page. */
  start(): Promise<void>;
  /** Unsubscribes and cancels pending timers (tests, hot reload). */
  stop(): void;
}

export type AppState = ConnectionSlice &
  ReceiverSlice &
  EventsSlice &
  SelectionSlice &
  FilterSlice &
  ErrorsSlice &
  LifecycleSlice;
