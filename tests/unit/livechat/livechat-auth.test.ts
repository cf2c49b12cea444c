import http from 'node:http';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LiveChatStatus } from '../../../shared/api/domains/livechat';
import { AppError } from '../../../shared/api/errors';
import { SESSION_KEY } from '../../../electron/engine/livechat/session-store';
import { ManualTimers } from '../../fakes/manual-timers';
import { freePort, startFake, type Answer, type FakeServer, type SeenRequest } from './fake-server';
import { leaks, makeLiveChat, type Harness } from './harness';

let fake: FakeServer | undefined;
let h: Harness | undefined;
afterEach(async () => {
  await h?.lc.stop();
  h = undefined;
  await fake?.close();
  fake = undefined;
});

/** What a handler threw (handlers may answer synchronously, so wrap first). */
const caught = (v: unknown): Promise<unknown> => Promise.resolve(v).then(() => undefined, (e: unknown) => e);

const ACCOUNT = 'b7eff798-f8df-4364-8059-649c35c9ed0c';

/** A LiveChat accounts + API stand-in that rotates refresh tokens like a public client's. */
function liveChatLike(overrides: Partial<Record<string, (req: SeenRequest) => Answer | undefined>> = {}) {
  let generation = 1;
  const validRefresh = new Set(['RT1']);
  return (req: SeenRequest): Answer => {
    const override = overrides[`${req.method} ${req.path}`]?.(req);
    if (override) return override;
    if (req.method === 'POST' && req.path === '/v2/token') {
      const body = req.json as Record<string, string>;
      if (body.grant_type === 'authorization_code') {
        return { body: { access_token: 'dal:AT1-secret-value', refresh_token: 'RT1', expires_in: 3600, scope: 'webhooks.configuration:rw,webhooks.state:rw', account_id: ACCOUNT, organization_id: 'org-1', token_type: 'Bearer' } };
      }
      if (!validRefresh.has(body.refresh_token!)) return { status: 401, body: { error: 'unauthorized_client', error_description: 'refresh token not found' } };
      validRefresh.delete(body.refresh_token!);
      generation++;
      validRefresh.add(`RT${generation}`);
      return { body: { access_token: `dal:AT${generation}-secret-value`, refresh_token: `RT${generation}`, expires_in: 3600, scope: 'webhooks.configuration:rw,webhooks.state:rw' } };
    }
    if (req.method === 'GET' && req.path === '/v2/info') {
      return { body: { account_id: ACCOUNT, client_id: 'client-1', organization_id: 'org-1', scope: 'webhooks.configuration:rw,webhooks.state:rw', expires_in: 3600, token_type: 'Bearer' } };
    }
    if (req.method === 'DELETE' && req.path === '/v2/token') return { body: {} };
    if (req.path.endsWith('/list_webhooks')) return { body: [] };
    if (req.path.endsWith('/get_license_webhooks_state')) return { body: { license_webhooks_enabled: true } };
    return { status: 404, body: { error: { type: 'not_found', message: 'nope' } } };
  };
}

async function setup(answer = liveChatLike(), opts: { timers?: ManualTimers } = {}) {
  fake = await startFake(answer);
  h = makeLiveChat({
    baseUrls: { accountsUrl: fake.url, apiUrl: fake.url },
    ...(opts.timers ? { timers: opts.timers, clock: opts.timers.clock } : {}),
  });
  await h.lc.start();
  return { h, fake };
}

