import {
  DEFAULT_LIVECHAT_ACCOUNTS_URL,
  DEFAULT_LIVECHAT_API_URL,
  LIVECHAT_API_VERSION,
  PROPAGATION_WINDOW_MS,
  type DiagnosticsReport,
  type LiveChatConfigureParams,
  type LiveChatPayloadOf,
  type LiveChatPushName,
  type LiveChatStatus,
} from '@shared/api/domains/livechat';
import type { TunnelStatus, TunnelUrlChange } from '@shared/api/domains/tunnel';
import { livechatHandlers, type LiveChatHandlers } from '../api/livechat-handlers';
import { systemClock, type Clock, type Logger, type OpenExternal, type SecretStore, type SettingsStore } from '../ports';
import { systemTimers, type Timers } from '../tunnel/tunnel-supervisor';
import { diagnose } from './diagnostics';
import type { RetryPolicy } from './http';
import type { LiveChatEndpoints } from './livechat-api';
import { LiveChatAuth, type StartSandbox } from './livechat-auth';
import { LiveChatSettingsStore } from './livechat-settings';
import { SecretChecker } from './secret-checker';
import { WebhookRegistrations } from './webhook-registrations';

export type LiveChatEmit = <E extends LiveChatPushName>(event: E, payload: LiveChatPayloadOf<E>) => void;

export interface LiveChatOptions {
  /** Per LiveChat request, body included. Default 15 s. */
  requestTimeoutMs: number;
  /** How long a browser sign-in waits for the redirect. Default 5 min. */
  signInTimeoutMs: number;
  /** Refresh the access token this long before it expires. Default 5 min. */
  refreshAheadMs: number;
  /** Re-list registrations this often. Default 3 min. */
  relistIntervalMs: number;
  /** LiveChat's propagation delay (old URL and secrets stay valid this long). Default 2 min. */
  propagationMs: number;
  /** The sandbox sign-in's loopback. Default `http://127.0.0.1:0/callback` (any free port). */
  sandboxRedirectUri: string;
  rateLimit: Partial<RetryPolicy>;
  /**
   * Configuration API version in the path. Default 3.6 (stable); webhook bodies follow the version a webhook was
   * registered through (reference §0).
   */
  apiVersion: string;
}

export interface LiveChatDeps {
  logger: Logger;
  clock?: Clock;
  timers?: Timers;
  /** [0, 1): backoff jitter. */
  random?: () => number;
  secrets: SecretStore;
  settings: SettingsStore;
  /** The system browser (desktop: `shell.openExternal`; headless: print the URL). */
  openExternal: OpenExternal;
  /** LiveHook's public URL, or undefined while there is none. */
  publicUrl: () => string | undefined;
  /**
   * Where webhooks reach LiveHook on this machine (the receiver's local URL). When given, sandbox sign-ins register
   * there instead of at the public URL: the sandbox delivers only to loopback targets, and the whole flow then works
   * offline, with no tunnel.
   */
  localUrl?: () => string | undefined;
  onPublicUrlChanged(listener: (change: TunnelUrlChange) => void): () => void;
  tunnelStatus: () => TunnelStatus;
  /** When given, a tunnel coming online triggers a check (webhooks left pointing at a URL from an earlier run). */
  onTunnelStatus?(listener: (status: TunnelStatus) => void): () => void;
  /** Starts the in-repo LiveChat sandbox ("Sandbox account"); absent = no sandbox sign-in. */
  startSandbox?: StartSandbox;
  /** LiveChat's hosts; default accounts.livechat.com and api.livechatinc.com. */
  baseUrls?: Partial<LiveChatEndpoints>;
  emit: LiveChatEmit;
  options?: Partial<LiveChatOptions>;
}

/** What the handlers drive. */
export interface LiveChatParts {
  auth: LiveChatAuth;
  registrations: WebhookRegistrations;
  configure(params: LiveChatConfigureParams): LiveChatStatus;
  diagnostics(): Promise<DiagnosticsReport>;
}

export interface LiveChat extends LiveChatParts {
  handlers: LiveChatHandlers;
  /** For every analysed webhook: `secretChecker.check(webhook_id, secret_key)`. */
  secretChecker: SecretChecker;
  /** Loads the saved sign-in and webhook secrets, then keeps registrations pointed. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** On quit: unregisters LiveHook's webhooks when the user chose so, then stops. */
  shutdown(): Promise<void>;
}

/**
 * LiveChat, wired: sign-in, the Configuration API client, registrations kept pointed at the public URL, the secret
 * check and diagnostics. The engine gives it its ports and the tunnel's public URL, and forwards `emit` to its pushes.
 */
