import { createHash, timingSafeEqual } from 'node:crypto';
import { REQUIRED_SCOPES, type PendingSignIn } from '@shared/api/domains/livechat';
import { AppError, toApiError } from '@shared/api/errors';
import type { Clock, Logger, OpenExternal } from '../ports';
import type { Timers } from '../tunnel/tunnel-supervisor';
import { decodeAuthorizationCode } from './credentials';
import { httpRequest } from './http';
import { LoopbackCallback, type CallbackAnswer } from './loopback-callback';
import { newPkcePair, newState } from './pkce';

export interface PkceSignInOptions {
  accountsUrl: string;
  clientId: string;
  /** The loopback redirect (port 0 = any free port). */
  redirectUri: string;
  /** The sandbox approves at once: the engine follows the redirect itself instead of opening a browser. */
  follow: boolean;
  /** Called with the redirect URI actually listened on, before LiveChat is asked (the sandbox whitelists it). */
  whitelist?: (redirectUri: string) => void;
  timeoutMs: number;
  requestTimeoutMs: number;
  timers: Timers;
  clock: Clock;
  logger: Logger;
  openExternal: OpenExternal;
  /**
   * The redirect came back with a code that passed the checks: exchange it and keep the tokens. Not called once the
   * flow is over (cancelled, timed out). What it throws becomes the sign-in's failure.
   */
  exchange(p: { code: string; codeVerifier: string; redirectUri: string }): Promise<void>;
  /** The flow ended (`err` undefined = signed in). */
  onSettled(flow: PkceSignIn, err?: AppError): void;
}

const SIGNED_IN_PAGE = 'Signed in — you can close this tab and go back to LiveHook.';

/**
 * One OAuth 2.1 authorization-code + PKCE (S256) sign-in for a public client (reference §5.5): a loopback listener
 * on the whitelisted port, the system browser sent to LiveChat with `state` and `code_challenge`, and the redirect
 * checked — error, `state`, code (`%3A` decoded) — before the code is handed to `exchange`. The browser tab gets a
 * plain page saying how it went. Ends once: signed in, refused, cancelled or timed out.
 */
export class PkceSignIn {
  readonly done: Promise<void>;
  private readonly state = newState();
  private readonly pkce = newPkcePair();
  private readonly startedAt: number;
  private readonly expiresAt: number;
  private authorizeUrl = '';
  private loopback!: LoopbackCallback;
  private deadline: unknown;
  private over = false;
  private resolve!: () => void;
  private reject!: (err: AppError) => void;

  private constructor(private readonly opts: PkceSignInOptions) {
    this.startedAt = opts.clock.now();
    this.expiresAt = this.startedAt + opts.timeoutMs;
    this.done = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // Whoever started the flow may not wait for it (OAuth answers at once): a failure is reported through onSettled.
    this.done.catch(() => undefined);
  }

  /** Listens, then sends the browser (or, for the sandbox, the engine) to LiveChat. Throws when it cannot listen. */
  static async start(opts: PkceSignInOptions): Promise<PkceSignIn> {
    const flow = new PkceSignIn(opts);
    flow.loopback = await LoopbackCallback.start({
      redirectUri: opts.redirectUri,
      logger: opts.logger.child({ part: 'loopback' }),
      onCallback: (query) => flow.callback(query),
    });
    opts.whitelist?.(flow.loopback.redirectUri);
    const authorize = new URL(opts.accountsUrl);
    const q = authorize.searchParams;
    q.set('response_type', 'code');
    q.set('client_id', opts.clientId);
    q.set('redirect_uri', flow.loopback.redirectUri);
    q.set('state', flow.state);
    q.set('code_challenge', flow.pkce.challenge);
    q.set('code_challenge_method', 'S256');
    flow.authorizeUrl = authorize.href;
    flow.deadline = opts.timers.setTimeout(() => {
      const minutes = Math.round(opts.timeoutMs / 60_000);
      flow.settle(new AppError('timeout', `No answer from the browser within ${minutes} minute${minutes === 1 ? '' : 's'}, so the sign-in was cancelled. Start it again.`));
    }, opts.timeoutMs);
    opts.logger.info({ accounts: authorize.origin, port: new URL(flow.loopback.redirectUri).port, follow: opts.follow }, 'LiveChat sign-in started');
    if (opts.follow) {
      flow.follow().catch((err: unknown) => flow.settle(asAppError(err)));
    } else {
      opts.openExternal(flow.authorizeUrl).catch((err: unknown) => {
        // Not fatal: the status carries the URL, so the user can open it by hand.
        opts.logger.warn({ err: toApiError(err).message }, 'could not open the system browser for the sign-in');
      });
    }
    return flow;
  }

