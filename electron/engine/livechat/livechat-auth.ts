import { createHash, timingSafeEqual } from 'node:crypto';
import {
  DEVELOPER_CONSOLE_URL,
  REQUIRED_SCOPES,
  type LiveChatAccount,
  type LiveChatMode,
  type LiveChatSignInParams,
  type LiveChatStatus,
  type PendingSignIn,
} from '@shared/api/domains/livechat';
import { AppError, toApiError } from '@shared/api/errors';
import type { Clock, Logger, OpenExternal, SecretStore } from '../ports';
import type { Timers } from '../tunnel/tunnel-supervisor';
import { AccountsApi, type TokenInfo, type TokenSet } from './accounts-api';
import { decodeAuthorizationCode, regionOfToken, type Credential } from './credentials';
import { httpRequest, type RetryPolicy } from './http';
import { LiveChatApi, type ApiAuth, type LiveChatEndpoints } from './livechat-api';
import type { LiveChatSettingsStore } from './livechat-settings';
import { LoopbackCallback, type CallbackAnswer } from './loopback-callback';
import { newPkcePair, newState } from './pkce';
import { forgetSession, loadSession, saveSession, type OAuthSession, type PatSession, type Session } from './session-store';

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
  /** Something in `status()` changed. */
  onChange(): void;
}

interface PendingFlow {
  state: string;
  verifier: string;
  clientId: string;
  redirectUri: string;
  env: LiveChatMode;
  authorizeUrl: string;
  startedAt: number;
  expiresAt: number;
  loopback: LoopbackCallback;
  deadline: unknown;
  settled: boolean;
  resolve(): void;
  reject(err: AppError): void;
}

