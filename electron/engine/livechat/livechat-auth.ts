import {
  DEVELOPER_CONSOLE_URL,
  REQUIRED_SCOPES,
  type LiveChatMode,
  type LiveChatSignInParams,
  type LiveChatStatus,
} from '@shared/api/domains/livechat';
import { AppError, toApiError } from '@shared/api/errors';
import type { Clock, Logger, OpenExternal, SecretStore } from '../ports';
import type { Timers } from '../tunnel/tunnel-supervisor';
import { AccountsApi, type TokenInfo } from './accounts-api';
import type { Credential } from './credentials';
import type { RetryPolicy } from './http';
import { LiveChatApi, type ApiAuth, type LiveChatEndpoints } from './livechat-api';
import type { LiveChatSettingsStore } from './livechat-settings';
import { checkPat } from './pat-check';
import { PkceSignIn } from './pkce-sign-in';
import { bearer, describeSession, forgetSession, loadSession, oauthSession, saveSession, type OAuthSession, type PatSession, type Session } from './session-store';

/** The account the in-repo LiveChat sandbox signs in as (what `startSandbox` hands over; no secrets are read from it). */
export interface SandboxAccount {
  accountId: string;
  clientId: string;
  organizationId?: string;
  email?: string;
  region?: string;
}

export interface SandboxHandle {
  accountsUrl: string;
  apiUrl: string;
  account: SandboxAccount;
  /** Whitelists a redirect URI for the sandbox's client (its loopback takes any free port). */
  addRedirectUri?(uri: string): void;
  stop?(): Promise<void>;
}

export type StartSandbox = () => Promise<SandboxHandle>;

export interface LiveChatAuthOptions {
  settings: LiveChatSettingsStore;
  secrets: SecretStore;
  logger: Logger;
  clock: Clock;
  timers: Timers;
  random: () => number;
  openExternal: OpenExternal;
  startSandbox?: StartSandbox;
  baseUrls: LiveChatEndpoints;
  requestTimeoutMs: number;
  /** How long a browser sign-in may wait for the redirect. */
  signInTimeoutMs: number;
  /** Refresh this long before the access token expires. */
  refreshAheadMs: number;
  /** The sandbox whitelists nothing, so its loopback takes any free port unless a test says otherwise. */
  sandboxRedirectUri: string;
  rateLimit?: Partial<RetryPolicy>;
  /** Configuration API version in the path; default 3.6. */
  apiVersion?: string;
  /** Something in `status()` changed. */
  onChange(): void;
}

/**
 * Who LiveHook is signed in to LiveChat as, and the credential every API call uses.
 *
 * - OAuth 2.1 authorization code + PKCE (S256) for a public client through the system browser, with a loopback redirect
 *   (reference §5.5): `state` checked, `%3A` decoded, the code exchanged at /v2/token, the access token refreshed before
 *   it expires — keeping the new refresh token each time (public clients rotate them) — and /v2/info for who.
 * - A Personal Access Token (`Basic base64(account_id:PAT)`, §6), checked with a call before it is kept.
 * - The sandbox: the same PKCE flow against the in-repo LiveChat, with the engine playing the browser.
 *
 * Tokens live only in the SecretStore and in this object's memory; `status()` describes them without them.
 */
export class LiveChatAuth implements ApiAuth {
  readonly api: LiveChatApi;
  private readonly accounts: AccountsApi;
  private session: Session | undefined;
  private pending: PkceSignIn | undefined;
  private lastError: LiveChatStatus['lastError'] = null;
  private sandbox: SandboxHandle | undefined;
  private sandboxStarting: Promise<SandboxHandle> | undefined;
  private refreshTimer: unknown;
  private refreshing: Promise<OAuthSession> | undefined;
  private readonly log: Logger;

  constructor(private readonly opts: LiveChatAuthOptions) {
    this.log = opts.logger;
    this.api = new LiveChatApi({
      endpoints: () => this.endpoints(),
      auth: this,
      logger: opts.logger.child({ part: 'api' }),
      clock: opts.clock,
      timers: opts.timers,
      random: opts.random,
      timeoutMs: opts.requestTimeoutMs,
      ...(opts.rateLimit ? { rateLimit: opts.rateLimit } : {}),
      ...(opts.apiVersion !== undefined ? { version: opts.apiVersion } : {}),
      onNotice: () => opts.onChange(),
    });
    this.accounts = new AccountsApi({
      accountsUrl: () => this.endpoints().accountsUrl,
      logger: opts.logger.child({ part: 'accounts' }),
      timers: opts.timers,
      random: opts.random,
      timeoutMs: opts.requestTimeoutMs,
      ...(opts.rateLimit ? { rateLimit: opts.rateLimit } : {}),
    });
  }

