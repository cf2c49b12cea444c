import { startTarget } from '../support/local-target';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startLiveChatSandbox, type LiveChatSandbox, type SandboxOptions } from '../../electron/engine/livechat-sandbox/sandbox';
import { createLogger } from '../../electron/engine/logger';

// ---------------------------------------------------------------------------------------------------------------
// World: each test starts its own sandbox (and targets) on OS-chosen ports and stops them afterwards.

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function sandbox(opts: Partial<SandboxOptions> = {}): Promise<LiveChatSandbox> {
  const sb = await startLiveChatSandbox({ logger: createLogger({ sink: { write() {} } }), ...opts });
  cleanups.push(() => sb.stop());
  return sb;
}

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** A webhook receiver; `answer(n)` decides the n-th request's status (1-based), or 'hang' to never answer. */
async function target(answer: (n: number) => number | 'hang' = () => 200): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const t = await startTarget((n, req) => {
    received.push({ path: req.path, headers: req.headers, body: JSON.parse(req.body.toString('utf8')) as Record<string, unknown> });
    return answer(n);
  });
  cleanups.push(() => t.close());
  return { url: t.url, received };
}

// ---------------------------------------------------------------------------------------------------------------
// Clients: the test plays the browser (following the authorize redirect by hand) and the engine's API client.

const CALLBACK = 'http://localhost:5573/callback';