/** The browser's part: LiveChat sends it back to the redirect URI with these query parameters. */
async function browserBack(authorizeUrl: string, params: (authorize: URL) => Record<string, string>, rawQuery?: string): Promise<{ status: number; text: string }> {
  const authorize = new URL(authorizeUrl);
  const target = new URL(authorize.searchParams.get('redirect_uri')!);
  const query = rawQuery ?? new URLSearchParams(params(authorize)).toString();
  // Straight to 127.0.0.1 (the loopback binds there); Host says localhost as a browser would.
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: Number(target.port), path: `${target.pathname}?${query}`, headers: { host: target.host } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function startOAuth(harness: Harness, port: number): Promise<{ status: LiveChatStatus; authorize: URL }> {
  const status = await harness.lc.handlers['livechat.signIn']({ mode: 'oauth', clientId: 'client-1', redirectUri: `http://localhost:${port}/callback` });
  expect(harness.opened).toHaveLength(1);
  return { status, authorize: new URL(harness.opened[0]!) };
}

describe('OAuth sign-in through the loopback', () => {
  it('sends the browser to LiveChat with PKCE S256 and state, then exchanges the %3A-encoded code', async () => {
    const { h, fake } = await setup();
    const port = await freePort();
    const { status, authorize } = await startOAuth(h, port);
    expect(status.state).toBe('signingIn');
    expect(status.pending?.redirectUri).toBe(`http://localhost:${port}/callback`);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${fake.url}/`);
    const q = authorize.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe('client-1');
    expect(q.get('redirect_uri')).toBe(`http://localhost:${port}/callback`);
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('state')!.length).toBeGreaterThanOrEqual(32);
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // LiveChat writes the region colon as %3A; a copy-pasted URL may even carry it encoded twice.
    const page = await browserBack(h.opened[0]!, () => ({}), `code=dal%253Acode-123&state=${q.get('state')}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Signed in — you can close this tab');

    const exchange = fake.requests.find((r) => r.path === '/v2/token')!;
    const body = exchange.json as Record<string, string>;
    expect(body).toMatchObject({ grant_type: 'authorization_code', code: 'dal:code-123', client_id: 'client-1', redirect_uri: `http://localhost:${port}/callback` });
    expect(createHash('sha256').update(body.code_verifier!).digest('base64url')).toBe(q.get('code_challenge'));
    expect(body.code_verifier!.length).toBeGreaterThanOrEqual(43);

    const after = h.lc.auth.status();
    expect(after).toMatchObject({
      state: 'signedIn',
      mode: 'livechat',
      pending: null,
      account: { method: 'oauth', accountId: ACCOUNT, organizationId: 'org-1', clientId: 'client-1', region: 'dal', missingScopes: [] },
    });
    expect(after.account?.scopes).toEqual(['webhooks.configuration:rw', 'webhooks.state:rw']);
    // The token lives in the SecretStore only.
    expect(JSON.parse((await h.secrets.get(SESSION_KEY))!)).toMatchObject({ accessToken: 'dal:AT1-secret-value', refreshToken: 'RT1' });
    expect(leaks(h.secretValues, [JSON.stringify(after), ...h.pushes.map((p) => JSON.stringify(p)), ...h.logLines])).toEqual([]);
    // The loopback closed once it had answered.
    await vi.waitFor(() => expect(browserBack(h.opened[0]!, () => ({ code: 'x', state: 'y' }))).rejects.toThrow());
  });

  it('refuses an answer whose state does not match, with a clear error, and exchanges nothing', async () => {
    const { h, fake } = await setup();
    const { authorize } = await startOAuth(h, await freePort());
    const page = await browserBack(authorize.href, () => ({ code: 'dal:code', state: 'forged-state' }));
    expect(page.status).toBe(400);
    expect(page.text).toContain('did not match');
    const status = h.lc.auth.status();
    expect(status.state).toBe('signedOut');
    expect(status.lastError).toMatchObject({ code: 'forbidden' });
    expect(status.lastError?.message).toMatch(/state did not match/);
    expect(fake.requests.some((r) => r.path === '/v2/token')).toBe(false);
  });

  it('puts an OAuth error from the redirect in plain words', async () => {
    const { h } = await setup();
    const { authorize } = await startOAuth(h, await freePort());
    const page = await browserBack(authorize.href, (a) => ({ error: 'invalid_scope', error_description: 'scope not allowed', state: a.searchParams.get('state')! }));
    expect(page.status).toBe(400);
    expect(page.text).toContain('administrator');
    expect(h.lc.auth.status().lastError).toMatchObject({ code: 'livechat_error' });
  });

  it('reports a refused code exchange with LiveChat’s words', async () => {
    const { h } = await setup(
      liveChatLike({
        'POST /v2/token': () => ({ status: 401, body: { error: 'unauthorized_client', error_description: 'The client is not authorized to request a token using this method.' } }),
      }),
    );
    const { authorize } = await startOAuth(h, await freePort());
    const page = await browserBack(authorize.href, (a) => ({ code: 'dal:old', state: a.searchParams.get('state')! }));
    expect(page.status).toBe(400);
    expect(page.text).toContain('The client is not authorized to request a token using this method.');
    expect(h.lc.auth.status()).toMatchObject({ state: 'signedOut', lastError: { code: 'livechat_error' } });
  });

  it('gives up after the sign-in timeout and stops listening', async () => {
    const timers = new ManualTimers();
    const { h } = await setup(liveChatLike(), { timers });
    const { authorize } = await startOAuth(h, await freePort());
    await timers.advance(5 * 60_000);
    const status = h.lc.auth.status();
    expect(status).toMatchObject({ state: 'signedOut', lastError: { code: 'timeout' } });
    expect(status.lastError?.message).toMatch(/5 minutes/);
    await vi.waitFor(() => expect(browserBack(authorize.href, () => ({ code: 'x', state: 'y' }))).rejects.toThrow());
  });

  it('says so when the redirect port is taken', async () => {
    const { h } = await setup();
    const blocker = http.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const err = await caught(h.lc.handlers['livechat.signIn']({ mode: 'oauth', clientId: 'client-1', redirectUri: `http://localhost:${port}/callback` }));
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: 'conflict' });
      expect((err as AppError).message).toContain(String(port));
    } finally {
      blocker.close();
    }
  });

  it('a new sign-in cancels the pending one', async () => {
    const { h } = await setup();
    const first = await startOAuth(h, await freePort());
    await h.lc.handlers['livechat.signIn']({ mode: 'oauth', clientId: 'client-1', redirectUri: `http://localhost:${await freePort()}/callback` });
    await vi.waitFor(() => expect(browserBack(first.authorize.href, () => ({ code: 'x', state: 'y' }))).rejects.toThrow());
    expect(h.lc.auth.status().state).toBe('signingIn');
    expect((await h.lc.handlers['livechat.cancelSignIn']({})).state).toBe('signedOut');
  });
});