  /** Reads the saved sign-in. A sandbox sign-in does not outlive the run: its sandbox is gone. */
  async load(): Promise<void> {
    if (this.opts.settings.get().mode === 'sandbox') this.opts.settings.update(() => ({ mode: 'livechat' }));
    const saved = await loadSession(this.opts.secrets, this.log);
    if (saved?.env === 'sandbox') {
      await forgetSession(this.opts.secrets);
      return;
    }
    this.session = saved;
    if (saved?.method === 'oauth') this.scheduleRefresh(saved);
    if (saved) this.log.info({ method: saved.method, accountId: saved.accountId }, 'LiveChat sign-in restored');
  }

  async stop(): Promise<void> {
    this.clearRefreshTimer();
    this.pending?.cancel(new AppError('unavailable', 'LiveHook is stopping; the sign-in was cancelled.'));
    const sandbox = this.sandbox;
    this.sandbox = undefined;
    if (sandbox?.stop) await sandbox.stop();
  }

  get signedIn(): boolean {
    return this.session !== undefined;
  }

  /** The Client ID that owns LiveHook's webhooks in this session. */
  get ownerClientId(): string | undefined {
    return this.session?.clientId;
  }

  /** Which LiveChat the session talks to. */
  get env(): LiveChatMode {
    return this.session?.env ?? this.opts.settings.get().mode;
  }

  /** Why the last session ended, when LiveChat ended it (revoked, expired); shown instead of a bare "not signed in". */
  get signedOutReason(): string | undefined {
    return !this.session && this.lastError?.code === 'unauthorized' ? this.lastError.message : undefined;
  }

  endpoints(): LiveChatEndpoints {
    if (this.opts.settings.get().mode === 'sandbox' && this.sandbox) {
      return { accountsUrl: this.sandbox.accountsUrl, apiUrl: this.sandbox.apiUrl };
    }
    return this.opts.baseUrls;
  }

  status(): LiveChatStatus {
    const settings = this.opts.settings.get();
    const notice = this.api.lastNotice;
    return {
      state: this.session ? 'signedIn' : this.pending ? 'signingIn' : 'signedOut',
      mode: settings.mode,
      account: this.session ? describeSession(this.session) : null,
      pending: this.pending?.describe() ?? null,
      lastError: this.lastError,
      apiNotice: notice ?? null,
      settings: { clientId: settings.clientId, redirectUri: settings.redirectUri, unregisterOnQuit: settings.unregisterOnQuit },
      setup: { redirectUri: settings.redirectUri, scopes: [...REQUIRED_SCOPES], consoleUrl: DEVELOPER_CONSOLE_URL },
      endpoints: this.endpoints(),
    };
  }

  /**
   * OAuth answers once the browser has been sent off (the outcome follows as status changes); PAT and sandbox
   * sign-ins answer when they are done, and throw what went wrong.
   */
  async signIn(params: LiveChatSignInParams): Promise<LiveChatStatus> {
    this.abandonPending('A new sign-in was started.');
    try {
      if (params.mode === 'pat') {
        await this.signInWithPat(params.accountId, params.pat, params.clientId);
        return this.status();
      }
      if (params.mode === 'sandbox') {
        const sandbox = await this.ensureSandbox();
        await this.endSessionFor('another sign-in');
        this.opts.settings.update(() => ({ mode: 'sandbox' }));
        const { done } = await this.beginPkce({
          clientId: sandbox.account.clientId,
          redirectUri: this.opts.sandboxRedirectUri,
          env: 'sandbox',
          follow: true,
          // What a developer does in Developer Console for their own app, done for the sandbox's.
          whitelist: (uri) => sandbox.addRedirectUri?.(uri),
        });
        await done;
        return this.status();
      }
      await this.endSessionFor('another sign-in');
      const settings = this.opts.settings.update((s) => ({
        clientId: params.clientId,
        redirectUri: params.redirectUri ?? s.redirectUri,
        mode: 'livechat',
      }));
      // The outcome comes through status changes (and the browser tab); nobody waits for it here.
      await this.beginPkce({ clientId: params.clientId, redirectUri: settings.redirectUri, env: 'livechat', follow: false });
      return this.status();
    } catch (err) {
      this.noteError(err);
      this.opts.onChange();
      throw err;
    }
  }

  cancelSignIn(): LiveChatStatus {
    this.abandonPending('The sign-in was cancelled.');
    return this.status();
  }