const SIGNED_IN_PAGE = 'Signed in — you can close this tab and go back to LiveHook.';

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
  private pending: PendingFlow | undefined;
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
    if (this.pending) this.settle(this.pending, new AppError('unavailable', 'LiveHook is stopping; the sign-in was cancelled.'));
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

  get method(): Session['method'] | undefined {
    return this.session?.method;
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
      account: this.session ? describe(this.session) : null,
      pending: this.pending ? describePending(this.pending) : null,
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
        const { done } = await this.beginPkce({ clientId: sandbox.account.clientId, redirectUri: this.opts.sandboxRedirectUri, env: 'sandbox', follow: true });
        await done;
        return this.status();
      }
      await this.endSessionFor('another sign-in');
      const settings = this.opts.settings.update((s) => ({
        clientId: params.clientId,
        redirectUri: params.redirectUri ?? s.redirectUri,
        mode: 'livechat',
      }));
      const { done } = await this.beginPkce({ clientId: params.clientId, redirectUri: settings.redirectUri, env: 'livechat', follow: false });
      // The outcome is reported through status (and the browser tab); nobody awaits it here.
      done.catch(() => undefined);
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
      throw new AppError('unauthorized', this.lastError?.message ?? 'Not signed in to LiveChat. Sign in first (OAuth, a Personal Access Token or the sandbox).');
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

  /**
   * Checked with list_webhooks for the given Client ID: it needs a valid credential, the scope LiveHook cannot work
   * without (`webhooks.configuration:rw`) and an owner Client ID of the same organization — all three proven in one
   * call. get_license_webhooks_state then tells whether the `webhooks.state` scope is there too; without it LiveHook
   * still works (registering is what matters), so its absence is noted rather than refused.
   */
  private async signInWithPat(accountId: string, pat: string, clientId: string): Promise<void> {
    await this.endSessionFor('another sign-in');
    this.opts.settings.update(() => ({ mode: 'livechat', clientId }));
    const credential: Credential = { kind: 'basic', accountId, pat };
    const probe = this.api.withAuth({ current: async () => credential, rejected: async () => undefined });
    try {
      await probe.listWebhooks(clientId);
    } catch (err) {
      if (err instanceof AppError && err.code === 'unauthorized') {
        throw new AppError(
          'unauthorized',
          'LiveChat did not accept this account ID and Personal Access Token. Copy both again from Developer Console → Settings → Authorization → Personal Access Tokens (the token itself, not the Base64 string).',
          err.detail,
        );
      }
      throw err;
    }
    const verifiedScopes = ['webhooks.configuration:rw'];
    try {
      await probe.getLicenseWebhooksState(clientId);
      verifiedScopes.push('webhooks.state:ro');
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'livechat_error') throw err;
      this.log.warn({ error: err.message }, 'the PAT cannot read the license webhook state');
    }
    const session: PatSession = { method: 'pat', env: 'livechat', clientId, accountId, pat, organizationId: null, verifiedScopes };
    await this.adopt(session);
    this.log.info({ accountId }, 'signed in to LiveChat with a Personal Access Token');
  }

  // ── OAuth + PKCE ──────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Starts the flow and answers once the browser (or, for the sandbox, the engine) has been sent off; `done` settles
   * with the sign-in. (Wrapped in an object: an async function returning a promise would wait for it.)
   */
  private async beginPkce(p: { clientId: string; redirectUri: string; env: LiveChatMode; follow: boolean }): Promise<{ done: Promise<void> }> {
    const pkce = newPkcePair();
    const state = newState();
    let flow!: PendingFlow;
    const loopback = await LoopbackCallback.start({
      redirectUri: p.redirectUri,
      logger: this.log.child({ part: 'loopback' }),
      onCallback: (query) => this.complete(flow, query),
    });
    const done = new Promise<void>((resolve, reject) => {
      const now = this.opts.clock.now();
      const authorize = new URL(this.endpoints().accountsUrl);
      const q = authorize.searchParams;
      q.set('response_type', 'code');
      q.set('client_id', p.clientId);
      q.set('redirect_uri', loopback.redirectUri);
      q.set('state', state);
      q.set('code_challenge', pkce.challenge);
      q.set('code_challenge_method', 'S256');
      flow = {
        state,
        verifier: pkce.verifier,
        clientId: p.clientId,
        redirectUri: loopback.redirectUri,
        env: p.env,
        authorizeUrl: authorize.href,
        startedAt: now,
        expiresAt: now + this.opts.signInTimeoutMs,
        loopback,
        deadline: undefined,
        settled: false,
        resolve,
        reject,
      };
    });
    flow.deadline = this.opts.timers.setTimeout(() => {
      const minutes = Math.round(this.opts.signInTimeoutMs / 60_000);
      this.settle(flow, new AppError('timeout', `No answer from the browser within ${minutes} minute${minutes === 1 ? '' : 's'}, so the sign-in was cancelled. Start it again.`));
    }, this.opts.signInTimeoutMs);
    this.pending = flow;
    this.lastError = null;
    this.log.info({ env: p.env, accounts: new URL(flow.authorizeUrl).origin, port: new URL(flow.redirectUri).port }, 'LiveChat sign-in started');
    this.opts.onChange();
    if (p.follow) {
      this.followAuthorize(flow).catch((err: unknown) => this.settle(flow, asAppError(err)));
    } else {
      this.opts.openExternal(flow.authorizeUrl).catch((err: unknown) => {
        // Not fatal: the status carries the URL, so the user can open it by hand.
        this.log.warn({ err: toApiError(err).message }, 'could not open the system browser for the sign-in');
      });
    }
    return { done };
  }

  /** Sandbox only: it approves at once, so the engine follows the 302 to its own loopback, as a browser would. */
  private async followAuthorize(flow: PendingFlow): Promise<void> {
    const common = { method: 'GET' as const, redirect: 'manual' as const, timeoutMs: this.opts.requestTimeoutMs, timers: this.opts.timers };
    const res = await httpRequest({ ...common, url: flow.authorizeUrl }, 'the LiveChat sandbox');
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || location === null) {
      throw new AppError('livechat_error', `The sandbox did not send the sign-in back (HTTP ${res.status}).`, {
        type: 'unexpected_response',
        message: `HTTP ${res.status}`,
        data: null,
      });
    }
    const target = new URL(location, flow.authorizeUrl);
    if (!`${target.origin}${target.pathname}`.startsWith(flow.redirectUri.replace(/\/$/, ''))) {
      throw new AppError('livechat_error', 'The sandbox redirected somewhere other than LiveHook’s sign-in callback.', {
        type: 'unexpected_response',
        message: 'redirect elsewhere',
        data: null,
      });
    }
    await httpRequest({ ...common, url: target.href }, 'LiveHook’s sign-in callback');
  }

  /** The redirect arrived: check it, exchange the code, keep the tokens. The answer becomes the browser tab's page. */
  private async complete(flow: PendingFlow, query: URLSearchParams): Promise<CallbackAnswer> {
    if (flow.settled || this.pending !== flow) {
      return { ok: false, message: 'This sign-in was cancelled or replaced by a newer one. Go back to LiveHook.' };
    }
    const error = query.get('error') ?? query.get('oauth_exception') ?? query.get('identity_exception');
    if (error !== null) {
      const description = query.get('error_description') ?? query.get('exception_details');
      const err = new AppError('livechat_error', oauthErrorWords(error, description, flow.redirectUri), {
        type: error,
        message: description ?? error,
        data: null,
      });
      this.settle(flow, err);
      return { ok: false, message: err.message };
    }
    const state = query.get('state');
    if (state === null || !sameText(state, flow.state)) {
      const err = new AppError(
        'forbidden',
        'The sign-in answer did not come from the sign-in LiveHook started (its state did not match), so it was refused. Start the sign-in again from LiveHook.',
      );
      this.log.warn({ hasState: state !== null }, 'sign-in callback refused: state mismatch');
      this.settle(flow, err);
      return { ok: false, message: err.message };
    }
    const rawCode = query.get('code');
    if (rawCode === null || rawCode === '') {
      const err = new AppError('livechat_error', 'LiveChat sent the browser back without a sign-in code. Start the sign-in again.', {
        type: 'missing_code',
        message: 'no code',
        data: null,
      });
      this.settle(flow, err);
      return { ok: false, message: err.message };
    }
    try {
      const tokens = await this.accounts.exchangeCode({
        code: decodeAuthorizationCode(rawCode),
        clientId: flow.clientId,
        redirectUri: flow.redirectUri,
        codeVerifier: flow.verifier,
      });
      if (flow.settled) return { ok: false, message: 'This sign-in was cancelled. Go back to LiveHook.' };
      const info = await this.infoOrNothing(tokens.accessToken);
      await this.adopt(oauthSession(flow.clientId, flow.env, tokens, info, this.opts.clock.now()));
      this.settle(flow);
      this.log.info({ env: flow.env, accountId: this.session?.accountId ?? null }, 'signed in to LiveChat');
      return { ok: true, message: SIGNED_IN_PAGE };
    } catch (err) {
      const appErr = asAppError(err);
      this.settle(flow, appErr);
      return { ok: false, message: appErr.message };
    }
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

  /** Ends a pending flow once: closes its loopback, stops its deadline, and reports. */
  private settle(flow: PendingFlow, err?: AppError): void {
    if (flow.settled) return;
    flow.settled = true;
    this.opts.timers.clearTimeout(flow.deadline);
    if (this.pending === flow) this.pending = undefined;
    // After the tab's answer has been written (the loopback closes itself once it has answered).
    flow.loopback.closeSoon();
    if (err) {
      this.noteError(err);
      this.log.warn({ code: err.code, reason: err.message }, 'LiveChat sign-in failed');
      flow.reject(err);
    } else {
      flow.resolve();
    }
    this.opts.onChange();
  }

  private abandonPending(why: string): void {
    if (this.pending) this.settle(this.pending, new AppError('conflict', `${why} The earlier sign-in was cancelled.`));
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

  private scheduleRefresh(session: OAuthSession): void {
    this.clearRefreshTimer();
    const delay = Math.max(1_000, session.expiresAt - this.opts.refreshAheadMs - this.opts.clock.now());
    this.refreshTimer = this.opts.timers.setTimeout(() => {
      this.refreshTimer = undefined;
      if (this.session !== session) return;
      this.refreshNow(session).catch((err: unknown) => {
        const e = toApiError(err);
        if (e.code === 'unauthorized') return; // the session was ended and the status says why
        this.log.warn({ code: e.code, reason: e.message }, 'LiveChat token refresh failed; trying again in 30 s');
        if (this.session === session) {
          this.refreshTimer = this.opts.timers.setTimeout(() => {
            this.refreshTimer = undefined;
            if (this.session === session) this.scheduleRefresh({ ...session, expiresAt: this.opts.clock.now() + this.opts.refreshAheadMs });
          }, 30_000);
        }
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

function bearer(session: OAuthSession): Credential {
  return { kind: 'bearer', accessToken: session.accessToken };
}

function oauthSession(clientId: string, env: LiveChatMode, tokens: TokenSet, info: TokenInfo | undefined, now: number): OAuthSession {
  const scopes = info && info.scopes.length > 0 ? info.scopes : (tokens.scopes ?? null);
  return {
    method: 'oauth',
    env,
    clientId,
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken ?? null,
    expiresAt: now + tokens.expiresInS * 1000,
    accountId: info?.accountId ?? tokens.accountId ?? null,
    organizationId: info?.organizationId ?? tokens.organizationId ?? null,
    scopes,
  };
}

function describe(session: Session): LiveChatAccount {
  if (session.method === 'pat') {
    return {
      method: 'pat',
      accountId: session.accountId,
      organizationId: session.organizationId,
      clientId: session.clientId,
      scopes: null,
      missingScopes: session.verifiedScopes.some((s) => s.startsWith('webhooks.state')) ? [] : ['webhooks.state:rw'],
      expiresAt: null,
      region: regionOfToken(session.pat) ?? null,
    };
  }
  return {
    method: 'oauth',
    accountId: session.accountId,
    organizationId: session.organizationId,
    clientId: session.clientId,
    scopes: session.scopes,
    missingScopes: session.scopes === null ? [] : missingScopes(session.scopes),
    expiresAt: new Date(session.expiresAt).toISOString(),
    region: regionOfToken(session.accessToken) ?? null,
  };
}

/** `rw` includes `ro`; nothing else implies a webhook scope (reference §7). */
export function missingScopes(granted: string[]): string[] {
  const have = new Set(granted);
  return REQUIRED_SCOPES.filter((s) => !have.has(s));
}

function describePending(flow: PendingFlow): PendingSignIn {
  return {
    authorizeUrl: flow.authorizeUrl,
    redirectUri: flow.redirectUri,
    startedAt: new Date(flow.startedAt).toISOString(),
    expiresAt: new Date(flow.expiresAt).toISOString(),
  };
}

/** Reference §5.6 / §9.6–9.7, in the words a developer needs. */
function oauthErrorWords(error: string, description: string | null, redirectUri: string): string {
  const said = description ? ` (${description})` : '';
  switch (error) {
    case 'access_denied':
      return `LiveChat did not grant access${said}. If you are not an administrator of the license, the webhook scopes are out of reach: ask an administrator, or sign in with a Personal Access Token.`;
    case 'invalid_scope':
      return `LiveChat refused the scopes${said}. Webhook scopes (${REQUIRED_SCOPES.join(', ')}) need an administrator account, and your app must list them in its App Authorization block.`;
    case 'unauthorized_client':
    case 'invalid_client':
    case 'invalid_request':
      return `LiveChat refused the sign-in request${said}. Check the Client ID, and that ${redirectUri} is on the app's Redirect URI whitelist exactly (scheme, host, port and path).`;
    default:
      return `LiveChat refused the sign-in: ${error}${said}.`;
  }
}

function sameText(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db);
}

function asAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  return new AppError('internal', err instanceof Error ? err.message : String(err));
}
