import { z } from 'zod';
import type { ApiError } from '../errors';
import { method, push } from '../define';

/**
 * LiveChat sign-in and webhook registration (reference §1, §4–§9). Nothing declared here ever carries a secret:
 * tokens, PATs and webhook secrets stay in the engine's SecretStore; results and pushes describe them, never hold them.
 */

export const DEFAULT_LIVECHAT_ACCOUNTS_URL = 'https://accounts.livechat.com';
export const DEFAULT_LIVECHAT_API_URL = 'https://api.livechatinc.com';
/** The Configuration API version webhooks are registered through; their bodies follow it (reference §0). */
export const LIVECHAT_API_VERSION = '3.6';
/** The loopback redirect a user whitelists in their app's Authorization block. */
export const DEFAULT_REDIRECT_URI = 'http://localhost:5573/callback';
/** The scopes LiveHook needs on the app (OAuth) or on a PAT (reference §7). */
export const REQUIRED_SCOPES = ['webhooks.configuration:rw', 'webhooks.state:rw'] as const;
export const DEVELOPER_CONSOLE_URL = 'https://platform.text.com/console/';
/** "Configuration changes take effect after max 2 minutes" (reference §2.5). */
export const PROPAGATION_WINDOW_MS = 120_000;

export type LiveChatMode = 'livechat' | 'sandbox';
export type WebhookType = 'license' | 'bot';

export interface LiveChatAccount {
  method: 'oauth' | 'pat';
  accountId: string | null;
  organizationId: string | null;
  /** The Client ID that owns LiveHook's webhooks (the OAuth app, or the one given with a PAT). */
  clientId: string;
  /** Granted scopes; null when LiveChat gives no way to read them (PATs). */
  scopes: string[] | null;
  /** Required scopes the sign-in does not have (empty when unknown). */
  missingScopes: string[];
  /** When the access token expires (OAuth; it is refreshed before that); null for PATs. */
  expiresAt: string | null;
  /** Data center from the token prefix (`dal`, `fra`…), when it has one. */
  region: string | null;
}

/** A `Legacy` / `Deprecation` header LiveChat sent: the API version LiveHook uses is being retired. */
export interface LiveChatApiNotice {
  legacy: string | null;
  deprecation: string | null;
  seenAt: string;
  /** The Configuration API method whose answer carried it. */
  method: string;
}

/** A browser sign-in waiting for LiveChat to redirect back. */
export interface PendingSignIn {
  /** What the system browser was sent to (shown too, in case no browser opened). */
  authorizeUrl: string;
  redirectUri: string;
  startedAt: string;
  expiresAt: string;
}

export interface LiveChatStatus {
  state: 'signedOut' | 'signingIn' | 'signedIn';
  mode: LiveChatMode;
  account: LiveChatAccount | null;
  pending: PendingSignIn | null;
  /** The last sign-in or session failure in plain words (kept until the next successful sign-in). */
  lastError: { code: string; message: string; at: string } | null;
  /** The most recent Legacy/Deprecation header seen (null when none this run). */
  apiNotice: LiveChatApiNotice | null;
  settings: LiveChatPublicSettings;
  /** What to set in Developer Console for an OAuth sign-in, ready for copy buttons. */
  setup: { redirectUri: string; scopes: string[]; consoleUrl: string };
  endpoints: { accountsUrl: string; apiUrl: string };
}

export interface LiveChatPublicSettings {
  clientId: string | null;
  redirectUri: string;
  unregisterOnQuit: boolean;
}

/** One webhook as LiveChat lists it for the owner Client ID (its secret is never included). */
export interface RegisteredWebhook {
  id: string;
  action: string;
  url: string;
  type: string;
  description: string | null;
  filters: Record<string, unknown> | null;
  additionalData: string[] | null;
  /** `this-install`: registered by this LiveHook; `other-livehook`: by another LiveHook install; `other`: not LiveHook's. */
  owner: 'this-install' | 'other-livehook' | 'other';
  /** LiveHook holds its secret, so its deliveries get a secret check. */
  tracked: boolean;
  /** Its URL is under the current public URL. */
  pointsAtPublicUrl: boolean;
}

/** A registration LiveHook made that LiveChat no longer lists (e.g. the Console's Chat Webhooks block was saved). */
export interface VanishedWebhook {
  id: string;
  action: string;
  type: WebhookType;
  url: string;
  registeredAt: string;
}