  /** Revokes at LiveChat (best effort: a dead token is already revoked) and forgets. PATs are revoked in Developer Console. */
  async signOut(): Promise<{ revoked: boolean }> {
    this.abandonPending('Signed out.');
    const session = this.session;
    if (!session) return { revoked: false };
    await this.dropSession();
    this.lastError = null;
    let revoked = false;
    if (session.method === 'oauth') {
      // The access token revokes its refresh token too; the refresh token is revoked as well in case the access
      // token had already expired (LiveChat answers 404 for what it no longer knows, which counts as done).
      for (const token of [session.accessToken, session.refreshToken]) {
        if (token === null) continue;
        try {
          await this.accounts.revoke(token);
          revoked = true;
        } catch (err) {
          this.log.warn({ err: toApiError(err).message }, 'could not revoke a LiveChat token; forgetting it anyway');
        }
      }
    }
    this.log.info({ method: session.method, revoked }, 'signed out of LiveChat');
    this.opts.onChange();
    return { revoked };
  }

  // ── ApiAuth ───────────────────────────────────────────────────────────────────────────────────────────────────

  async current(): Promise<Credential> {
    const session = this.session;
    if (!session) {
      throw new AppError('unauthorized', this.signedOutReason ?? 'Not signed in to LiveChat. Sign in first (OAuth, a Personal Access Token or the sandbox).');
    }
    if (session.method === 'pat') return { kind: 'basic', accountId: session.accountId, pat: session.pat };
    if (session.expiresAt - this.opts.clock.now() <= this.opts.refreshAheadMs) {
      return bearer(await this.refreshNow(session));
    }
    return bearer(session);
  }

  async rejected(used: Credential): Promise<Credential | undefined> {
    const session = this.session;
    if (!session) return undefined;
    if (session.method === 'pat') {
      await this.endSession('LiveChat no longer accepts the Personal Access Token (it was revoked, or deleted in Developer Console). Sign in again.');
      return undefined;
    }
    // Another call already refreshed: use its token.
    if (used.kind === 'bearer' && used.accessToken !== session.accessToken) return bearer(session);
    try {
      return bearer(await this.refreshNow(session));
    } catch (err) {
      if (err instanceof AppError && err.code === 'unauthorized') return undefined;
      throw err;
    }
  }

  // ── PAT ───────────────────────────────────────────────────────────────────────────────────────────────────────

  private async signInWithPat(accountId: string, pat: string, clientId: string): Promise<void> {
    await this.endSessionFor('another sign-in');
    this.opts.settings.update(() => ({ mode: 'livechat', clientId }));
    const verifiedScopes = await checkPat(this.api, { accountId, pat, clientId }, this.log);
    const session: PatSession = { method: 'pat', env: 'livechat', clientId, accountId, pat, organizationId: null, verifiedScopes };
    await this.adopt(session);
    this.log.info({ accountId }, 'signed in to LiveChat with a Personal Access Token');
  }

  // ── OAuth + PKCE ──────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Starts a PKCE sign-in; answers once the browser (or, for the sandbox, the engine) has been sent off, with `done`
   * settling on the outcome. (Wrapped in an object: an async function returning a promise would wait for it.)
   */
  private async beginPkce(p: {
    clientId: string;
    redirectUri: string;
    env: LiveChatMode;
    follow: boolean;
    whitelist?: (uri: string) => void;
  }): Promise<{ done: Promise<void> }> {
    const flow: PkceSignIn = await PkceSignIn.start({
      accountsUrl: this.endpoints().accountsUrl,
      clientId: p.clientId,
      redirectUri: p.redirectUri,
      follow: p.follow,
      ...(p.whitelist ? { whitelist: p.whitelist } : {}),
      timeoutMs: this.opts.signInTimeoutMs,
      requestTimeoutMs: this.opts.requestTimeoutMs,
      timers: this.opts.timers,
      clock: this.opts.clock,
      logger: this.log,
      openExternal: this.opts.openExternal,
      exchange: async ({ code, codeVerifier, redirectUri }) => {
        const tokens = await this.accounts.exchangeCode({ code, clientId: p.clientId, redirectUri, codeVerifier });
        // Cancelled or timed out while LiveChat answered: these tokens are nobody's.
        if (flow.settled || this.pending !== flow) return;
        const info = await this.infoOrNothing(tokens.accessToken);
        await this.adopt(oauthSession(p.clientId, p.env, tokens, info, this.opts.clock.now()));
        this.log.info({ env: p.env, accountId: this.session?.accountId ?? null }, 'signed in to LiveChat');
      },
      onSettled: (settled, err) => {
        if (this.pending === settled) this.pending = undefined;
        if (err) this.noteError(err);
        this.opts.onChange();
      },
    });
    this.pending = flow;
    this.lastError = null;
    this.opts.onChange();
    return { done: flow.done };
  }

  /** Who signed in; the token answer already says most of it, so a failure here does not fail the sign-in. */
  private async infoOrNothing(accessToken: string): Promise<TokenInfo | undefined> {
    try {
      return await this.accounts.info(accessToken);
    } catch (err) {
      this.log.warn({ err: toApiError(err).message }, 'could not read /v2/info after signing in');
      return undefined;
    }
  }