function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(sb: LiveChatSandbox, params: Record<string, string | undefined>): string {
  const url = new URL('/', sb.accountsUrl);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

async function authorize(sb: LiveChatSandbox, override: Record<string, string | undefined> = {}) {
  const { verifier, challenge } = pkcePair();
  const params = {
    response_type: 'code',
    client_id: sb.account.clientId,
    redirect_uri: CALLBACK,
    state: randomBytes(8).toString('hex'),
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...override,
  };
  const res = await fetch(authorizeUrl(sb, params), { redirect: 'manual' });
  const location = res.headers.get('location') ?? '';
  return { res, location, verifier, params, query: new URL(location, sb.accountsUrl).searchParams };
}

async function token(sb: LiveChatSandbox, body: Record<string, string>, as: 'form' | 'json' = 'form') {
  const res = await fetch(`${sb.accountsUrl}/v2/token`, {
    method: 'POST',
    headers: { 'content-type': as === 'form' ? 'application/x-www-form-urlencoded' : 'application/json' },
    body: as === 'form' ? new URLSearchParams(body).toString() : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

interface Tokens {
  access_token: string;
  refresh_token: string;
  [key: string]: unknown;
}

async function signIn(sb: LiveChatSandbox, scope?: string): Promise<Tokens> {
  const { query, verifier } = await authorize(sb, { scope });
  const res = await token(sb, { grant_type: 'authorization_code', code: query.get('code')!, client_id: sb.account.clientId, redirect_uri: CALLBACK, code_verifier: verifier });
  expect(res.status).toBe(200);
  return res.body as Tokens;
}

const patAuth = (sb: LiveChatSandbox) => `Basic ${Buffer.from(`${sb.account.accountId}:${sb.account.pat}`).toString('base64')}`;

interface CallOptions {
  auth?: string;
  version?: string;
  region?: string;
  contentType?: string;
  rawBody?: string;
}

async function api(sb: LiveChatSandbox, method: string, body: unknown = {}, o: CallOptions = {}) {
  const headers: Record<string, string> = { 'content-type': o.contentType ?? 'application/json' };
  if (o.auth !== undefined) headers.authorization = o.auth;
  if (o.region !== undefined) headers['x-region'] = o.region;
  const res = await fetch(`${sb.apiUrl}/${o.version ?? 'v3.6'}/configuration/action/${method}`, { method: 'POST', headers, body: o.rawBody ?? JSON.stringify(body) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as unknown };
}

const errorOf = (r: { body: unknown }) => (r.body as { error: { type: string; message: string; data?: unknown } }).error;

async function register(sb: LiveChatSandbox, url: string, extra: Record<string, unknown> = {}) {
  const res = await api(sb, 'register_webhook', { action: 'incoming_chat', secret_key: 'the-secret', url, owner_client_id: sb.account.clientId, type: 'license', ...extra }, { auth: patAuth(sb) });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body as { id: string }).id;
}

// ---------------------------------------------------------------------------------------------------------------

describe('sign-in: OAuth 2.1 authorization code + PKCE (reference §5)', () => {
  it('redirects to the callback with a region-prefixed code (colon as %3A) and the state; the code buys tokens', async () => {
    const sb = await sandbox();
    const { res, location, verifier, params, query } = await authorize(sb);
    expect(res.status).toBe(302);
    expect(location.startsWith(`${CALLBACK}?`)).toBe(true);
    expect(location).toMatch(/[?&]code=dal%3A[A-Za-z0-9_-]+(&|$)/);
    expect(query.get('state')).toBe(params.state);

    const exchanged = await token(sb, { grant_type: 'authorization_code', code: query.get('code')!, client_id: sb.account.clientId, redirect_uri: CALLBACK, code_verifier: verifier });
    expect(exchanged.status).toBe(200);
    expect(exchanged.body).toEqual({
      access_token: expect.stringMatching(/^dal:/),
      account_id: sb.account.accountId,
      expires_in: 28_800,
      organization_id: sb.account.organizationId,
      refresh_token: expect.any(String),
      scope: 'webhooks.configuration:rw,webhooks.state:rw,accounts--my:ro',
      token_type: 'Bearer',
    });
  });

  it('accepts a JSON token request too, and the custom-scheme redirect', async () => {
    const sb = await sandbox();
    const { location, query, verifier } = await authorize(sb, { redirect_uri: 'livehook://callback' });
    expect(location.startsWith('livehook://callback?code=dal%3A')).toBe(true);
    const res = await token(sb, { grant_type: 'authorization_code', code: query.get('code')!, client_id: sb.account.clientId, redirect_uri: 'livehook://callback', code_verifier: verifier }, 'json');
    expect(res.status).toBe(200);
  });

  it('refuses a wrong verifier, a reused code, another redirect_uri, an expired code', async () => {
    let now = Date.now();
    const sb = await sandbox({ clock: { now: () => now } });
    const exchange = (code: string, verifier: string, redirect = CALLBACK) =>
      token(sb, { grant_type: 'authorization_code', code, client_id: sb.account.clientId, redirect_uri: redirect, code_verifier: verifier });

    const a = await authorize(sb);
    const wrong = await exchange(a.query.get('code')!, pkcePair().verifier);
    expect(wrong.status).toBe(403);
    expect(wrong.body).toEqual({ error: 'invalid_grant', error_description: expect.stringContaining('code_verifier') });

    const b = await authorize(sb);
    expect((await exchange(b.query.get('code')!, b.verifier)).status).toBe(200);
    const reused = await exchange(b.query.get('code')!, b.verifier);
    expect(reused).toEqual({ status: 401, body: { error: 'unauthorized_client', error_description: 'The client is not authorized to request a token using this method.' } });

    const c = await authorize(sb);
    expect((await exchange(c.query.get('code')!, c.verifier, `${CALLBACK}/`)).body.error).toBe('unauthorized_client');

    const d = await authorize(sb);
    now += 5 * 60_000;
    expect((await exchange(d.query.get('code')!, d.verifier)).body.error).toBe('unauthorized_client');

    // Undecoded %3A is not the code either (§9.4).
    const e = await authorize(sb);
    expect((await exchange(e.query.get('code')!.replace(':', '%3A'), e.verifier)).status).toBe(401);
  });

  it('sends untrusted requests to the error page and the rest back to the redirect with error and state (§5.6)', async () => {
    const sb = await sandbox();
    const unknownClient = await authorize(sb, { client_id: 'not-a-client' });
    expect(unknownClient.location).toBe(`${sb.accountsUrl}/ooops?oauth_exception=unauthorized_client&exception_details=client_id_not_found`);
    const page = await fetch(unknownClient.location);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('client_id_not_found');

    const notWhitelisted = await authorize(sb, { redirect_uri: 'http://localhost:5574/callback' });
    expect(new URL(notWhitelisted.location).searchParams.get('exception_details')).toBe('invalid_redirect_uri');
    expect((await authorize(sb, { redirect_uri: undefined })).query.get('exception_details')).toBe('redirect_uri_not_set');

    const noPkce = await authorize(sb, { code_challenge: undefined });
    expect(noPkce.location.startsWith(`${CALLBACK}?`)).toBe(true);
    expect(noPkce.query.get('error')).toBe('invalid_request');
    expect(noPkce.query.get('oauth_exception')).toBe('invalid_request');
    expect(noPkce.query.get('state')).toBe(noPkce.params.state);
    expect(noPkce.query.get('code')).toBeNull();

    expect((await authorize(sb, { response_type: 'token' })).query.get('error')).toBe('unsupported_response_type');
    expect((await authorize(sb, { code_challenge_method: 'S512' })).query.get('error')).toBe('invalid_request');
    expect((await authorize(sb, { scope: 'chats--all:rw' })).query.get('error')).toBe('invalid_scope');
  });

  it('whitelists more redirect URIs on request', async () => {
    const sb = await sandbox();
    expect((await authorize(sb, { redirect_uri: 'http://localhost:7000/cb' })).location).toContain('/ooops?');
    sb.addRedirectUri('http://localhost:7000/cb');
    expect((await authorize(sb, { redirect_uri: 'http://localhost:7000/cb' })).location).toMatch(/^http:\/\/localhost:7000\/cb\?code=/);
  });

  it('without autoApprove shows a consent page; Allow redirects with a code, Deny with access_denied', async () => {
    const sb = await sandbox({ autoApprove: false });
    const consent = async (decision: string) => {
      const { res, params } = await authorize(sb);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(sb.account.email);
      const requestId = /name="request_id" value="([^"]+)"/.exec(html)![1]!;
      const answer = await fetch(`${sb.accountsUrl}/consent`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ request_id: requestId, decision }).toString(),
        redirect: 'manual',
      });
      return { query: new URL(answer.headers.get('location')!).searchParams, state: params.state };
    };
    const allowed = await consent('allow');
    expect(allowed.query.get('code')).toMatch(/^dal:/);
    expect(allowed.query.get('state')).toBe(allowed.state);
    expect((await consent('deny')).query.get('error')).toBe('access_denied');
  });

  it('refresh rotates the refresh token; the old one stops working', async () => {
    const sb = await sandbox();
    const first = await signIn(sb);
    const refresh = (rt: string) => token(sb, { grant_type: 'refresh_token', refresh_token: rt, client_id: sb.account.clientId });
    const second = await refresh(first.refresh_token);
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect(second.body.access_token).not.toBe(first.access_token);
    expect(second.body.token_type).toBe('Bearer');
    expect(await refresh(first.refresh_token)).toEqual({ status: 401, body: { error: 'unauthorized_client', error_description: 'refresh token not found' } });
    expect((await refresh(second.body.refresh_token as string)).status).toBe(200);
  });

  it('token errors: missing parameters 422, unknown grant type, forced 429', async () => {
    const sb = await sandbox();
    expect(await token(sb, { grant_type: 'authorization_code', client_id: sb.account.clientId })).toEqual({
      status: 422,
      body: { error: 'invalid_request', error_description: 'Missing parameter: code' },
    });
    expect((await token(sb, { grant_type: 'password' })).body.error).toBe('unsupported_grant_type');
    sb.failNext('token', { status: 429, type: 'temporarily_unavailable', message: 'Try again later' });
    expect(await token(sb, { grant_type: 'refresh_token' })).toEqual({ status: 429, body: { error: 'temporarily_unavailable', error_description: 'Try again later' } });
  });

  it('/v2/info describes the token; revoke kills it and its refresh token', async () => {
    const sb = await sandbox();
    const t = await signIn(sb);
    const info = (tok: string) => fetch(`${sb.accountsUrl}/v2/info`, { headers: { authorization: `Bearer ${tok}` } });
    const res = await info(t.access_token);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      access_token: t.access_token,
      account_id: sb.account.accountId,
      client_id: sb.account.clientId,
      expires_in: expect.any(Number),
      organization_id: sb.account.organizationId,
      scope: 'webhooks.configuration:rw,webhooks.state:rw,accounts--my:ro',
      token_type: 'Bearer',
    });
    expect((await fetch(`${sb.accountsUrl}/v2/info?code=${encodeURIComponent(t.access_token)}`)).status).toBe(200);
    expect((await info(t.refresh_token)).status).toBe(401);

    const revoke = await fetch(`${sb.accountsUrl}/v2/token`, { method: 'DELETE', headers: { authorization: `Bearer ${t.access_token}` } });
    expect(revoke.status).toBe(200);
    expect(await revoke.json()).toEqual({});
    const after = await info(t.access_token);
    expect(after.status).toBe(401);
    expect(((await after.json()) as { error: string }).error).toBe('unauthorized');
    expect((await token(sb, { grant_type: 'refresh_token', refresh_token: t.refresh_token, client_id: sb.account.clientId })).status).toBe(401);
    expect((await fetch(`${sb.accountsUrl}/v2/token`, { method: 'DELETE', headers: { authorization: `Bearer ${t.access_token}` } })).status).toBe(404);
  });

  it('expireAccessTokens and revokeAllTokens turn API calls into authentication errors', async () => {
    const sb = await sandbox();
    const t = await signIn(sb);
    const call = () => api(sb, 'get_license_webhooks_state', {}, { auth: `Bearer ${t.access_token}` });
    expect((await call()).status).toBe(200);
    sb.expireAccessTokens();
    expect(errorOf(await call()).type).toBe('authentication');
    const fresh = await token(sb, { grant_type: 'refresh_token', refresh_token: t.refresh_token, client_id: sb.account.clientId });
    expect((await api(sb, 'get_license_webhooks_state', {}, { auth: `Bearer ${fresh.body.access_token as string}` })).status).toBe(200);
    sb.revokeAllTokens();
    expect(errorOf(await api(sb, 'get_license_webhooks_state', {}, { auth: `Bearer ${fresh.body.access_token as string}` })).type).toBe('authentication');
    expect((await token(sb, { grant_type: 'refresh_token', refresh_token: fresh.body.refresh_token as string, client_id: sb.account.clientId })).status).toBe(401);
  });
});

