import type { ParamsOf, ReceiverInfo, TunnelStatus, TunnelUrlChange } from '@shared/api/contract';
import type {
  DiagnosticsReport,
  LicenseState,
  LiveChatStatus,
  RegisterResult,
  WebhookName,
  WebhooksView,
} from '@shared/api/domains/livechat';
import type { SandboxDelivery } from '@shared/api/domains/sandbox';
import type { ConnectionState } from '@shared/api/ws-transport';
import type { DeliverySlice } from './delivery-slice';
import type { ChatTimelineItem, EventsHistogram, EventsImportResult } from '@shared/api/domains/events';
import type { ExportFormat } from '@shared/export/types';
import type { CapturedWebhook, WebhookSummary } from '@shared/model/webhook';
import type { QueryError, QueryField } from '@shared/query/types';
import type { ResultOf } from '@shared/api/contract';
import type { TriggerSlice } from './trigger-slice';

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

/** `events.diff`'s answer. */
export type EventsDiff = ResultOf<'events.diff'>;

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
  /**
   * Webhooks a flood (over 1,000 a second) has answered and stored but not analysed yet, so not listed or pushed
   * (the `events.held` push); 0 when there is no flood. Reloading the list analyses them all first.
   */
  heldCount: number;
  reloadEvents(): Promise<boolean>;
  loadOlder(): Promise<boolean>;
  clearHistory(): Promise<boolean>;
}

/** A change of public URL, kept until dismissed: webhooks registered in LiveChat still point at `previousUrl`. */
export interface TunnelUrlNotice extends TunnelUrlChange {
  /** ISO time the change was reported. */
  at: string;
}

/** Only the fields the user changed; the engine keeps the rest (and this run's command-line overrides). */
export type TunnelSettingsChange = ParamsOf<'tunnel.configure'>;

/** Why the engine refused a settings change, shown next to the form. */
export interface TunnelSettingsError {
  message: string;
  /** The settings fields the engine named (`subdomain`, `host`…), marked invalid in the form. */
  fields: readonly string[];
}

export interface TunnelSlice {
  /** What the engine's tunnel is doing; undefined until the engine has answered. */
  tunnel: TunnelStatus | undefined;
  /** Date.now() when `tunnel` arrived: a `reconnecting` state's `nextRetryInMs` counts from then. */
  tunnelReceivedAt: number;
  /** The last public URL change, until dismissed. */
  tunnelUrlChange: TunnelUrlNotice | undefined;
  tunnelPanelOpen: boolean;
  /** A start, stop or settings change is on its way to the engine. */
  tunnelBusy: boolean;
  /** The engine refused the last settings change (bad_request); cleared by a save, a discard or closing the panel. */
  tunnelSettingsError: TunnelSettingsError | undefined;
  refreshTunnel(): Promise<TunnelStatus | undefined>;
  startTunnel(): Promise<boolean>;
  stopTunnel(): Promise<boolean>;
  configureTunnel(change: TunnelSettingsChange): Promise<boolean>;
  /** The user discarded the change the engine refused. */
  clearTunnelSettingsError(): void;
  dismissTunnelUrlChange(): void;
  toggleTunnelPanel(open?: boolean): void;
}

export type LiveChatSignIn = ParamsOf<'livechat.signIn'>;
export type WebhooksRegistration = ParamsOf<'webhooks.register'>;

/** What the last register / unregister / restore / cleanup left undone, in plain words, shown in the panel. */
export interface WebhookOutcome {
  /** "Registered 2 webhooks." */
  summary: string;
  failures: readonly string[];
}

export interface LiveChatSlice {
  /** Sign-in state from the engine; undefined until it has answered. */
  livechat: LiveChatStatus | undefined;
  /** Registrations and their problems while signed in; undefined when signed out or not read yet. */
  webhooksView: WebhooksView | undefined;
  /** list_webhook_names, read once signed in. */
  webhookNames: readonly WebhookName[] | undefined;
  licenseState: LicenseState | undefined;
  diagnostics: DiagnosticsReport | undefined;
  diagnosticsRunning: boolean;
  /** Actions the sandbox can trigger (sandbox mode only). */
  sandboxActions: readonly string[] | undefined;
  /** The latest `sandbox.delivery` pushes, newest first, at most SANDBOX_DELIVERY_LIMIT. */
  sandboxDeliveries: readonly SandboxDelivery[];
  livechatPanelOpen: boolean;
  /** A sign-in, sign-out or webhook command is on its way. */
  livechatBusy: boolean;
  /** Why the last sign-in-side call failed, in plain words, shown in the panel. */
  livechatError: string | undefined;
  /** What the last webhook command did (failures per action or id). */
  webhookOutcome: WebhookOutcome | undefined;
  refreshLiveChat(): Promise<LiveChatStatus | undefined>;
  signInLiveChat(params: LiveChatSignIn): Promise<boolean>;
  cancelLiveChatSignIn(): Promise<boolean>;
  signOutLiveChat(): Promise<boolean>;
  refreshWebhooks(): Promise<WebhooksView | undefined>;
  registerWebhooks(params: WebhooksRegistration): Promise<RegisterResult | undefined>;
  unregisterWebhooks(ids: readonly string[]): Promise<boolean>;
  restoreWebhooks(): Promise<boolean>;
  cleanupWebhooks(): Promise<boolean>;
  refreshLicenseState(): Promise<LicenseState | undefined>;
  setLicenseWebhooks(enabled: boolean): Promise<boolean>;
  runDiagnostics(): Promise<DiagnosticsReport | undefined>;
  triggerSandbox(action: string): Promise<boolean>;
  toggleLiveChatPanel(open?: boolean): void;
}