  get settled(): boolean {
    return this.over;
  }

  get redirectUri(): string {
    return this.loopback.redirectUri;
  }

  describe(): PendingSignIn {
    return {
      authorizeUrl: this.authorizeUrl,
      redirectUri: this.loopback.redirectUri,
      startedAt: new Date(this.startedAt).toISOString(),
      expiresAt: new Date(this.expiresAt).toISOString(),
    };
  }

  cancel(err: AppError): void {
    this.settle(err);
  }

  /** Sandbox only: it approves at once, so the engine follows the 302 to its own loopback, as a browser would. */
  private async follow(): Promise<void> {
    const common = { method: 'GET' as const, redirect: 'manual' as const, timeoutMs: this.opts.requestTimeoutMs, timers: this.opts.timers };
    const res = await httpRequest({ ...common, url: this.authorizeUrl }, 'the LiveChat sandbox');
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || location === null) {
      throw new AppError('livechat_error', `The sandbox did not send the sign-in back (HTTP ${res.status}).`, { type: 'unexpected_response', message: `HTTP ${res.status}`, data: null });
    }
    const target = new URL(location, this.authorizeUrl);
    const redirectUri = this.loopback.redirectUri;
    if (!`${target.origin}${target.pathname}`.startsWith(redirectUri.replace(/\/$/, ''))) {
      // The error page (`/ooops?oauth_exception=…`): the sandbox would not send the sign-in back here at all.
      const refused = target.searchParams.get('oauth_exception') ?? 'unexpected_response';
      const details = target.searchParams.get('exception_details');
      throw new AppError('livechat_error', oauthErrorWords(refused, details, redirectUri), { type: refused, message: details ?? refused, data: null });
    }
    await httpRequest({ ...common, url: target.href }, 'LiveHook’s sign-in callback');
  }

  /** The redirect arrived: check it, exchange the code. The answer becomes the browser tab's page. */
  private async callback(query: URLSearchParams): Promise<CallbackAnswer> {
    if (this.over) return { ok: false, message: 'This sign-in was cancelled or replaced by a newer one. Go back to LiveHook.' };
    const error = query.get('error') ?? query.get('oauth_exception') ?? query.get('identity_exception');
    if (error !== null) {
      const description = query.get('error_description') ?? query.get('exception_details');
      return this.refuse(new AppError('livechat_error', oauthErrorWords(error, description, this.loopback.redirectUri), { type: error, message: description ?? error, data: null }));
    }
    const state = query.get('state');
    if (state === null || !sameText(state, this.state)) {
      this.opts.logger.warn({ hasState: state !== null }, 'sign-in callback refused: state mismatch');
      return this.refuse(
        new AppError(
          'forbidden',
          'The sign-in answer did not come from the sign-in LiveHook started (its state did not match), so it was refused. Start the sign-in again from LiveHook.',
        ),
      );
    }
    const code = query.get('code');
    if (code === null || code === '') {
      return this.refuse(new AppError('livechat_error', 'LiveChat sent the browser back without a sign-in code. Start the sign-in again.', { type: 'missing_code', message: 'no code', data: null }));
    }
    try {
      await this.opts.exchange({ code: decodeAuthorizationCode(code), codeVerifier: this.pkce.verifier, redirectUri: this.loopback.redirectUri });
    } catch (err) {
      return this.refuse(asAppError(err));
    }
    if (this.over) return { ok: false, message: 'This sign-in was cancelled. Go back to LiveHook.' };
    this.settle();
    return { ok: true, message: SIGNED_IN_PAGE };
  }

  private refuse(err: AppError): CallbackAnswer {
    this.settle(err);
    return { ok: false, message: err.message };
  }

  private settle(err?: AppError): void {
    if (this.over) return;
    this.over = true;
    this.opts.timers.clearTimeout(this.deadline);
    // After the tab's answer has been written (the loopback closes itself once it has answered).
    this.loopback.closeSoon();
    if (err) {
      this.opts.logger.warn({ code: err.code, reason: err.message }, 'LiveChat sign-in failed');
      this.reject(err);
    } else {
      this.resolve();
    }
    this.opts.onSettled(this, err);
  }
}

/** Reference §5.6 / §9.6–9.7, in the words a developer needs. */
export function oauthErrorWords(error: string, description: string | null, redirectUri: string): string {
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

/** Constant-time, whatever the lengths. */
function sameText(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

export function asAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  return new AppError('internal', err instanceof Error ? err.message : String(err));
}
