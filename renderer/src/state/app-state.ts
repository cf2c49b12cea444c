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
  TunnelSlice &
  LiveChatSlice &
  EventsSlice &
  SelectionSlice &
  FilterSlice &
  ErrorsSlice &
  LifecycleSlice;