async function signedIn(timers?: ManualTimers, answer = liveChatLike()) {
  const { h, fake } = await setup(answer, timers ? { timers } : {});
  const { authorize } = await startOAuth(h, await freePort());
  const page = await browserBack(authorize.href, (a) => ({ code: 'dal:c', state: a.searchParams.get('state')! }));
  expect(page.status).toBe(200);
  return { h, fake };
}

const refreshes = (f: FakeServer) => f.requests.filter((r) => r.path === '/v2/token' && (r.json as Record<string, string>).grant_type === 'refresh_token');

describe('tokens', () => {
  it('refreshes before expiry and keeps the new refresh token each time', async () => {
    const timers = new ManualTimers();
    const { h, fake } = await signedIn(timers);
    // 3600 s token, refreshed 5 minutes ahead.
    await timers.advance(3_300_000 - 1);
    expect(refreshes(fake)).toHaveLength(0);
    await timers.advance(1);
    await vi.waitFor(() => expect(refreshes(fake)).toHaveLength(1));
    await vi.waitFor(async () => expect(JSON.parse((await h.secrets.get(SESSION_KEY))!)).toMatchObject({ refreshToken: 'RT2', accessToken: 'dal:AT2-secret-value' }));
    await timers.advance(3_300_000);
    await vi.waitFor(() => expect(refreshes(fake)).toHaveLength(2));
    expect(refreshes(fake).map((r) => (r.json as Record<string, string>).refresh_token)).toEqual(['RT1', 'RT2']);
    await vi.waitFor(async () => expect(JSON.parse((await h.secrets.get(SESSION_KEY))!)).toMatchObject({ refreshToken: 'RT3' }));
    expect(h.lc.auth.status().state).toBe('signedIn');
    // Calls use the newest access token.
    await h.lc.handlers['webhooks.list']({});
    expect(fake.requests.at(-1)!.headers.authorization).toBe('Bearer dal:AT3-secret-value');
  });

  it('refreshes once when several calls find the token about to expire', async () => {
    const timers = new ManualTimers();
    const { h, fake } = await signedIn(timers);
    // Past the refresh point with the timer's refresh not yet run: calls refresh on demand, together.
    (timers as unknown as { current: number }).current += 3_400_000;
    await Promise.all([h.lc.handlers['webhooks.list']({}), h.lc.handlers['webhooks.licenseState']({}), h.lc.auth.current()]);
    expect(refreshes(fake)).toHaveLength(1);
  });

  it('a refresh that fails for a passing reason is tried again 30 s later, and the session kept', async () => {
    const timers = new ManualTimers();
    let failures = 1;
    const { h, fake } = await signedIn(
      timers,
      liveChatLike({
        'POST /v2/token': (req) =>
          (req.json as Record<string, string>).grant_type === 'refresh_token' && failures-- > 0 ? { status: 503, raw: '<html>upstream down</html>' } : undefined,
      }),
    );
    await timers.advance(3_300_000);
    await vi.waitFor(() => expect(refreshes(fake)).toHaveLength(1));
    await vi.waitFor(() => expect(h.logLines.some((l) => l.includes('trying again in 30 s'))).toBe(true));
    expect(h.lc.auth.status().state).toBe('signedIn');
    await timers.advance(30_000);
    await vi.waitFor(() => expect(refreshes(fake)).toHaveLength(2));
    await vi.waitFor(async () => expect(JSON.parse((await h.secrets.get(SESSION_KEY))!)).toMatchObject({ refreshToken: 'RT2' }));
  });

  it('a refused refresh ends the session with a clear unauthorized error', async () => {
    const timers = new ManualTimers();
    const { h } = await signedIn(
      timers,
      liveChatLike({
        'POST /v2/token': (req) =>
          (req.json as Record<string, string>).grant_type === 'refresh_token' ? { status: 401, body: { error: 'invalid_grant', error_description: 'refresh token expired' } } : undefined,
      }),
    );
    (timers as unknown as { current: number }).current += 3_590_000;
    const err = await caught(h.lc.handlers['webhooks.list']({}));
    expect(err).toMatchObject({ code: 'unauthorized' });
    expect((err as AppError).message).toMatch(/Sign in again/);
    expect(h.lc.auth.status()).toMatchObject({ state: 'signedOut', lastError: { code: 'unauthorized' } });
    expect(await h.secrets.get(SESSION_KEY)).toBeUndefined();
  });

  it('sign out revokes the tokens and forgets them', async () => {
    const { h, fake } = await signedIn();
    const result = await h.lc.handlers['livechat.signOut']({});
    expect(result).toMatchObject({ state: 'signedOut', revoked: true, account: null });
    const revokes = fake.requests.filter((r) => r.method === 'DELETE' && r.path === '/v2/token');
    expect(revokes.map((r) => r.headers.authorization)).toEqual(['Bearer dal:AT1-secret-value', 'Bearer RT1']);
    expect(await h.secrets.get(SESSION_KEY)).toBeUndefined();
    const err = await caught(h.lc.handlers['webhooks.list']({}));
    expect(err).toMatchObject({ code: 'unauthorized' });
  });

  it('a saved sign-in is restored on the next start', async () => {
    const first = await signedIn();
    const secrets = first.h.secrets;
    const settings = first.h.settings;
    await first.h.lc.stop();
    h = makeLiveChat({ baseUrls: { accountsUrl: fake!.url, apiUrl: fake!.url } }, { secrets, settings });
    await h.lc.start();
    expect(h.lc.auth.status()).toMatchObject({ state: 'signedIn', account: { accountId: ACCOUNT } });
  });
});