export function createLiveChat(deps: LiveChatDeps): LiveChat {
  const logger = deps.logger.child({ module: 'livechat' });
  const clock = deps.clock ?? systemClock;
  const timers = deps.timers ?? systemTimers;
  const random = deps.random ?? Math.random;
  const o: LiveChatOptions = {
    requestTimeoutMs: 15_000,
    signInTimeoutMs: 5 * 60_000,
    refreshAheadMs: 5 * 60_000,
    relistIntervalMs: 3 * 60_000,
    propagationMs: PROPAGATION_WINDOW_MS,
    sandboxRedirectUri: 'http://127.0.0.1:0/callback',
    rateLimit: {},
    apiVersion: LIVECHAT_API_VERSION,
    ...deps.options,
  };
  const settings = new LiveChatSettingsStore(deps.settings, logger);
  const secretChecker = new SecretChecker();
  let lastSession = '';
  const auth: LiveChatAuth = new LiveChatAuth({
    settings,
    secrets: deps.secrets,
    logger,
    clock,
    timers,
    random,
    openExternal: deps.openExternal,
    ...(deps.startSandbox ? { startSandbox: deps.startSandbox } : {}),
    baseUrls: {
      accountsUrl: deps.baseUrls?.accountsUrl ?? DEFAULT_LIVECHAT_ACCOUNTS_URL,
      apiUrl: deps.baseUrls?.apiUrl ?? DEFAULT_LIVECHAT_API_URL,
    },
    requestTimeoutMs: o.requestTimeoutMs,
    signInTimeoutMs: o.signInTimeoutMs,
    refreshAheadMs: o.refreshAheadMs,
    sandboxRedirectUri: o.sandboxRedirectUri,
    rateLimit: o.rateLimit,
    apiVersion: o.apiVersion,
    onChange: () => {
      deps.emit('livechat.status', auth.status());
      // Signed in, out, or as someone else: the registrations shown must follow.
      const session = `${auth.signedIn}|${auth.ownerClientId ?? ''}|${auth.env}`;
      if (session !== lastSession && started) {
        lastSession = session;
        registrations.checkSoon();
      }
    },
  });
  const registrations = new WebhookRegistrations({
    auth,
    settings,
    secrets: deps.secrets,
    checker: secretChecker,
    logger: logger.child({ part: 'registrations' }),
    clock,
    timers,
    publicUrl: () => webhookBase(),
    propagationMs: o.propagationMs,
    relistIntervalMs: o.relistIntervalMs,
    onChange: (view) => deps.emit('webhooks.changed', view),
  });
  /** The sandbox delivers to this machine: its registrations use the local URL, and tunnel moves do not concern them. */
  const sandboxLocal = (): boolean => auth.env === 'sandbox' && deps.localUrl !== undefined;
  const webhookBase = (): string | undefined => (sandboxLocal() ? deps.localUrl!() : deps.publicUrl());
  let started = false;
  const unsubscribe: Array<() => void> = [];
  let lastOnlineUrl: string | undefined;

  const parts: LiveChatParts = {
    auth,
    registrations,
    configure(params) {
      settings.update(() => Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)));
      const status = auth.status();
      deps.emit('livechat.status', status);
      return status;
    },
    async diagnostics() {
      let view: Awaited<ReturnType<WebhookRegistrations['list']>> | { error: unknown };
      let licenseState: boolean | { error: unknown } | undefined;
      if (auth.signedIn) {
        try {
          view = await registrations.list();
        } catch (err) {
          view = { error: err };
        }
        try {
          licenseState = (await registrations.licenseState()).enabled;
        } catch (err) {
          licenseState = { error: err };
        }
      } else {
        view = registrations.view();
      }
      return diagnose({
        now: clock.now(),
        status: auth.status(),
        tunnel: deps.tunnelStatus(),
        tunnelMatters: !sandboxLocal(),
        view,
        records: auth.signedIn ? registrations.activeRecords() : [],
        licenseState,
        lastChangeAt: registrations.lastChange,
        propagationMs: o.propagationMs,
      });
    },
  };

  return {
    ...parts,
    handlers: livechatHandlers(parts),
    secretChecker,

    async start() {
      await auth.load();
      await registrations.load();
      unsubscribe.push(
        deps.onPublicUrlChanged((change) => {
          if (!sandboxLocal()) void registrations.urlChanged(change);
        }),
      );
      if (deps.onTunnelStatus) {
        unsubscribe.push(
          deps.onTunnelStatus((status) => {
            if (status.state !== 'online' || status.url === lastOnlineUrl) return;
            const first = lastOnlineUrl === undefined;
            lastOnlineUrl = status.url;
            // Later URL changes come through onPublicUrlChanged; the first online URL of a run is checked here.
            if (first) registrations.checkSoon();
          }),
        );
      }
      registrations.start();
      started = true;
      lastSession = `${auth.signedIn}|${auth.ownerClientId ?? ''}|${auth.env}`;
      deps.emit('livechat.status', auth.status());
      registrations.checkSoon();
      logger.info({ signedIn: auth.signedIn, secrets: secretChecker.size }, 'LiveChat ready');
    },

    async stop() {
      started = false;
      for (const off of unsubscribe.splice(0)) off();
      registrations.stop();
      await auth.stop();
    },

    async shutdown() {
      await registrations.shutdown(settings.get().unregisterOnQuit);
      started = false;
      for (const off of unsubscribe.splice(0)) off();
      await auth.stop();
    },
  };
}
