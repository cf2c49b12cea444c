import { AppError } from '@shared/api/errors';
import { z } from 'zod';
import type { Logger } from '../ports';
import type { Timers } from '../tunnel/tunnel-supervisor';
import { DEFAULT_RATE_LIMIT_RETRY, httpRequest, rateLimitDelay, sleep, type HttpResponse, type RetryPolicy } from './http';
import { parseLiveChatError, unexpectedAnswer } from './livechat-errors';

export interface TokenSet {
  accessToken: string;
  /** Absent when LiveChat does not send one (then the previous one stays in use). */
  refreshToken?: string;
  expiresInS: number;
  accountId?: string;
  organizationId?: string;
  scopes?: string[];
}

export interface TokenInfo {
  accountId?: string;
  clientId?: string;
  organizationId?: string;
  scopes: string[];
  expiresInS?: number;
}

const TokenReply = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.number().positive(),
  account_id: z.string().optional(),
  organization_id: z.string().optional(),
  scope: z.string().optional(),
});

const InfoReply = z.looseObject({
  account_id: z.string().optional(),
  client_id: z.string().optional(),
  organization_id: z.string().optional(),
  scope: z.string().optional(),
  expires_in: z.number().optional(),
});

/** `{"error": "<code>", "error_description": "…"}` from /v2/token (reference §5.2). */
const OAuthErrorReply = z.looseObject({ error: z.string(), error_description: z.string().optional(), sub_error: z.string().optional() });

export interface OAuthErrorInfo {
  type: string;
  message: string;
  data?: unknown;
}

/** OAuth errors that mean "this grant is dead": the session cannot be saved by retrying. */
const DEAD_GRANT = new Set(['invalid_grant', 'unauthorized_client', 'invalid_client', 'access_denied', 'authentication']);

export interface AccountsApiOptions {
  accountsUrl: () => string;
  logger: Logger;
  timers: Timers;
  random: () => number;
  timeoutMs: number;
  rateLimit?: Partial<RetryPolicy>;
}

/** `accounts.livechat.com`: /v2/token (code exchange, refresh, revoke) and /v2/info (reference §5.2). */
export class AccountsApi {
  private readonly rateLimit: RetryPolicy;

  constructor(private readonly opts: AccountsApiOptions) {
    this.rateLimit = { ...DEFAULT_RATE_LIMIT_RETRY, ...opts.rateLimit };
  }

  /**
   * Public client + PKCE: no secret, the verifier proves we started this flow. JSON body: what LiveChat's own CLI
   * sends (the docs' curl samples use a form; the OpenAPI spec describes JSON).
   */
  async exchangeCode(p: { code: string; clientId: string; redirectUri: string; codeVerifier: string }): Promise<TokenSet> {
    const res = await this.token({
      grant_type: 'authorization_code',
      code: p.code,
      client_id: p.clientId,
      redirect_uri: p.redirectUri,
      code_verifier: p.codeVerifier,
    });
    if (res.status >= 200 && res.status < 300) return this.tokenSet(res);
    const error = oauthError(res);
    if (error) {
      throw new AppError('livechat_error', `LiveChat refused the sign-in code: ${error.message}`, {
        type: error.type,
        message: error.message,
        data: error.data ?? null,
      });
    }
    throw unexpectedAnswer('LiveChat accounts', res.status, res.text);
  }

  /** Public clients get a new refresh token each time; the old one is single-use (reference §5.2). */
  async refresh(p: { refreshToken: string; clientId: string }): Promise<TokenSet> {
    const res = await this.token({ grant_type: 'refresh_token', refresh_token: p.refreshToken, client_id: p.clientId });
    if (res.status >= 200 && res.status < 300) return this.tokenSet(res);
    const error = oauthError(res);
    if (error && (DEAD_GRANT.has(error.type) || res.status === 401 || res.status === 403)) {
      throw new AppError('unauthorized', `LiveChat no longer accepts LiveHook's sign-in: it was revoked or has expired (${error.message}). Sign in again.`, {
        type: error.type,
        message: error.message,
        data: error.data ?? null,
      });
    }
    if (error) {
      throw new AppError('livechat_error', error.message, { type: error.type, message: error.message, data: error.data ?? null });
    }
    throw unexpectedAnswer('LiveChat accounts', res.status, res.text);
  }

