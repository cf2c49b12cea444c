import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Logger } from '../ports';
import { ApiError, validation } from './errors';
import type { Faults } from './faults';
import { PAT_SCOPES, type SandboxState } from './state';
import type { TokenStore } from './tokens';
import type { Caller, WebhookMethod } from './webhook-methods';
import { isApiVersion } from './webhook-names';

/**
 * The sandbox's api.livechatinc.com: `POST /v3.x/configuration/action/<method>` (reference §4) for the webhook
 * methods, with auth by Bearer token or `Basic base64(account_id:PAT)` (§5.8, §6), scope checks (§7), the region
 * check (§1), forced failures and an optional rate limit (§8), and the `Legacy` header on v3.5 (§0).
 *
 * Checks run in this order: version, method, forced failure, rate limit, auth, region, scope, body, method's own.
 */

/** v3.5 is "legacy"; its responses name the end of that stage. The real date is LiveChat's to set — this is the sandbox's. */
export const V35_LEGACY_UNTIL = '2026-12-31';

export interface ConfigurationApiDeps {
  state: SandboxState;
  tokens: TokenStore;
  faults: Faults;
  logger: Logger;
  methods: Record<string, WebhookMethod>;
}

type Authenticated = { caller: Caller; region: string | undefined };

export function buildConfigurationApp(deps: ConfigurationApiDeps): FastifyInstance {
  const { state, tokens, faults, logger, methods } = deps;
  const app = Fastify({ logger: false, forceCloseConnections: true });
  // §1: "Content-Type: application/json" is required; fastify would also take text/plain.
  app.removeContentTypeParser('text/plain');

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/v3.5/')) reply.header('legacy', V35_LEGACY_UNTIL);
  });

  app.post<{ Params: { version: string; method: string } }>('/:version/configuration/action/:method', async (request) => {
    const version = request.params.version.replace(/^v/, '');
    if (!request.params.version.startsWith('v') || !isApiVersion(version)) {
      throw new ApiError('unsupported_version', `API version ${request.params.version} is not supported by the sandbox (v3.5, v3.6, v3.7)`);
    }
    const name = request.params.method;
    const method = Object.hasOwn(methods, name) ? methods[name] : undefined;
    if (method === undefined) throw new ApiError('not_found', `Method ${name} not found`);

    const fault = faults.take(name);
    if (fault !== undefined) throw new ApiError(fault.type, fault.message, fault.data, fault.status);
    if (faults.overLimit()) throw new ApiError('too_many_requests', 'Too many requests');

    let caller: Caller | undefined;
    if (method.scope !== undefined) {
      const auth = authenticate(request);
      caller = auth.caller;
      checkRegion(request, auth.region);
      if (!hasScope(caller.scopes, method.scope)) throw new ApiError('authorization', `Missing scope: ${method.scope}`);
    }
    const params = request.body;
    if (typeof params !== 'object' || params === null || Array.isArray(params)) {
      throw validation('Request body must be a JSON object (send {} when there are no parameters)');
    }
    const result = method.run({ params: params as Record<string, unknown>, caller, version });
    logger.debug({ method: name, version }, 'sandbox configuration call');
    return result;
  });

  app.setNotFoundHandler(async (request, reply) => {
    reply.code(404);
    return new ApiError('not_found', `No such endpoint: ${request.method} ${request.url.split('?')[0]}`).toBody();
  });

  app.setErrorHandler(async (error, request, reply) => {
    if (error instanceof ApiError) {
      logger.debug({ path: request.url, type: error.type }, 'sandbox configuration call refused');
      reply.code(error.status);
      return error.toBody();
    }
    const err = error as Error & { statusCode?: number };
    if (typeof err.statusCode === 'number' && err.statusCode < 500) {
      // Unparsable JSON, an empty body, another Content-Type: the request is invalid.
      reply.code(400);
      return validation(err.message).toBody();
    }
    logger.error({ err, path: request.url }, 'sandbox configuration call failed');
    reply.code(500);
    return new ApiError('internal', 'Internal error').toBody();
  });

  function authenticate(request: FastifyRequest): Authenticated {
    const header = request.headers.authorization;
    if (typeof header !== 'string' || header.trim() === '') throw new ApiError('authentication', 'Missing Authorization header');
    const bearer = /^Bearer\s+(\S+)$/i.exec(header);
    if (bearer) {
      // A PAT sent as Bearer lands here too and fails: the most common PAT mistake (§6).
      const token = tokens.findAccess(bearer[1]!);
      if (token === undefined) throw new ApiError('authentication', 'Invalid or expired access token');
      return { caller: { via: 'bearer', clientId: token.clientId, scopes: token.scopes }, region: regionOf(token.token) };
    }
    const basic = /^Basic\s+(\S+)$/i.exec(header);
    if (basic) {
      const decoded = decodeBase64(basic[1]!);
      const colon = decoded?.indexOf(':') ?? -1;
      // Also refuses the raw, unencoded `account_id:PAT` the docs' curl literally shows (§4, §6).
      if (decoded === undefined || colon < 0) throw new ApiError('authentication', 'Basic credentials must be base64(account_id:PAT)');
      const { accountId, pat } = state.account;
      if (!same(decoded.slice(0, colon), accountId) || !same(decoded.slice(colon + 1), pat)) {
        throw new ApiError('authentication', 'Invalid account ID or personal access token');
      }
      return { caller: { via: 'pat', scopes: PAT_SCOPES }, region: regionOf(pat) };
    }
    throw new ApiError('authentication', 'Unsupported Authorization scheme: use Bearer <access token> or Basic base64(account_id:PAT)');
  }

  return app;
}

/**
 * §1: official clients send `X-Region: <token prefix>` and retry once on `misdirected_request` with `data.region`.
 * No header means the default data center, `dal`; a token that lives elsewhere is then misdirected. Deterministic:
 * nothing else (no randomness, no load) produces this error.
 */
function checkRegion(request: FastifyRequest, tokenRegion: string | undefined): void {
  if (tokenRegion === undefined) return;
  const header = request.headers['x-region'];
  const asked = typeof header === 'string' && header !== '' ? header : 'dal';
  if (asked !== tokenRegion) throw new ApiError('misdirected_request', 'Wrong region', { region: tokenRegion });
}

function regionOf(token: string): string | undefined {
  const match = /^([a-z]+(?:-[a-z])?):/.exec(token);
  return match?.[1];
}

/** `rw` includes `ro` (§7). */
function hasScope(granted: readonly string[], needed: string): boolean {
  if (granted.includes(needed)) return true;
  return needed.endsWith(':ro') && granted.includes(`${needed.slice(0, -3)}:rw`);
}

function decodeBase64(value: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return undefined;
  return Buffer.from(value, 'base64').toString('utf8');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