  private abandonPending(why: string): void {
    this.pending?.cancel(new AppError('conflict', `${why} The earlier sign-in was cancelled.`));
  }

  // ── tokens ────────────────────────────────────────────────────────────────────────────────────────────────────

  /** One refresh at a time: a public client's refresh token is single-use, so two racing refreshes would end the session. */
  private refreshNow(session: OAuthSession): Promise<OAuthSession> {
    if (this.refreshing) return this.refreshing;
    const refreshToken = session.refreshToken;
    if (refreshToken === null) {
      return this.endSession('The LiveChat access token expired and there is no refresh token. Sign in again.').then(() => {
        throw new AppError('unauthorized', 'The LiveChat access token expired. Sign in again.');
      });
    }
    const run = (async (): Promise<OAuthSession> => {
      try {
        const tokens = await this.accounts.refresh({ refreshToken, clientId: session.clientId });
        if (this.session !== session) throw new AppError('unauthorized', 'Signed out of LiveChat while the sign-in was being refreshed.');
        const next: OAuthSession = {
          ...session,
          accessToken: tokens.accessToken,
          // Rotation: the old refresh token is spent; only the new one works from now on.
          refreshToken: tokens.refreshToken ?? refreshToken,
          expiresAt: this.opts.clock.now() + tokens.expiresInS * 1000,
          scopes: tokens.scopes ?? session.scopes,
        };
        await this.adopt(next);
        this.log.info({ expiresInS: tokens.expiresInS, rotated: tokens.refreshToken !== undefined }, 'LiveChat access token refreshed');
        return next;
      } catch (err) {
        if (err instanceof AppError && err.code === 'unauthorized' && this.session === session) await this.endSession(err.message);
        throw err;
      } finally {
        this.refreshing = undefined;
      }
    })();
    this.refreshing = run;
    return run;
  }

  /** Refreshes `refreshAheadMs` before expiry; after a failure that may pass (network), again in 30 s. */
  private scheduleRefresh(session: OAuthSession, delayMs?: number): void {
    this.clearRefreshTimer();
    const delay = delayMs ?? Math.max(1_000, session.expiresAt - this.opts.refreshAheadMs - this.opts.clock.now());
    this.refreshTimer = this.opts.timers.setTimeout(() => {
      this.refreshTimer = undefined;
      if (this.session !== session) return;
      this.refreshNow(session).catch((err: unknown) => {
        const e = toApiError(err);
        if (e.code === 'unauthorized') return; // the session was ended and the status says why
        this.log.warn({ code: e.code, reason: e.message }, 'LiveChat token refresh failed; trying again in 30 s');
        if (this.session === session) this.scheduleRefresh(session, 30_000);
      });
    }, delay);
  }

  private clearRefreshTimer(): void {
    if (this.refreshTimer !== undefined) this.opts.timers.clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
  }

  /** Saved before it is used: after a refresh the previous refresh token no longer works. */
  private async adopt(session: Session): Promise<void> {
    await saveSession(this.opts.secrets, session);
    this.session = session;
    this.lastError = null;
    if (session.method === 'oauth') this.scheduleRefresh(session);
    else this.clearRefreshTimer();
    this.opts.onChange();
  }

  private async dropSession(): Promise<void> {
    this.session = undefined;
    this.clearRefreshTimer();
    await forgetSession(this.opts.secrets);
  }

  /** The session is dead (revoked, expired): forget it and say why. */
  private async endSession(why: string): Promise<void> {
    if (!this.session) return;
    await this.dropSession();
    this.lastError = { code: 'unauthorized', message: why, at: new Date(this.opts.clock.now()).toISOString() };
    this.log.warn({ reason: why }, 'LiveChat sign-in ended');
    this.opts.onChange();
  }

  /** Signing in as someone else: the previous sign-in is revoked first. */
  private async endSessionFor(why: string): Promise<void> {
    if (!this.session) return;
    this.log.info({ why }, 'replacing the LiveChat sign-in');
    await this.signOut();
  }

  private async ensureSandbox(): Promise<SandboxHandle> {
    if (this.sandbox) return this.sandbox;
    const start = this.opts.startSandbox;
    if (!start) throw new AppError('unavailable', 'The LiveChat sandbox is not available in this build.');
    this.sandboxStarting ??= start().finally(() => {
      this.sandboxStarting = undefined;
    });
    this.sandbox = await this.sandboxStarting;
    this.log.info({ accounts: this.sandbox.accountsUrl, api: this.sandbox.apiUrl }, 'LiveChat sandbox started');
    return this.sandbox;
  }

  private noteError(err: unknown): void {
    const e = toApiError(err);
    this.lastError = { code: e.code, message: e.message, at: new Date(this.opts.clock.now()).toISOString() };
  }
}