/** One of this install's registrations that points at a URL that is not the current public URL. */
export interface StaleWebhook {
  id: string;
  action: string;
  url: string;
}

export interface Repointing {
  from: string;
  to: string;
  startedAt: string;
  /** Until then LiveChat may still deliver to the old URL; the old secrets stay valid. */
  windowEndsAt: string;
  message: string;
}

export interface WebhooksView {
  signedIn: boolean;
  ownerClientId: string | null;
  publicUrl: string | null;
  webhooks: RegisteredWebhook[];
  vanished: VanishedWebhook[];
  stale: StaleWebhook[];
  repointing: Repointing | null;
  /** Plain-words problems from the last check or re-point (e.g. a re-list that failed). */
  problems: string[];
  checkedAt: string | null;
}

export interface WebhookName {
  action: string;
  filters: string[];
  additionalData: string[];
}

export interface ActionFailure {
  action: string;
  error: ApiError;
}

export interface IdFailure {
  id: string;
  error: ApiError;
}

export interface RegisterResult {
  view: WebhooksView;
  registered: Array<{ id: string; action: string; url: string }>;
  failed: ActionFailure[];
  /** License webhook state after registering (null for bot webhooks or when it could not be read). */
  licenseWebhooksEnabled: boolean | null;
}

export interface LicenseState {
  ownerClientId: string;
  enabled: boolean;
}

export type DiagnosticStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface DiagnosticCheck {
  id: string;
  title: string;
  status: DiagnosticStatus;
  detail: string;
  /** What to do about it; empty when nothing needs doing. */
  fix: string;
}

export interface DiagnosticsReport {
  ranAt: string;
  checks: DiagnosticCheck[];
}

// ── params ───────────────────────────────────────────────────────────────────────────────────────────────────────

/** Client IDs are 32 hex characters in practice; the docs' samples use other letters, so only the charset is checked. */
export const ClientId = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'A Client ID is letters, digits, "-" and "_".');

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Why `value` cannot be LiveHook's loopback redirect URI; undefined when it can. */
export function redirectUriProblem(value: string): string | undefined {
  if (!URL.canParse(value)) return 'The redirect URI must be a URL such as http://localhost:5573/callback.';
  const url = new URL(value);
  if (url.protocol !== 'http:') return 'The redirect URI must start with http:// (LiveHook listens on this computer).';
  if (!LOOPBACK_HOSTS.has(url.hostname)) return 'The redirect URI must point at this computer: localhost or 127.0.0.1.';
  if (url.port === '') return 'The redirect URI must name its port (e.g. :5573): LiveChat matches the port exactly.';
  if (url.search !== '' || url.hash !== '' || value.includes('?') || value.includes('#')) {
    return 'The redirect URI must not have a query or fragment.';
  }
  return undefined;
}

export const RedirectUri = z
  .string()
  .max(500)
  .superRefine((value, ctx) => {
    const problem = redirectUriProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const LiveChatSignInParams = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('oauth'), clientId: ClientId, redirectUri: RedirectUri.optional() }).strict(),
  z
    .object({
      mode: z.literal('pat'),
      accountId: z.string().min(1).max(200),
      pat: z.string().min(1).max(1000),
      clientId: ClientId,
    })
    .strict(),
  z.object({ mode: z.literal('sandbox') }).strict(),
]);
export type LiveChatSignInParams = z.infer<typeof LiveChatSignInParams>;

export const LiveChatConfigureParams = z
  .object({
    unregisterOnQuit: z.boolean().optional(),
    redirectUri: RedirectUri.optional(),
    clientId: ClientId.optional(),
  })
  .strict();
export type LiveChatConfigureParams = z.infer<typeof LiveChatConfigureParams>;

const ActionName = z.string().regex(/^[a-z][a-z0-9_]{0,99}$/, 'An action is a LiveChat action name such as incoming_chat.');
const UserIds = z.array(z.string().min(1).max(200)).max(100);

