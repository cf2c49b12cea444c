import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Clock, Logger } from '../ports';
import { NOT_AUTHORIZED_FOR_METHOD, OAuthError } from './errors';
import type { Faults } from './faults';
import { consentPage, errorPage } from './pages';
import { isValidChallenge, isValidVerifier, parseChallengeMethod, verifierMatches, type ChallengeMethod } from './pkce';
import { isRedirectAllowed } from './redirect-uri';
import { CLIENT_SCOPES, type SandboxState } from './state';
import type { IssuedTokens, TokenStore } from './tokens';

/**
 * The sandbox's accounts.livechat.com (reference §5): the authorization endpoint `GET /`, `POST /v2/token`
 * (authorization_code with PKCE, refresh_token with rotation), `GET /v2/info`, `DELETE /v2/token` (revoke) and the
 * `/ooops` error page. The pre-made client is a public ("JavaScript app") client: PKCE is mandatory, no secret.
 *
 * Not enforced: the "3 redirects to the OAuth server in 30 s" limit (§5.3) — it would make a test suite that signs in
 * a few times in a row fail for a reason no test is about.
 */

export interface AccountsDeps {
  state: SandboxState;
  tokens: TokenStore;
  faults: Faults;
  clock: Clock;
  logger: Logger;
  autoApprove: boolean;
  /** The server's own base URL (known once it listens), for the `/ooops` redirect. */
  baseUrl(): string;
}

interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  state: string | undefined;
  challenge: string;
  method: ChallengeMethod;
  scopes: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const stringParam = (source: unknown, key: string): string | undefined => {
  const v = isObj(source) ? source[key] : undefined;
  return typeof v === 'string' && v !== '' ? v : undefined;
};

/** A pending consent (autoApprove off) is kept this long. */
const CONSENT_TTL_MS = 10 * 60_000;