describe('Personal Access Token sign-in', () => {
  it('checks the PAT with list_webhooks (Basic auth) and the state scope, then keeps it', async () => {
    const { h, fake } = await setup();
    const status = await h.lc.handlers['livechat.signIn']({ mode: 'pat', accountId: ACCOUNT, pat: 'dal:pat-secret-123', clientId: 'client-1' });
    expect(status).toMatchObject({ state: 'signedIn', account: { method: 'pat', accountId: ACCOUNT, clientId: 'client-1', scopes: null, missingScopes: [], expiresAt: null } });
    const list = fake.requests.find((r) => r.path.endsWith('/list_webhooks'))!;
    expect(list.headers.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT}:dal:pat-secret-123`).toString('base64')}`);
    expect(list.json).toEqual({ owner_client_id: 'client-1' });
    expect(leaks(h.secretValues, [JSON.stringify(status), ...h.pushes.map((p) => JSON.stringify(p)), ...h.logLines])).toEqual([]);
  });

  it('refuses a PAT LiveChat does not accept, saying what to copy', async () => {
    const { h } = await setup(liveChatLike({ 'POST /v3.6/configuration/action/list_webhooks': () => ({ status: 401, body: { error: { type: 'authentication', message: 'Invalid account ID or personal access token' } } }) }));
    const err = await caught(h.lc.handlers['livechat.signIn']({ mode: 'pat', accountId: ACCOUNT, pat: 'wrong', clientId: 'client-1' }));
    expect(err).toMatchObject({ code: 'unauthorized' });
    expect((err as AppError).message).toMatch(/Personal Access Token/);
    expect(h.lc.auth.status()).toMatchObject({ state: 'signedOut', lastError: { code: 'unauthorized' } });
  });

  it('notes a PAT without the webhooks.state scope instead of refusing it', async () => {
    const { h } = await setup(liveChatLike({ 'POST /v3.6/configuration/action/get_license_webhooks_state': () => ({ status: 403, body: { error: { type: 'authorization', message: 'Missing scope: webhooks.state:ro' } } }) }));
    const status = await h.lc.handlers['livechat.signIn']({ mode: 'pat', accountId: ACCOUNT, pat: 'p', clientId: 'client-1' });
    expect(status.account?.missingScopes).toEqual(['webhooks.state:rw']);
  });
});