  async info(accessToken: string): Promise<TokenInfo> {
    const res = await this.send({ method: 'GET', path: '/v2/info', headers: { authorization: `Bearer ${accessToken}` } });
    if (res.status === 401 || res.status === 403) {
      const error = oauthError(res);
      throw new AppError('unauthorized', `LiveChat does not accept the access token${error ? ` (${error.message})` : ''}. Sign in again.`);
    }
    if (res.status < 200 || res.status >= 300) {
      const error = oauthError(res);
      if (error) throw new AppError('livechat_error', error.message, { type: error.type, message: error.message, data: error.data ?? null });
      throw unexpectedAnswer('LiveChat accounts', res.status, res.text);
    }
    const parsed = InfoReply.safeParse(res.json);
    if (!parsed.success) throw unexpectedAnswer('LiveChat accounts (/v2/info)', res.status, 'not a token description');
    const d = parsed.data;
    const info: TokenInfo = { scopes: splitScopes(d.scope) };
    if (d.account_id !== undefined) info.accountId = d.account_id;
    if (d.client_id !== undefined) info.clientId = d.client_id;
    if (d.organization_id !== undefined) info.organizationId = d.organization_id;
    if (d.expires_in !== undefined) info.expiresInS = d.expires_in;
    return info;
  }

  /** Revoking an access token that has a refresh token revokes both. 404 = already unknown, which is the goal. */
  async revoke(token: string): Promise<void> {
    const res = await this.send({ method: 'DELETE', path: '/v2/token', headers: { authorization: `Bearer ${token}` } });
    if ((res.status >= 200 && res.status < 300) || res.status === 404) return;
    const error = oauthError(res);
    if (error) throw new AppError('livechat_error', error.message, { type: error.type, message: error.message, data: error.data ?? null });
    throw unexpectedAnswer('LiveChat accounts', res.status, res.text);
  }

  private token(body: Record<string, string>): Promise<HttpResponse> {
    return this.send({ method: 'POST', path: '/v2/token', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  /** One request, retried with backoff while the server says 429 `temporarily_unavailable`. */
  private async send(req: { method: 'GET' | 'POST' | 'DELETE'; path: string; headers: Record<string, string>; body?: string }): Promise<HttpResponse> {
    const url = `${this.opts.accountsUrl().replace(/\/+$/, '')}${req.path}`;
    for (let attempt = 1; ; attempt++) {
      const res = await httpRequest(
        { ...req, url, headers: { accept: 'application/json', ...req.headers }, timeoutMs: this.opts.timeoutMs, timers: this.opts.timers },
        'LiveChat accounts',
      );
      this.opts.logger.debug({ path: req.path, method: req.method, status: res.status }, 'LiveChat accounts call');
      if (res.status !== 429 || attempt > this.rateLimit.retries) return res;
      const delay = rateLimitDelay(attempt, this.rateLimit, this.opts.random, res.headers.get('retry-after'));
      this.opts.logger.warn({ path: req.path, attempt, retryInMs: delay }, 'LiveChat accounts says too many requests; backing off');
      await sleep(delay, this.opts.timers);
    }
  }

  private tokenSet(res: HttpResponse): TokenSet {
    const parsed = TokenReply.safeParse(res.json);
    if (!parsed.success) throw unexpectedAnswer('LiveChat accounts (/v2/token)', res.status, 'no access_token/expires_in in the answer');
    const d = parsed.data;
    const set: TokenSet = { accessToken: d.access_token, expiresInS: d.expires_in };
    if (d.refresh_token !== undefined) set.refreshToken = d.refresh_token;
    if (d.account_id !== undefined) set.accountId = d.account_id;
    if (d.organization_id !== undefined) set.organizationId = d.organization_id;
    if (d.scope !== undefined) set.scopes = splitScopes(d.scope);
    return set;
  }
}

/** Scopes are a comma-separated string (some tools space-separate them): accept both. */
export function splitScopes(scope: string | undefined): string[] {
  if (scope === undefined) return [];
  return scope.split(/[\s,]+/).filter((s) => s.length > 0);
}

/** Either OAuth's `{error, error_description}` or the Web APIs' `{error: {type, message}}`. */
function oauthError(res: HttpResponse): OAuthErrorInfo | undefined {
  const oauth = OAuthErrorReply.safeParse(res.json);
  if (oauth.success) {
    const info: OAuthErrorInfo = { type: oauth.data.error, message: oauth.data.error_description ?? oauth.data.error };
    if (oauth.data.sub_error !== undefined) info.data = { sub_error: oauth.data.sub_error };
    return info;
  }
  return parseLiveChatError(res.json);
}