export function buildAccountsApp(deps: AccountsDeps): FastifyInstance {
  const { state, tokens, faults, clock, logger } = deps;
  const pending = new Map<string, AuthorizationRequest & { expiresAt: number }>();
  const app = Fastify({ logger: false, forceCloseConnections: true });

  // §5.2: the docs' curl sends a form, the OpenAPI spec and LiveChat's CLI send JSON — accept both.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.get('/', async (request, reply) => {
    const q = request.query;
    const clientId = stringParam(q, 'client_id');
    // Until client and redirect URI are trusted, errors go to the error page, never to the given redirect (§5.6).
    if (clientId === undefined || !state.isOrganizationClient(clientId)) return ooops(reply, 'unauthorized_client', 'client_id_not_found');
    const redirectUri = stringParam(q, 'redirect_uri');
    if (redirectUri === undefined) return ooops(reply, 'invalid_request', 'redirect_uri_not_set');
    if (!isRedirectAllowed(redirectUri, state.redirectUris)) return ooops(reply, 'unauthorized_client', 'invalid_redirect_uri');

    const csrfState = stringParam(q, 'state');
    const back = (error: string, description: string) => redirectError(reply, redirectUri, csrfState, error, description);
    const responseType = stringParam(q, 'response_type');
    if (responseType !== 'code') {
      // The implicit grant (`token`) is not simulated: LiveHook signs in with code + PKCE (§5.5).
      return back('unsupported_response_type', `response_type must be "code" (got ${responseType ?? 'nothing'})`);
    }
    const challenge = stringParam(q, 'code_challenge');
    if (challenge === undefined) return back('invalid_request', 'code_challenge is required: this is a public client (PKCE)');
    if (!isValidChallenge(challenge)) return back('invalid_request', 'code_challenge must be 43-128 characters of [A-Za-z0-9-._~]');
    const method = parseChallengeMethod(stringParam(q, 'code_challenge_method'));
    if (method === undefined) return back('invalid_request', 'code_challenge_method must be S256 or plain');
    const asked = stringParam(q, 'scope')?.split(',').map((s) => s.trim()).filter((s) => s !== '');
    const unknown = asked?.filter((s) => !CLIENT_SCOPES.includes(s)) ?? [];
    if (unknown.length > 0) return back('invalid_scope', `scope not configured for this client: ${unknown.join(',')}`);

    const authorization: AuthorizationRequest = { clientId, redirectUri, state: csrfState, challenge, method, scopes: asked ?? [...CLIENT_SCOPES] };
    if (deps.autoApprove) return approve(reply, authorization);
    const requestId = randomBytes(16).toString('base64url');
    pending.set(requestId, { ...authorization, expiresAt: clock.now() + CONSENT_TTL_MS });
    reply.header('cache-control', 'no-store').type('text/html; charset=utf-8');
    return consentPage({ requestId, email: state.account.email, clientId, scopes: authorization.scopes });
  });

  app.post('/consent', async (request, reply) => {
    const requestId = stringParam(request.body, 'request_id');
    const found = requestId === undefined ? undefined : pending.get(requestId);
    if (requestId !== undefined) pending.delete(requestId);
    if (found === undefined || found.expiresAt <= clock.now()) return ooops(reply, 'invalid_request', undefined);
    if (stringParam(request.body, 'decision') !== 'allow') {
      return redirectError(reply, found.redirectUri, found.state, 'access_denied', 'The user denied access');
    }
    return approve(reply, found);
  });

  app.get('/ooops', async (request, reply) => {
    reply.code(400).header('cache-control', 'no-store').type('text/html; charset=utf-8');
    return errorPage(stringParam(request.query, 'oauth_exception') ?? 'unknown', stringParam(request.query, 'exception_details'));
  });

  app.post('/v2/token', async (request, reply) => {
    forced('token');
    const body = request.body;
    if (!isObj(body)) throw new OAuthError(422, 'invalid_request', 'Missing parameters: send grant_type and the grant parameters as a form or JSON');
    const need = (key: string): string => {
      const v = stringParam(body, key);
      if (v === undefined) throw new OAuthError(422, 'invalid_request', `Missing parameter: ${key}`);
      return v;
    };
    const grantType = need('grant_type');
    let issued: IssuedTokens;
    if (grantType === 'authorization_code') {
      const clientId = need('client_id');
      const code = need('code');
      const redirectUri = need('redirect_uri');
      const verifier = need('code_verifier');
      if (!state.isOrganizationClient(clientId)) throw new OAuthError(401, 'unauthorized_client', 'client_id not found');
      // Reused, expired, unknown, or asked with another redirect_uri: the same answer LiveChat gives (§5.6, §9.7).
      const grant = tokens.takeCode(code, clientId);
      if (grant === undefined || grant.redirectUri !== redirectUri) throw new OAuthError(401, 'unauthorized_client', NOT_AUTHORIZED_FOR_METHOD);
      if (!isValidVerifier(verifier)) throw new OAuthError(401, 'invalid_request', 'code_verifier must be 43-128 characters of [A-Za-z0-9-._~]');
      if (!verifierMatches(verifier, grant.challenge, grant.method)) throw new OAuthError(403, 'invalid_grant', 'code_verifier does not match the code_challenge');
      issued = tokens.issue(clientId, grant.scopes);
    } else if (grantType === 'refresh_token') {
      const clientId = need('client_id');
      const refreshToken = need('refresh_token');
      const rotated = tokens.rotate(refreshToken, clientId);
      // §5.6 lists "refresh token not found" under unauthorized_client; a rotated-away token is such a one.
      if (rotated === undefined) throw new OAuthError(401, 'unauthorized_client', 'refresh token not found');
      issued = rotated;
    } else {
      throw new OAuthError(401, 'unsupported_grant_type', `grant_type must be authorization_code or refresh_token (got ${grantType})`);
    }
    logger.info({ grantType }, 'sandbox issued tokens');
    reply.header('cache-control', 'no-store');
    return {
      access_token: issued.access.token,
      account_id: state.account.accountId,
      expires_in: tokens.accessTtlSeconds,
      organization_id: state.account.organizationId,
      refresh_token: issued.refreshToken,
      scope: issued.access.scopes.join(','),
      token_type: 'Bearer',
    };
  });

  app.get('/v2/info', async (request, reply) => {
    forced('info');
    const token = presentedToken(request);
    const found = token === undefined ? undefined : tokens.findAccess(token);
    // Refresh tokens can't be introspected (§5.2), so an unknown token and a refresh token get the same answer.
    if (found === undefined) throw new OAuthError(401, 'unauthorized', 'Invalid or expired access token');
    reply.header('cache-control', 'no-store');
    return {
      access_token: found.token,
      account_id: state.account.accountId,
      client_id: found.clientId,
      expires_in: Math.max(0, Math.floor((found.expiresAt - clock.now()) / 1000)),
      organization_id: state.account.organizationId,
      scope: found.scopes.join(','),
      token_type: 'Bearer',
    };
  });

  app.delete('/v2/token', async (request) => {
    forced('revoke');
    const token = presentedToken(request);
    if (token === undefined || !tokens.revoke(token)) throw new OAuthError(404, 'not_found', 'Token not found');
    logger.info('sandbox revoked a token family');
    return {};
  });

  app.setErrorHandler(async (error, request, reply) => {
    if (error instanceof OAuthError) {
      reply.code(error.status);
      return error.toBody();
    }
    const err = error as Error & { statusCode?: number };
    if (typeof err.statusCode === 'number' && err.statusCode < 500) {
      reply.code(400);
      return { error: 'invalid_request', error_description: err.message };
    }
    logger.error({ err, path: request.url }, 'sandbox accounts request failed');
    reply.code(500);
    return { error: 'server_error', error_description: err.message };
  });

  function forced(method: 'token' | 'info' | 'revoke'): void {
    const fault = faults.take(method);
    if (fault !== undefined) throw new OAuthError(fault.status, fault.type, fault.message);
  }

  function approve(reply: FastifyReply, authorization: AuthorizationRequest): FastifyReply {
    const code = tokens.issueCode({
      clientId: authorization.clientId,
      redirectUri: authorization.redirectUri,
      challenge: authorization.challenge,
      method: authorization.method,
      scopes: authorization.scopes,
    });
    // URLSearchParams writes the code's colon as %3A, as LiveChat's redirect does (§5.5 step 4).
    return redirectTo(reply, authorization.redirectUri, { code, ...(authorization.state !== undefined ? { state: authorization.state } : {}) });
  }

  function ooops(reply: FastifyReply, oauthException: string, details: string | undefined): FastifyReply {
    const url = new URL('/ooops', deps.baseUrl());
    url.searchParams.set('oauth_exception', oauthException);
    if (details !== undefined) url.searchParams.set('exception_details', details);
    return reply.header('cache-control', 'no-store').redirect(url.toString(), 302);
  }

  return app;
}

/**
 * Errors with a trusted redirect URI go back to it. OAuth 2.1 names the code `error`; the reference (§5.6) knows it
 * as `oauth_exception` from the Accounts SDK and doesn't say which one LiveChat's redirect carries — both are sent.
 */
function redirectError(reply: FastifyReply, redirectUri: string, state: string | undefined, error: string, description: string): FastifyReply {
  return redirectTo(reply, redirectUri, { error, error_description: description, oauth_exception: error, ...(state !== undefined ? { state } : {}) });
}

function redirectTo(reply: FastifyReply, redirectUri: string, params: Record<string, string>): FastifyReply {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return reply.header('cache-control', 'no-store').redirect(url.toString(), 302);
}

/** `Authorization: Bearer <token>` or `?code=<token>` (§5.2 info and revoke). */
function presentedToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1] ?? stringParam(request.query, 'code');
}