export interface SelectionSlice {
  selectedId: string | undefined;
  detail: DetailState;
  select(id: string | undefined): Promise<void>;
  /** Moves the selection by `delta` rows in list order (positive = older). */
  selectRelative(delta: number): void;
  selectEdge(edge: 'first' | 'last'): void;
}

/** One clickable facet: matching webhooks of one action ('' = no action). */
export interface ActionFacet {
  action: string;
  count: number;
}

export interface FilterSlice {
  /** The query as typed in the filter bar (`shared/query` language). */
  filterQuery: string;
  /** The last query that parsed, trimmed: what the list, counts and chart currently reflect. */
  appliedQuery: string;
  /** Where the query fails to parse (checked locally on every keystroke); the engine is not asked meanwhile. */
  queryError: QueryError | undefined;
  /** Show retries as attempts of their first delivery (one row each). */
  groupRetries: boolean;
  /** Counts per action over the match (ignoring the query's own action terms, so other actions stay offered). */
  facets: readonly ActionFacet[];
  setFilterQuery(query: string): void;
  /** Facet click: filters on this action, or drops the filter when it is the active one. */
  toggleFilterAction(action: string): void;
  /** Adds `field:value` to the query (an id chip was clicked). */
  addFilterTerm(field: QueryField | 'text', value: string): void;
  setGroupRetries(on: boolean): void;
  clearFilters(): void;
}

export interface HistogramSlice {
  /** Webhooks per minute by action for the current query; undefined until first asked. */
  histogram: EventsHistogram | undefined;
  /** Asks again (throttled: at most one call in flight and one queued). */
  refreshHistogram(): void;
}

export type RetriesState =
  | { status: 'idle' }
  | { status: 'loaded'; id: string; attempts: readonly WebhookSummary[] };

export type ChatTimelineState =
  | { status: 'loading'; chatId: string }
  | { status: 'loaded'; chatId: string; items: readonly ChatTimelineItem[]; truncated: boolean }
  | { status: 'failed'; chatId: string; message: string };

export type DiffState =
  | { status: 'loading'; a: string; b: string }
  | { status: 'loaded'; a: string; b: string; result: EventsDiff; left: CapturedWebhook; right: CapturedWebhook }
  | { status: 'failed'; a: string; b: string; message: string };

/** What the main area shows: the list with the detail, a chat's story beside the list, or a diff across both panes. */
export type InspectorView = { kind: 'list' } | { kind: 'chat'; chatId: string } | { kind: 'diff' };

export interface InspectorSlice {
  view: InspectorView;
  /** Rows marked for a diff or an export, oldest mark first. */
  marked: readonly string[];
  retries: RetriesState;
  chat: ChatTimelineState | undefined;
  diff: DiffState | undefined;
  /** Paths the diff ignores (persisted by the engine). */
  diffIgnore: readonly string[];
  shortcutsOpen: boolean;
  /** A short message about the last inspector action that found nothing ("No earlier incoming_chat."). */
  inspectorNotice: string | undefined;
  setInspectorNotice(message: string | undefined): void;
  /** Reads the retry group of an opened webhook (the detail pane's timeline). */
  loadRetries(id: string): Promise<void>;
  toggleMark(id: string): void;
  clearMarks(): void;
  openChat(chatId: string): Promise<void>;
  /** Diffs `a` (left) against `b` (right) with the saved ignore paths. */
  openDiff(a: string, b: string): Promise<void>;
  /** Diffs the two marked rows (older on the left); false when fewer than two are marked. */
  diffMarked(): boolean;
  /** "Compare with previous": the webhook before `id` with the same action or chat, diffed against it. */
  compareWithPrevious(id: string, by: 'action' | 'chat'): Promise<void>;
  setDiffIgnore(paths: readonly string[]): Promise<boolean>;
  /** Back to the list; from the list, clears the selection and the marks. */
  goBack(): void;
  setShortcutsOpen(open: boolean): void;
  pin(id: string, pinned: boolean): Promise<boolean>;
  /** Applies an `event.updated` push. */
  applyUpdated(summary: WebhookSummary): void;
}

/** What an export produced, ready to be saved. */
export interface ExportFile {
  fileName: string;
  mimeType: string;
  text: string;
  count: number;
}

export interface ExportJob {
  jobId: string;
  format: ExportFormat;
  done: number;
  total: number;
  /** Reading chunks back after the engine finished. */
  phase: 'building' | 'reading';
}

export interface TransferSlice {
  exportJob: ExportJob | undefined;
  importing: boolean;
  /** The last import's outcome, shown until dismissed. */
  importResult: EventsImportResult | undefined;
  /** Exports the marked rows when `scope` is 'marked', else everything the query matches. Undefined if cancelled. */
  runExport(format: 'har' | 'ndjson', scope: 'marked' | 'query', includeSecrets: boolean): Promise<ExportFile | undefined>;
  cancelExport(): Promise<void>;
  importText(format: 'har' | 'ndjson', text: string): Promise<EventsImportResult | undefined>;
  dismissImportResult(): void;
  /** Applies an `events.jobProgress` push. */
  applyJobProgress(progress: { jobId: string; done: number; total: number }): void;
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
  DeliverySlice &
  ReceiverSlice &
  TunnelSlice &
  LiveChatSlice &
  EventsSlice &
  SelectionSlice &
  FilterSlice &
  HistogramSlice &
  InspectorSlice &
  TransferSlice &
  TriggerSlice &
  ErrorsSlice &
  LifecycleSlice;