describe('Configuration API: auth, region, versions (reference §1, §4, §6, §7)', () => {
  it('takes a PAT as Basic base64(account_id:PAT), and refuses the common mistakes', async () => {
    const sb = await sandbox();
    const body = { owner_client_id: sb.account.clientId };
    expect((await api(sb, 'list_webhooks', body, { auth: patAuth(sb) })).status).toBe(200);
    const refused = [
      undefined,
      `Bearer ${sb.account.pat}`,
      `Basic ${sb.account.accountId}:${sb.account.pat}`,
      `Basic ${Buffer.from(`${sb.account.accountId}:wrong`).toString('base64')}`,
      `Token ${sb.account.pat}`,
    ];
    for (const auth of refused) {
      const res = await api(sb, 'list_webhooks', body, auth === undefined ? {} : { auth });
      expect(res.status, auth).toBe(401);
      expect(errorOf(res).type).toBe('authentication');
    }
  });

  it('checks scopes: a webhooks.state:rw-only token reads and sets state but cannot register', async () => {
    const sb = await sandbox();
    const t = await signIn(sb, 'webhooks.state:rw');
    const auth = `Bearer ${t.access_token}`;
    expect((await api(sb, 'get_license_webhooks_state', {}, { auth })).body).toEqual({ license_webhooks_enabled: true });
    const res = await api(sb, 'list_webhooks', { owner_client_id: sb.account.clientId }, { auth });
    expect(res.status).toBe(403);
    expect(errorOf(res)).toEqual({ type: 'authorization', message: 'Missing scope: webhooks.configuration:rw' });
  });

  it('answers misdirected_request with data.region when X-Region differs from the token’s region; retrying there works', async () => {
    const sb = await sandbox({ account: { region: 'fra' } });
    const t = await signIn(sb);
    expect(t.access_token).toMatch(/^fra:/);
    const auth = `Bearer ${t.access_token}`;
    for (const region of [undefined, 'dal']) {
      const res = await api(sb, 'get_license_webhooks_state', {}, region === undefined ? { auth } : { auth, region });
      expect(res.status).toBe(400);
      expect(errorOf(res)).toEqual({ type: 'misdirected_request', message: 'Wrong region', data: { region: 'fra' } });
    }
    expect((await api(sb, 'get_license_webhooks_state', {}, { auth, region: 'fra' })).status).toBe(200);
    // The PAT of a fra account carries the prefix too.
    expect(sb.account.pat).toMatch(/^fra:/);
    expect((await api(sb, 'get_license_webhooks_state', { owner_client_id: sb.account.clientId }, { auth: patAuth(sb), region: 'fra' })).status).toBe(200);
  });

  it('failNext forces an error for the next calls of one method, including misdirected_request', async () => {
    const sb = await sandbox();
    const auth = patAuth(sb);
    // Status 400, not 421: fetch would quietly re-send a 421 and use up the next forced error.
    sb.failNext('list_webhooks', { status: 400, type: 'misdirected_request', message: 'Wrong region', data: { region: 'fra' } });
    sb.failNext('list_webhooks', { status: 429, type: 'too_many_requests', message: 'Too many requests' }, 2);
    const body = { owner_client_id: sb.account.clientId };
    expect(errorOf(await api(sb, 'list_webhooks', body, { auth }))).toEqual({ type: 'misdirected_request', message: 'Wrong region', data: { region: 'fra' } });
    const busy = await api(sb, 'list_webhooks', body, { auth });
    expect(busy.status).toBe(429);
    expect(errorOf(busy)).toEqual({ type: 'too_many_requests', message: 'Too many requests' });
    expect((await api(sb, 'list_webhooks', body, { auth })).status).toBe(429);
    expect((await api(sb, 'get_license_webhooks_state', body, { auth })).status).toBe(200);
    expect((await api(sb, 'list_webhooks', body, { auth })).status).toBe(200);
  });

  it('rate limits only when configured', async () => {
    const sb = await sandbox({ rateLimit: { perSecond: 2 } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await api(sb, 'list_webhook_names')).status);
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('v3.5 answers carry a Legacy date, v3.6 and v3.7 none; other versions are unsupported', async () => {
    const sb = await sandbox();
    const v35 = await api(sb, 'list_webhook_names', {}, { version: 'v3.5' });
    expect(v35.headers.get('legacy')).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(v35.headers.get('deprecation')).toBeNull();
    const v35error = await api(sb, 'list_webhooks', {}, { version: 'v3.5' });
    expect(v35error.status).toBe(401);
    expect(v35error.headers.get('legacy')).not.toBeNull();
    for (const version of ['v3.6', 'v3.7']) {
      const res = await api(sb, 'list_webhook_names', {}, { version });
      expect(res.headers.get('legacy')).toBeNull();
      expect(res.headers.get('deprecation')).toBeNull();
    }
    expect(errorOf(await api(sb, 'list_webhook_names', {}, { version: 'v3.1' })).type).toBe('unsupported_version');
    expect(errorOf(await api(sb, 'no_such_method', {})).type).toBe('not_found');
  });

  it('wants a JSON object body with Content-Type application/json', async () => {
    const sb = await sandbox();
    for (const o of [{ contentType: 'text/plain' }, { rawBody: '{nope' }, { rawBody: '[]' }, { rawBody: '' }]) {
      const res = await api(sb, 'list_webhook_names', undefined, o);
      expect(res.status, JSON.stringify(o)).toBe(400);
      expect(errorOf(res).type).toBe('validation');
    }
  });
});

describe('Configuration API: the seven webhook methods (reference §4)', () => {
  it('list_webhook_names needs no auth, defaults to 3.6 and follows `version`', async () => {
    const sb = await sandbox();
    const names = (await api(sb, 'list_webhook_names')).body as Array<{ action: string; filters?: string[]; additional_data?: string[] }>;
    expect(names).toHaveLength(38);
    expect(names.find((n) => n.action === 'incoming_event')).toEqual({
      action: 'incoming_event',
      filters: ['chat_presence', 'author_type', 'only_my_chats', 'source_type'],
      additional_data: ['chat_properties', 'chat_presence_user_ids'],
    });
    expect(names.find((n) => n.action === 'agent_created')).toEqual({ action: 'agent_created', filters: ['source_type'] });
    const v35 = (await api(sb, 'list_webhook_names', { version: '3.5' })).body as Array<{ action: string }>;
    expect(v35.map((n) => n.action)).toContain('incoming_customer');
    expect(errorOf(await api(sb, 'list_webhook_names', { version: '2.0' })).type).toBe('validation');
  });

  it('register_webhook → id; list_webhooks shows it; unregister_webhook removes it; unknown id is not_found', async () => {
    const sb = await sandbox();
    const auth = patAuth(sb);
    const registration = {
      url: 'http://127.0.0.1:9/hooks/a',
      description: 'LiveHook',
      action: 'incoming_event',
      secret_key: 'the-secret',
      owner_client_id: sb.account.clientId,
      type: 'license',
      filters: { author_type: 'customer', chat_presence: { user_ids: { values: ['a@example.com'] } } },
      additional_data: ['chat_properties'],
    };
    const res = await api(sb, 'register_webhook', registration, { auth });
    expect(res.status).toBe(200);
    const { id } = res.body as { id: string };
    expect(typeof id).toBe('string');

    const listed = await api(sb, 'list_webhooks', { owner_client_id: sb.account.clientId }, { auth });
    const { secret_key: _secret, ...shown } = registration;
    expect(listed.body).toEqual([{ id, ...shown }]);

    expect((await api(sb, 'unregister_webhook', { id, owner_client_id: sb.account.clientId }, { auth })).body).toEqual({});
    expect((await api(sb, 'list_webhooks', { owner_client_id: sb.account.clientId }, { auth })).body).toEqual([]);
    const again = await api(sb, 'unregister_webhook', { id, owner_client_id: sb.account.clientId }, { auth });
    expect(again.status).toBe(404);
    expect(errorOf(again)).toEqual({ type: 'not_found', message: 'Webhook not found' });
  });

  it('register_webhook validates every parameter', async () => {
    const sb = await sandbox();
    const auth = patAuth(sb);
    const valid = { action: 'incoming_chat', secret_key: 's', url: 'http://127.0.0.1:9/h', owner_client_id: sb.account.clientId, type: 'license' };
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ action: undefined }, /`action` is required/],
      [{ secret_key: undefined }, /`secret_key` is required/],
      [{ url: undefined }, /`url` is required/],
      [{ owner_client_id: undefined }, /`owner_client_id` is required/],
      [{ type: undefined }, /`type` is required/],
      [{ action: 'no_such_action' }, /not a webhook action/],
      [{ action: 'thread_summary_set', version: 'v3.5' }, /not a webhook action in v3.5/],
      [{ url: `http://127.0.0.1:9/${'x'.repeat(482)}` }, /too long/],
      [{ url: 'ftp://example.com/x' }, /http\(s\) URL/],
      [{ type: 'agent' }, /`type` must be/],
      [{ owner_client_id: 'someone-elses-client' }, /not a Client ID of your organization/],
      [{ filters: { author_type: 'agent' } }, /author_type.*not supported/],
      [{ additional_data: ['chat_properties', 'everything'] }, /"everything" is not available/],
      [{ action: 'agent_created', additional_data: ['chat_properties'] }, /not available for action `agent_created`/],
      [{ secret_key: 42 }, /must be a string/],
    ];
    for (const [change, message] of cases) {
      const { version, ...fields } = change as { version?: string };
      const res = await api(sb, 'register_webhook', { ...valid, ...fields }, { auth, version: version ?? 'v3.6' });
      expect(res.status, JSON.stringify(change)).toBe(400);
      expect(errorOf(res).type).toBe('validation');
      expect(errorOf(res).message).toMatch(message);
    }
    expect((await api(sb, 'register_webhook', { ...valid, url: `http://127.0.0.1:9/${'x'.repeat(500 - 'http://127.0.0.1:9/'.length)}` }, { auth })).status).toBe(200);
    expect((await api(sb, 'list_webhooks', {}, { auth })).status).toBe(400);
    expect(errorOf(await api(sb, 'unregister_webhook', { owner_client_id: sb.account.clientId }, { auth })).message).toBe('`id` is required');
  });

  it('allows at most 3 webhooks per action per Client ID (limit_reached), whatever the type', async () => {
    const sb = await sandbox();
    const ids = [await register(sb, 'http://127.0.0.1:9/1'), await register(sb, 'http://127.0.0.1:9/2'), await register(sb, 'http://127.0.0.1:9/3', { type: 'bot' })];
    expect(new Set(ids).size).toBe(3);
    const fourth = await api(sb, 'register_webhook', { action: 'incoming_chat', secret_key: 's', url: 'http://127.0.0.1:9/4', owner_client_id: sb.account.clientId, type: 'license' }, { auth: patAuth(sb) });
    expect(errorOf(fourth).type).toBe('limit_reached');
    // Another action has its own three.
    await register(sb, 'http://127.0.0.1:9/5', { action: 'chat_deactivated' });
    // Unregistering frees a slot.
    await api(sb, 'unregister_webhook', { id: ids[0], owner_client_id: sb.account.clientId }, { auth: patAuth(sb) });
    await register(sb, 'http://127.0.0.1:9/6');
  });

  it('license webhook state: enabled by default, per owner client, PAT must name the client, Bearer defaults to its own', async () => {
    const sb = await sandbox();
    const pat = patAuth(sb);
    const owner = { owner_client_id: sb.account.clientId };
    expect((await api(sb, 'get_license_webhooks_state', owner, { auth: pat })).body).toEqual({ license_webhooks_enabled: true });
    expect(errorOf(await api(sb, 'get_license_webhooks_state', {}, { auth: pat })).message).toBe('`owner_client_id` is required');
    expect((await api(sb, 'disable_license_webhooks', owner, { auth: pat })).body).toEqual({});

    const t = await signIn(sb);
    const bearer = `Bearer ${t.access_token}`;
    expect((await api(sb, 'get_license_webhooks_state', {}, { auth: bearer })).body).toEqual({ license_webhooks_enabled: false });
    expect((await api(sb, 'enable_license_webhooks', {}, { auth: bearer })).body).toEqual({});
    expect((await api(sb, 'get_license_webhooks_state', owner, { auth: pat })).body).toEqual({ license_webhooks_enabled: true });
    expect(errorOf(await api(sb, 'enable_license_webhooks', { owner_client_id: 'foreign' }, { auth: bearer })).type).toBe('validation');
  });

  it('wipeApiRegistrations removes the client’s API registrations (saving the Console block)', async () => {
    const sb = await sandbox();
    await register(sb, 'http://127.0.0.1:9/1');
    await register(sb, 'http://127.0.0.1:9/2', { action: 'chat_deactivated' });
    sb.wipeApiRegistrations();
    expect((await api(sb, 'list_webhooks', { owner_client_id: sb.account.clientId }, { auth: patAuth(sb) })).body).toEqual([]);
  });
});