/** register_webhook `filters` (reference §2.6), LiveChat's own spelling. Unknown keys are refused: they are typos. */
export const WebhookFilters = z
  .object({
    author_type: z.enum(['customer', 'agent']).optional(),
    only_my_chats: z.boolean().optional(),
    chat_presence: z
      .object({
        user_ids: z
          .object({ values: UserIds.optional(), exclude_values: UserIds.optional() })
          .strict()
          .refine((v) => !(v.values && v.exclude_values), 'Use either values or exclude_values, not both.')
          .optional(),
        my_bots: z.boolean().optional(),
      })
      .strict()
      .optional(),
    source_type: z.array(z.enum(['my_client', 'other_clients', 'system'])).min(1).max(3).optional(),
    agent_ids: z.array(z.string().min(1).max(200)).max(100).optional(),
  })
  .strict();
export type WebhookFilters = z.infer<typeof WebhookFilters>;

export const AdditionalData = z.enum(['chat_properties', 'chat_presence_user_ids']);

export const WebhooksRegisterParams = z
  .object({
    actions: z.array(ActionName).min(1).max(50),
    type: z.enum(['license', 'bot']),
    filters: WebhookFilters.optional(),
    additionalData: z.array(AdditionalData).max(2).optional(),
  })
  .strict();
export type WebhooksRegisterParams = z.infer<typeof WebhooksRegisterParams>;

const WebhookId = z.string().min(1).max(200);
const empty = z.object({}).strict();
const ids = z.object({ ids: z.array(WebhookId).min(1).max(100) }).strict();
const names = z.object({ version: z.string().regex(/^\d+\.\d+$/).optional() }).strict();

export const livechatMethods = {
  'livechat.status': method<typeof empty, LiveChatStatus>(empty),
  /**
   * OAuth answers at once with `state: 'signingIn'` (the browser takes over; the outcome comes as a `livechat.status`
   * push); PAT and sandbox sign-ins answer when done.
   */
  'livechat.signIn': method<typeof LiveChatSignInParams, LiveChatStatus>(LiveChatSignInParams),
  'livechat.cancelSignIn': method<typeof empty, LiveChatStatus>(empty),
  /** Revokes the tokens at LiveChat (best effort) and forgets them. */
  'livechat.signOut': method<typeof empty, LiveChatStatus & { revoked: boolean }>(empty),
  'livechat.configure': method<typeof LiveChatConfigureParams, LiveChatStatus>(LiveChatConfigureParams),
  /** "Why no webhooks?" — the checks of reference §9 that can be automated. */
  'livechat.diagnostics': method<typeof empty, DiagnosticsReport>(empty),
  /** list_webhook_names: actions with their filters and additional data (no sign-in needed). */
  'webhooks.names': method<typeof names, WebhookName[]>(names),
  /** Re-lists at LiveChat and answers the registrations with their problems. */
  'webhooks.list': method<typeof empty, WebhooksView>(empty),
  'webhooks.register': method<typeof WebhooksRegisterParams, RegisterResult>(WebhooksRegisterParams),
  'webhooks.unregister': method<typeof ids, { view: WebhooksView; unregistered: string[]; failed: IdFailure[] }>(ids),
  /** Re-registers every vanished webhook at the current public URL. */
  'webhooks.restore': method<typeof empty, { view: WebhooksView; restored: Array<{ previousId: string; id: string; action: string }>; failed: IdFailure[] }>(empty),
  /** Unregisters this install's stale registrations (pointing at dead URLs). */
  'webhooks.cleanup': method<typeof empty, { view: WebhooksView; removed: string[]; failed: IdFailure[] }>(empty),
  'webhooks.licenseState': method<typeof empty, LicenseState>(empty),
  'webhooks.enableLicense': method<typeof empty, LicenseState>(empty),
  'webhooks.disableLicense': method<typeof empty, LicenseState>(empty),
};

export const livechatPushes = {
  /** Sign-in state, who, scopes, expiry, mode, the last Legacy/Deprecation header. */
  'livechat.status': push<LiveChatStatus>(),
  /** Registrations and their problems: vanished, stale, a re-point in progress (with the 2-minute notice). */
  'webhooks.changed': push<WebhooksView>(),
};

export type LiveChatMethods = typeof livechatMethods;
export type LiveChatMethodName = keyof LiveChatMethods;
export type LiveChatPushes = typeof livechatPushes;
export type LiveChatPushName = keyof LiveChatPushes;
export type LiveChatPayloadOf<E extends LiveChatPushName> = LiveChatPushes[E]['payload'];