describe('delivery (reference §2)', () => {
  const fast = { timeoutMs: 150, retryDelaysMs: [20, 20, 20] };

  it('POSTs the envelope as JSON to every registered URL; a 200 is one attempt', async () => {
    const sb = await sandbox({ delivery: fast });
    const t = await target();
    const id = await register(sb, `${t.url}/hooks/one`);
    const other = await register(sb, `${t.url}/hooks/two`, { secret_key: 'other-secret' });
    const reports = await sb.trigger({ action: 'incoming_chat' });

    expect(reports).toHaveLength(2);
    expect(reports.every((r) => r.ok && r.status === 200 && r.attempt === 1 && !r.willRetry)).toBe(true);
    expect(new Set(reports.map((r) => r.triggerId)).size).toBe(1);
    const first = t.received.find((r) => r.path === '/hooks/one')!;
    expect(first.headers['content-type']).toBe('application/json');
    expect(Object.keys(first.body)).toEqual(['webhook_id', 'secret_key', 'action', 'organization_id', 'payload', 'additional_data']);
    expect(first.body).toMatchObject({ webhook_id: id, secret_key: 'the-secret', action: 'incoming_chat', organization_id: sb.account.organizationId, additional_data: {} });
    expect((first.body.payload as { chat: { id: string } }).chat.id).toMatch(/^[A-Z0-9]{10}$/);
    expect(t.received.find((r) => r.path === '/hooks/two')!.body).toMatchObject({ webhook_id: other, secret_key: 'other-secret' });
    expect(sb.deliveries()).toHaveLength(2);

    // Another action: nothing registered for it, nothing sent.
    expect(await sb.trigger({ action: 'chat_deactivated' })).toEqual([]);
  });

  it('retries a failing target and stops at its 200: fail, fail, 200 = 3 attempts with the same body', async () => {
    const sb = await sandbox({ delivery: fast });
    const t = await target((n) => (n <= 2 ? 500 : 200));
    const id = await register(sb, t.url);
    const reports = await sb.trigger({ action: 'incoming_chat' });
    expect(reports.map((r) => [r.attempt, r.status, r.ok, r.willRetry])).toEqual([
      [1, 500, false, true],
      [2, 500, false, true],
      [3, 200, true, false],
    ]);
    expect(reports[0]!.error).toBe('HTTP 500');
    expect(reports.every((r) => r.webhookId === id && r.url === t.url && r.action === 'incoming_chat')).toBe(true);
    expect(new Set(t.received.map((r) => JSON.stringify(r.body))).size).toBe(1);
  });

  it('counts only 200 as success: a 204 is retried too', async () => {
    const sb = await sandbox({ delivery: { timeoutMs: 150, retryDelaysMs: [10] } });
    const t = await target(() => 204);
    await register(sb, t.url);
    expect((await sb.trigger({ action: 'incoming_chat' })).map((r) => r.ok)).toEqual([false, false]);
  });

  it('gives up after the last retry when the target never answers in time', async () => {
    const sb = await sandbox({ delivery: { timeoutMs: 100, retryDelaysMs: [10, 10, 10] } });
    const t = await target(() => 'hang');
    await register(sb, t.url);
    const reports = await sb.trigger({ action: 'incoming_chat' });
    expect(reports).toHaveLength(4);
    expect(reports.every((r) => !r.ok && r.error === 'timeout after 100 ms' && r.status === undefined)).toBe(true);
    expect(reports.map((r) => r.willRetry)).toEqual([true, true, true, false]);
    expect(reports.every((r) => r.latencyMs >= 90)).toBe(true);
    expect(t.received).toHaveLength(4);
  });

  it('records a refused connection and retries it', async () => {
    const sb = await sandbox({ delivery: { timeoutMs: 200, retryDelaysMs: [10] } });
    const t = await target();
    const closedPort = new URL(t.url).port;
    await cleanups.pop()!(); // close the target: its port now refuses
    await register(sb, `http://127.0.0.1:${closedPort}/gone`);
    const reports = await sb.trigger({ action: 'incoming_chat' });
    expect(reports.map((r) => r.error)).toEqual(['ECONNREFUSED', 'ECONNREFUSED']);
  });

  it('never leaves this machine unless allowed', async () => {
    const sb = await sandbox({ delivery: fast });
    await register(sb, 'http://203.0.113.7/hook');
    const [report] = await sb.trigger({ action: 'incoming_chat' });
    expect(report).toMatchObject({ ok: false, attempt: 1, willRetry: false, error: expect.stringContaining('only to loopback') });
  });

  it('delivers through *.localhost names (tunnel test servers) like 127.0.0.1', async () => {
    const sb = await sandbox({ delivery: fast });
    const t = await target();
    await register(sb, t.url.replace('127.0.0.1', 'abcde.localhost'));
    const [report] = await sb.trigger({ action: 'incoming_chat' });
    expect(report!.ok).toBe(true);
  });

  it('license webhooks stop while disabled and resume when enabled; bot webhooks follow the bot’s status', async () => {
    const sb = await sandbox({ delivery: fast });
    const t = await target();
    await register(sb, `${t.url}/license`);
    await register(sb, `${t.url}/bot`, { type: 'bot' });
    const owner = { owner_client_id: sb.account.clientId };
    const paths = async () => (await sb.trigger({ action: 'incoming_chat' })).map((r) => new URL(r.url).pathname).sort();

    await api(sb, 'disable_license_webhooks', owner, { auth: patAuth(sb) });
    expect(await paths()).toEqual(['/bot']);
    await api(sb, 'enable_license_webhooks', owner, { auth: patAuth(sb) });
    expect(await paths()).toEqual(['/bot', '/license']);
    sb.setBotRoutingStatus('not_accepting_chats');
    expect(await paths()).toEqual(['/bot', '/license']);
    sb.setBotRoutingStatus('offline');
    expect(await paths()).toEqual(['/license']);
  });

  it('applies filters and sends only the additional data asked for', async () => {
    const sb = await sandbox({ delivery: fast });
    const t = await target();
    const mine = sb.account.clientId;
    await register(sb, `${t.url}/customers`, { action: 'incoming_event', filters: { author_type: 'customer' } });
    await register(sb, `${t.url}/mine`, { action: 'incoming_event', filters: { only_my_chats: true }, additional_data: ['chat_properties', 'chat_presence_user_ids'] });
    await register(sb, `${t.url}/not-smith`, { action: 'incoming_event', filters: { chat_presence: { user_ids: { exclude_values: ['smith@example.com'] } } }, additional_data: ['chat_presence_user_ids'] });
    const paths = (reports: Array<{ url: string }>) => reports.map((r) => new URL(r.url).pathname).sort();

    const customerInWidgetChat = await sb.trigger({ action: 'incoming_event' });
    expect(paths(customerInWidgetChat)).toEqual(['/customers']);

    const agentInMyChat = await sb.trigger({
      action: 'incoming_event',
      payload: { chat_id: 'PJ0MRSHTDG', thread_id: 'K600PKZON8', event: { id: 'K600PKZON8_3', type: 'message', author_id: 'jane@example.com', text: 'Hi' } },
      additional_data: { chat_properties: { source: { client_id: mine } }, chat_presence_user_ids: ['jane@example.com'] },
    });
    expect(paths(agentInMyChat)).toEqual(['/mine', '/not-smith']);
    const bodies = t.received.slice(-2);
    expect(bodies.find((b) => b.path === '/mine')!.body.additional_data).toEqual({
      chat_properties: { source: { client_id: mine } },
      chat_presence_user_ids: ['jane@example.com'],
    });
    expect(bodies.find((b) => b.path === '/not-smith')!.body.additional_data).toEqual({ chat_presence_user_ids: ['jane@example.com'] });

    // The author_type hint beats inference.
    expect(paths(await sb.trigger({ action: 'incoming_event', author_type: 'agent', additional_data: {} }))).toEqual(['/not-smith']);
  });

  it('filters Configuration webhooks by source_type; requester only from v3.6 on', async () => {
    const sb = await sandbox({ delivery: fast });
    const t = await target();
    await register(sb, `${t.url}/mine`, { action: 'agent_created', filters: { source_type: ['my_client'] } });
    await register(sb, `${t.url}/others`, { action: 'agent_created', filters: { source_type: ['other_clients', 'system'] } });
    const legacy = await api(
      sb,
      'register_webhook',
      { action: 'agent_created', secret_key: 's', url: `${t.url}/v35`, owner_client_id: sb.account.clientId, type: 'license' },
      { auth: patAuth(sb), version: 'v3.5' },
    );
    expect(legacy.status).toBe(200);

    const fromSample = await sb.trigger({ action: 'agent_created' });
    expect(fromSample.map((r) => new URL(r.url).pathname).sort()).toEqual(['/others', '/v35']);
    const others = t.received.find((r) => r.path === '/others')!.body;
    expect(Object.keys(others)).toEqual(['webhook_id', 'secret_key', 'action', 'organization_id', 'payload', 'requester', 'additional_data']);
    expect(others.additional_data).toEqual({});
    expect(t.received.find((r) => r.path === '/v35')!.body).not.toHaveProperty('requester');

    const requester = { user_id: 'me@example.com', account_id: sb.account.accountId, client_id: sb.account.clientId };
    const fromMe = await sb.trigger({ action: 'agent_created', payload: { id: 'new@example.com' }, requester });
    expect(fromMe.map((r) => new URL(r.url).pathname).sort()).toEqual(['/mine', '/v35']);
    expect(t.received.at(-1)!.body.payload).toEqual({ id: 'new@example.com' });
  });

  it('with a propagation delay, a re-pointed webhook keeps hitting the old URL for a while', async () => {
    let now = Date.now();
    const sb = await sandbox({ delivery: fast, propagationMs: 120_000, clock: { now: () => now } });
    const t = await target();
    const old = await register(sb, `${t.url}/old`);
    expect(await sb.trigger({ action: 'incoming_chat' })).toEqual([]);
    now += 120_000;
    expect((await sb.trigger({ action: 'incoming_chat' })).map((r) => r.url)).toEqual([`${t.url}/old`]);

    await register(sb, `${t.url}/new`);
    await api(sb, 'unregister_webhook', { id: old, owner_client_id: sb.account.clientId }, { auth: patAuth(sb) });
    now += 60_000;
    expect((await sb.trigger({ action: 'incoming_chat' })).map((r) => r.url)).toEqual([`${t.url}/old`]);
    now += 60_000;
    expect((await sb.trigger({ action: 'incoming_chat' })).map((r) => r.url)).toEqual([`${t.url}/new`]);
  });

  it('reports attempts as they happen and stop() ends pending retries', async () => {
    const seen: number[] = [];
    const sb = await startLiveChatSandbox({
      logger: createLogger({ sink: { write() {} } }),
      delivery: { timeoutMs: 150, retryDelaysMs: [60_000], onAttempt: (r) => seen.push(r.attempt) },
    });
    const t = await target(() => 503);
    await register(sb, t.url);
    const pending = sb.trigger({ action: 'incoming_chat' });
    await vi_waitFor(() => seen.length === 1);
    const started = Date.now();
    await sb.stop();
    const reports = await pending;
    expect(reports).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('makes a payload for every registrable action, and refuses any other action unless given a payload', async () => {
    const sb = await sandbox({ delivery: fast });
    expect(await sb.trigger({ action: 'bot_created' })).toEqual([]);
    await expect(sb.trigger({ action: 'made_up_action' })).rejects.toThrow(/no sample payload/);
    expect(await sb.trigger({ action: 'made_up_action', payload: { id: 'b' } })).toEqual([]);
  });
});

async function vi_waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
