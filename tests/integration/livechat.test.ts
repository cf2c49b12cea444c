import { startTarget } from '../support/local-target';
import http from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LiveChatStatus, WebhooksView } from '../../shared/api/domains/livechat';
import { AppError } from '../../shared/api/errors';
import type { CapturedWebhook } from '../../shared/model/webhook';
import { createEngine } from '../../electron/engine/engine';
import type { LiveChatDeps, LiveChatOptions } from '../../electron/engine/livechat/create-livechat';
import { LiveChatApi } from '../../electron/engine/livechat/livechat-api';
import type { SecretChecker } from '../../electron/engine/livechat/secret-checker';
import { SESSION_KEY } from '../../electron/engine/livechat/session-store';
import { startLiveChatSandbox, type LiveChatSandbox, type SandboxOptions } from '../../electron/engine/livechat-sandbox/sandbox';
import { createLogger } from '../../electron/engine/logger';
import { createMemorySecretStore, createMemorySettingsStore } from '../../electron/engine/ports';
import { ManualTimers } from '../fakes/manual-timers';
import { tempDir } from '../support/engine';
import { freePort } from '../unit/livechat/fake-server';
import { leaks, makeLiveChat, type Harness } from '../unit/livechat/harness';

// ── the world: a sandbox LiveChat, local "public URLs" that receive deliveries, LiveHook's LiveChat part ──────────

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const quiet = createLogger({ sink: { write() {} } });

async function sandbox(opts: Partial<SandboxOptions> = {}): Promise<LiveChatSandbox> {
  const sb = await startLiveChatSandbox({ logger: quiet, delivery: { timeoutMs: 2_000, retryDelaysMs: [50, 100, 200] }, ...opts });
  cleanups.push(() => sb.stop());
  return sb;
}

interface Delivery {
  path: string;
  body: Record<string, unknown>;
  /** The secret check, made when the delivery arrived (as the receiver's hot path would). */
  secret: string;
}

/** A public URL stand-in: records each delivery with its secret check and answers 200. */
async function receiver(checker: () => SecretChecker): Promise<{ url: string; received: Delivery[] }> {
  const received: Delivery[] = [];
  const t = await startTarget((_n, req) => {
    const body = JSON.parse(req.body.toString('utf8')) as Record<string, unknown>;
    received.push({ path: req.path, body, secret: checker().check(body.webhook_id as string | undefined, body.secret_key) });
    return 200;
  });
  cleanups.push(() => t.close());
  return { url: t.url, received };
}

interface World {
  sb: LiveChatSandbox;
  h: Harness;
  a: Awaited<ReturnType<typeof receiver>>;
  b: Awaited<ReturnType<typeof receiver>>;
}

async function world(opts: { sandbox?: Partial<SandboxOptions>; livechat?: Partial<LiveChatOptions>; timers?: ManualTimers; deps?: Partial<LiveChatDeps> } = {}): Promise<World> {
  const sb = await sandbox({ ...(opts.timers ? { clock: opts.timers.clock } : {}), ...opts.sandbox });
  // The receivers check with the checker of the LiveChat part built just below.
  const ref: { h?: Harness } = {};
  const a = await receiver(() => ref.h!.lc.secretChecker);
  const b = await receiver(() => ref.h!.lc.secretChecker);
  const h = makeLiveChat({
    baseUrls: { accountsUrl: sb.accountsUrl, apiUrl: sb.apiUrl },
    // The lead passes the sandbox itself; stopping it is this test's job, so no `stop` here.
    startSandbox: async () => ({ accountsUrl: sb.accountsUrl, apiUrl: sb.apiUrl, account: sb.account, addRedirectUri: (uri) => sb.addRedirectUri(uri) }),
    ...(opts.timers ? { timers: opts.timers, clock: opts.timers.clock } : {}),
    options: { relistIntervalMs: 3_600_000, propagationMs: 0, rateLimit: { baseMs: 5, capMs: 20 }, ...opts.livechat },
    ...opts.deps,
  });
  ref.h = h;
  cleanups.push(() => h.lc.stop());
  h.setPublicUrl(a.url);
  await h.lc.start();
  return { sb, h, a, b };
}

/** Handlers may answer synchronously; this always gives a promise. */
const call = <T>(value: T | Promise<T>): Promise<T> => Promise.resolve(value);
const caught = (value: unknown): Promise<unknown> => Promise.resolve(value).then(() => undefined, (e: unknown) => e);

/** The browser's part of the redirect: GET the loopback URL (at 127.0.0.1, with the Host the browser would send). */
function browserGet(url: string): Promise<{ status: number; text: string }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: Number(target.port), path: `${target.pathname}${target.search}`, headers: { host: target.host } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Starts an OAuth sign-in and plays the browser up to LiveChat's 302; answers where LiveChat sends it back. */
async function oauthUntilRedirect(w: World): Promise<{ location: URL; redirectUri: string }> {
  const redirectUri = `http://localhost:${await freePort()}/callback`;
  // What the developer does in Developer Console: whitelist LiveHook's redirect URI.
  w.sb.addRedirectUri(redirectUri);
  const status = await call(w.h.lc.handlers['livechat.signIn']({ mode: 'oauth', clientId: w.sb.account.clientId, redirectUri }));
  expect(status.state).toBe('signingIn');
  expect(w.h.opened).toHaveLength(1);
  const res = await fetch(w.h.opened[0]!, { redirect: 'manual' });
  expect(res.status).toBe(302);
  return { location: new URL(res.headers.get('location')!), redirectUri };
}

async function signInSandbox(w: World): Promise<LiveChatStatus> {
  const status = await call(w.h.lc.handlers['livechat.signIn']({ mode: 'sandbox' }));
  expect(status.state).toBe('signedIn');
  return status;
}

async function register(w: World, actions: string[]): Promise<Awaited<ReturnType<World['h']['lc']['handlers']['webhooks.register']>>> {
  return call(w.h.lc.handlers['webhooks.register']({ actions, type: 'license' }));
}

async function session(w: World): Promise<Record<string, unknown>> {
  return JSON.parse((await w.h.secrets.get(SESSION_KEY))!) as Record<string, unknown>;
}

// ── sign-in ───────────────────────────────────────────────────────────────────────────────────────────────────────

describe('signing in to the sandbox', () => {
  it('OAuth + PKCE end to end: browser to LiveChat, 302 to the loopback, code exchanged, /v2/info shown', async () => {
    const w = await world();
    const { location, redirectUri } = await oauthUntilRedirect(w);
    expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
    // LiveChat writes the region colon of the code as %3A.
    expect(location.search).toMatch(/code=dal%3A/);
    const page = await browserGet(location.href);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Signed in — you can close this tab');
    const status = await call(w.h.lc.handlers['livechat.status']({}));
    expect(status).toMatchObject({
      state: 'signedIn',
      mode: 'livechat',
      account: { method: 'oauth', accountId: w.sb.account.accountId, organizationId: w.sb.account.organizationId, clientId: w.sb.account.clientId, region: 'dal', missingScopes: [] },
    });
    expect(status.account?.scopes).toEqual(expect.arrayContaining(['webhooks.configuration:rw', 'webhooks.state:rw']));
    expect(Date.parse(status.account!.expiresAt!)).toBeGreaterThan(Date.now() + 7 * 3_600_000);
    // The session works against the API.
    expect(await call(w.h.lc.handlers['webhooks.list']({}))).toMatchObject({ signedIn: true, ownerClientId: w.sb.account.clientId, webhooks: [] });
  });

  it('refuses a redirect whose state does not match', async () => {
    const w = await world();
    const { location } = await oauthUntilRedirect(w);
    location.searchParams.set('state', 'not-the-state-livehook-sent');
    const page = await browserGet(location.href);
    expect(page.status).toBe(400);
    expect(page.text).toMatch(/did not match/);
    const status = w.h.lc.auth.status();
    expect(status.state).toBe('signedOut');
    expect(status.lastError).toMatchObject({ code: 'forbidden' });
    expect(await w.h.secrets.get(SESSION_KEY)).toBeUndefined();
  });

  it('"Sandbox account": the same PKCE flow with no browser, against the sandbox', async () => {
    const w = await world();
    const status = await signInSandbox(w);
    expect(status).toMatchObject({ mode: 'sandbox', endpoints: { accountsUrl: w.sb.accountsUrl, apiUrl: w.sb.apiUrl }, account: { clientId: w.sb.account.clientId } });
    expect(w.h.opened).toEqual([]);
  });

  it('refresh keeps the new refresh token each time (the old one is single-use)', async () => {
    const w = await world();
    await signInSandbox(w);
    const first = await session(w);
    w.sb.expireAccessTokens();
    await call(w.h.lc.handlers['webhooks.list']({}));
    const second = await session(w);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    // Refreshing again works only with the rotated token.
    w.sb.expireAccessTokens();
    await call(w.h.lc.handlers['webhooks.list']({}));
    expect((await session(w)).refreshToken).not.toBe(second.refreshToken);
    expect(w.h.lc.auth.status().state).toBe('signedIn');
  });

  it('a revoked sign-in gives a clear unauthorized error and signs out', async () => {
    const w = await world();
    await signInSandbox(w);
    w.sb.revokeAllTokens();
    const err = await caught(w.h.lc.handlers['webhooks.list']({}));
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'unauthorized' });
    expect((err as AppError).message).toMatch(/Sign in again/);
    expect(w.h.lc.auth.status()).toMatchObject({ state: 'signedOut', lastError: { code: 'unauthorized' } });
    expect(w.h.pushes.filter((p) => p.event === 'livechat.status').at(-1)?.payload).toMatchObject({ state: 'signedOut' });
  });

  it('Personal Access Token sign-in, and a wrong PAT refused', async () => {
    const w = await world();
    const bad = await caught(w.h.lc.handlers['livechat.signIn']({ mode: 'pat', accountId: w.sb.account.accountId, pat: 'dal:not-it', clientId: w.sb.account.clientId }));
    expect(bad).toMatchObject({ code: 'unauthorized' });
    const status = await call(w.h.lc.handlers['livechat.signIn']({ mode: 'pat', accountId: w.sb.account.accountId, pat: w.sb.account.pat, clientId: w.sb.account.clientId }));
    expect(status).toMatchObject({ state: 'signedIn', account: { method: 'pat', accountId: w.sb.account.accountId, missingScopes: [], region: 'dal' } });
    const result = await register(w, ['incoming_chat']);
    expect(result.registered).toHaveLength(1);
  });
});

// ── registrations and deliveries ──────────────────────────────────────────────────────────────────────────────────

describe('webhooks registered to the public URL', () => {
  it('two actions → events arrive at their paths and the secret check says ok; a wrong secret says mismatch', async () => {
    const w = await world();
    await signInSandbox(w);
    const result = await register(w, ['incoming_chat', 'chat_deactivated']);
    expect(result.failed).toEqual([]);
    expect(result.registered.map((r) => r.url)).toEqual([`${w.a.url}/livechat/incoming_chat`, `${w.a.url}/livechat/chat_deactivated`]);
    expect(result.licenseWebhooksEnabled).toBe(true);
    expect(result.view.webhooks.map((x) => ({ action: x.action, owner: x.owner, tracked: x.tracked, pointsAtPublicUrl: x.pointsAtPublicUrl }))).toEqual([
      { action: 'incoming_chat', owner: 'this-install', tracked: true, pointsAtPublicUrl: true },
      { action: 'chat_deactivated', owner: 'this-install', tracked: true, pointsAtPublicUrl: true },
    ]);
    expect(result.view.webhooks[0]!.description).toMatch(/^LiveHook [a-z0-9]+$/);

    await w.sb.trigger({ action: 'incoming_chat' });
    await w.sb.trigger({ action: 'chat_deactivated' });
    expect(w.a.received.map((d) => [d.path, d.body.action, d.secret])).toEqual([
      ['/livechat/incoming_chat', 'incoming_chat', 'ok'],
      ['/livechat/chat_deactivated', 'chat_deactivated', 'ok'],
    ]);
    const delivered = w.a.received[0]!.body;
    expect(w.h.lc.secretChecker.check(delivered.webhook_id as string, 'a-wrong-secret')).toBe('mismatch');
    expect(w.h.lc.secretChecker.check('not-one-of-ours', delivered.secret_key)).toBe('unknown');
    // Each registration has its own secret.
    expect(w.h.lc.secretChecker.check(w.a.received[1]!.body.webhook_id as string, delivered.secret_key)).toBe('mismatch');
  });

  it('offline: a sandbox sign-in registers at the engine’s local receiver, which captures the deliveries, and they check ok', async () => {
    const dir = await tempDir();
    cleanups.push(() => dir.remove());
    const engine = createEngine({ dataDir: dir.path, logger: quiet, secrets: createMemorySecretStore(), settings: createMemorySettingsStore() });
    await engine.start();
    cleanups.push(() => engine.stop());
    const w = await world({ deps: { localUrl: () => engine.receiverUrl } });
    // No tunnel at all.
    w.h.setPublicUrl(undefined);
    await signInSandbox(w);
    const { registered } = await register(w, ['incoming_chat']);
    expect(registered[0]!.url).toBe(`${engine.receiverUrl}/livechat/incoming_chat`);
    const [report] = await w.sb.trigger({ action: 'incoming_chat' });
    expect(report).toMatchObject({ ok: true, status: 200 });
    const page = await engine.dispatch('events.list', {});
    const items = (page as { ok: true; value: { items: Array<{ id: string; path: string; action?: string }> } }).value.items;
    expect(items[0]).toMatchObject({ path: '/livechat/incoming_chat', action: 'incoming_chat' });
    const full = ((await engine.dispatch('events.get', { id: items[0]!.id })) as { ok: true; value: CapturedWebhook }).value;
    const body = full.json as Record<string, unknown>;
    expect(w.h.lc.secretChecker.check(full.webhookId, body.secret_key)).toBe('ok');
    // The tunnel is not on the way, so diagnostics do not blame it.
    const diag = await call(w.h.lc.handlers['livechat.diagnostics']({}));
    expect(diag.checks.find((c) => c.id === 'tunnel')).toMatchObject({ status: 'skip' });
    expect(diag.checks.find((c) => c.id === 'pointing')).toMatchObject({ status: 'ok' });
  });

  it('on a URL change: registers the new URL first, unregisters the old, and loses no delivery during propagation', async () => {
    const timers = new ManualTimers(Date.now());
    const propagationMs = 120_000;
    const w = await world({ timers, sandbox: { propagationMs }, livechat: { propagationMs } });
    await signInSandbox(w);
    const { registered } = await register(w, ['incoming_chat']);
    const oldId = registered[0]!.id;
    await timers.advance(propagationMs + 1);
    await w.sb.trigger({ action: 'incoming_chat' });
    expect(w.a.received.map((d) => d.secret)).toEqual(['ok']);
    const oldSecret = w.a.received[0]!.body.secret_key;

    const logFrom = w.h.logLines.length;
    w.h.changeUrl({ previousUrl: w.a.url, url: w.b.url });
    const repointed = await vi.waitFor(() => {
      const view = w.h.pushes.filter((p) => p.event === 'webhooks.changed').map((p) => p.payload as WebhooksView).find((v) => v.repointing !== null);
      expect(view).toBeDefined();
      return view!;
    });
    expect(repointed.repointing).toMatchObject({ from: w.a.url, to: w.b.url });
    expect(repointed.repointing!.message).toMatch(/up to 2 minutes/);
    expect(repointed.webhooks.map((x) => x.url)).toEqual([`${w.b.url}/livechat/incoming_chat`]);
    const newId = repointed.webhooks[0]!.id;
    // New first, old after.
    const steps = w.h.logLines.slice(logFrom).map((l) => JSON.parse(l) as { msg: string; id?: string; url?: string });
    const registeredAt = steps.findIndex((s) => s.msg === 'webhook registered' && s.url === `${w.b.url}/livechat/incoming_chat`);
    const unregisteredAt = steps.findIndex((s) => s.msg === 'webhook unregistered' && s.id === oldId);
    expect(registeredAt).toBeGreaterThanOrEqual(0);
    expect(unregisteredAt).toBeGreaterThan(registeredAt);

    // Inside the window LiveChat still uses the old registration: it arrives at the old URL and still checks ok.
    await timers.advance(60_000);
    await w.sb.trigger({ action: 'incoming_chat' });
    expect(w.a.received.map((d) => [d.body.webhook_id, d.secret])).toEqual([
      [oldId, 'ok'],
      [oldId, 'ok'],
    ]);
    expect(w.b.received).toEqual([]);

    // After it, the new one delivers; the old secret is forgotten.
    await timers.advance(60_001);
    await w.sb.trigger({ action: 'incoming_chat' });
    expect(w.b.received.map((d) => [d.body.webhook_id, d.secret])).toEqual([[newId, 'ok']]);
    expect(w.a.received).toHaveLength(2);
    expect(w.h.lc.secretChecker.check(oldId, oldSecret)).toBe('unknown');
    expect(w.h.lc.registrations.view().repointing).toBeNull();
  });

  it('unregisters first only when the 3-per-action limit forces it', async () => {
    const w = await world();
    await signInSandbox(w);
    for (let i = 0; i < 3; i++) await register(w, ['incoming_chat']);
    expect(await caught(register(w, ['incoming_chat']))).toMatchObject({ code: 'livechat_error', detail: { type: 'limit_reached' } });
    const logFrom = w.h.logLines.length;
    w.h.changeUrl({ previousUrl: w.a.url, url: w.b.url });
    await vi.waitFor(() => expect(w.h.lc.registrations.view().webhooks.filter((x) => x.url.startsWith(w.b.url))).toHaveLength(3));
    expect(w.h.lc.registrations.view().webhooks).toHaveLength(3);
    expect(w.h.logLines.slice(logFrom).filter((l) => l.includes('unregistering the old one first'))).toHaveLength(3);
    await w.sb.trigger({ action: 'incoming_chat' });
    expect(w.b.received.map((d) => d.secret)).toEqual(['ok', 'ok', 'ok']);
  });

  it('notices webhooks wiped by the Console block and restores them in one call', async () => {
    const w = await world();
    await signInSandbox(w);
    await register(w, ['incoming_chat', 'chat_deactivated']);
    w.sb.wipeApiRegistrations();
    const view = await call(w.h.lc.handlers['webhooks.list']({}));
    expect(view.webhooks).toEqual([]);
    expect(view.vanished.map((v) => v.action)).toEqual(['incoming_chat', 'chat_deactivated']);
    const diag = await call(w.h.lc.handlers['livechat.diagnostics']({}));
    expect(diag.checks.find((c) => c.id === 'registrations')).toMatchObject({ status: 'fail' });

    const restored = await call(w.h.lc.handlers['webhooks.restore']({}));
    expect(restored.failed).toEqual([]);
    expect(restored.restored.map((r) => r.action)).toEqual(['incoming_chat', 'chat_deactivated']);
    expect(restored.view.vanished).toEqual([]);
    expect(restored.view.webhooks.every((x) => x.pointsAtPublicUrl && x.tracked)).toBe(true);
    await w.sb.trigger({ action: 'incoming_chat' });
    expect(w.a.received.map((d) => d.secret)).toEqual(['ok']);
  });

  it('the periodic re-list reports vanished webhooks by itself', async () => {
    const timers = new ManualTimers(Date.now());
    const w = await world({ timers, livechat: { relistIntervalMs: 180_000 } });
    await signInSandbox(w);
    await register(w, ['incoming_chat']);
    w.sb.wipeApiRegistrations();
    await timers.advance(180_000);
    await vi.waitFor(() => {
      const last = w.h.pushes.filter((p) => p.event === 'webhooks.changed').at(-1)!.payload as WebhooksView;
      expect(last.vanished.map((v) => v.action)).toEqual(['incoming_chat']);
    });
  });

  it("lists this install's stale registrations at dead URLs and cleans them up in one call", async () => {
    const w = await world();
    await signInSandbox(w);
    await register(w, ['incoming_chat']);
    const installId = (w.h.settings.get<{ installId: string }>('livechat'))!.installId;
    // A leftover from an earlier run: LiveHook's description, a URL that is no longer the public one.
    await w.h.lc.auth.api.registerWebhook({ action: 'chat_deactivated', secret_key: 'old-secret-000000', url: 'http://127.0.0.1:9/livechat/chat_deactivated', owner_client_id: w.sb.account.clientId, type: 'license', description: `LiveHook ${installId}` });
    // And someone else's, which is never LiveHook's to clean.
    await w.h.lc.auth.api.registerWebhook({ action: 'chat_deactivated', secret_key: 'theirs-0000000', url: 'https://their.example/hook', owner_client_id: w.sb.account.clientId, type: 'license', description: 'My integration' });
    const view = await call(w.h.lc.handlers['webhooks.list']({}));
    expect(view.stale.map((s) => s.url)).toEqual(['http://127.0.0.1:9/livechat/chat_deactivated']);
    expect(view.webhooks.map((x) => x.owner).sort()).toEqual(['other', 'this-install', 'this-install']);
    const cleaned = await call(w.h.lc.handlers['webhooks.cleanup']({}));
    expect(cleaned.removed).toHaveLength(1);
    expect(cleaned.view.stale).toEqual([]);
    expect(cleaned.view.webhooks.map((x) => x.url).sort()).toEqual([`${w.a.url}/livechat/incoming_chat`, 'https://their.example/hook']);
  });

  it('unregisters by id, and unregisters everything on quit when asked to', async () => {
    const w = await world();
    await signInSandbox(w);
    const { registered } = await register(w, ['incoming_chat', 'chat_deactivated', 'incoming_event']);
    const gone = await call(w.h.lc.handlers['webhooks.unregister']({ ids: [registered[0]!.id] }));
    expect(gone.unregistered).toEqual([registered[0]!.id]);
    expect(gone.view.webhooks.map((x) => x.action)).toEqual(['chat_deactivated', 'incoming_event']);
    await call(w.h.lc.handlers['livechat.configure']({ unregisterOnQuit: true }));
    await w.h.lc.shutdown();
    const check = new LiveChatApi({
      endpoints: () => ({ accountsUrl: w.sb.accountsUrl, apiUrl: w.sb.apiUrl }),
      auth: { current: async () => ({ kind: 'basic', accountId: w.sb.account.accountId, pat: w.sb.account.pat }), rejected: async () => undefined },
      logger: quiet,
    });
    expect(await check.listWebhooks(w.sb.account.clientId)).toEqual([]);
  });

  it('shows and switches the license webhook state', async () => {
    const w = await world();
    await signInSandbox(w);
    expect(await call(w.h.lc.handlers['webhooks.licenseState']({}))).toEqual({ ownerClientId: w.sb.account.clientId, enabled: true });
    expect(await call(w.h.lc.handlers['webhooks.disableLicense']({}))).toMatchObject({ enabled: false });
    const diag = await call(w.h.lc.handlers['livechat.diagnostics']({}));
    expect(diag.checks.find((c) => c.id === 'license-webhooks')).toMatchObject({ status: 'fail' });
    expect(await call(w.h.lc.handlers['webhooks.enableLicense']({}))).toMatchObject({ enabled: true });
  });

  it('lists the action names (no sign-in needed)', async () => {
    const w = await world();
    const names = await call(w.h.lc.handlers['webhooks.names']({}));
    expect(names.find((n) => n.action === 'incoming_event')).toMatchObject({ filters: expect.arrayContaining(['author_type']) });
  });
});

// ── LiveChat's limits, errors and notices ──────────────────────────────────────────────────────────────────────────

describe('limits, regions and notices', () => {
  it('backs off and retries on too_many_requests', async () => {
    const w = await world();
    await signInSandbox(w);
    w.sb.failNext('register_webhook', { status: 429, type: 'too_many_requests', message: 'Too many requests' }, 2);
    const result = await register(w, ['incoming_chat']);
    expect(result.registered).toHaveLength(1);
    expect(w.h.logLines.filter((l) => l.includes('too many requests; backing off'))).toHaveLength(2);
  });

  it('retries a misdirected_request once in the region it names, and only once', async () => {
    const w = await world();
    await signInSandbox(w);
    w.sb.failNext('list_webhooks', { status: 400, type: 'misdirected_request', message: 'Wrong region', data: { region: 'dal' } });
    expect(await call(w.h.lc.handlers['webhooks.list']({}))).toMatchObject({ webhooks: [] });
    expect(w.h.logLines.filter((l) => l.includes('retrying there once'))).toHaveLength(1);
    w.sb.failNext('list_webhooks', { status: 400, type: 'misdirected_request', message: 'Wrong region', data: { region: 'dal' } }, 2);
    expect(await caught(w.h.lc.handlers['webhooks.list']({}))).toMatchObject({ code: 'livechat_error', message: 'Wrong region', detail: { type: 'misdirected_request' } });
  });

  it('surfaces a Legacy header in the status and its push, and logs it once', async () => {
    const w = await world({ livechat: { apiVersion: '3.5' } });
    await signInSandbox(w);
    await call(w.h.lc.handlers['webhooks.list']({}));
    await call(w.h.lc.handlers['webhooks.list']({}));
    const status = w.h.lc.auth.status();
    expect(status.apiNotice).toMatchObject({ legacy: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), deprecation: null });
    expect(w.h.pushes.some((p) => p.event === 'livechat.status' && (p.payload as LiveChatStatus).apiNotice?.legacy)).toBe(true);
    expect(w.h.logLines.filter((l) => l.includes('is legacy'))).toHaveLength(1);
  });

  it('diagnostics: all clear once signed in, registered and online', async () => {
    const w = await world();
    await signInSandbox(w);
    await register(w, ['incoming_chat']);
    const diag = await call(w.h.lc.handlers['livechat.diagnostics']({}));
    const byId = Object.fromEntries(diag.checks.map((c) => [c.id, c.status]));
    expect(byId).toMatchObject({ 'signed-in': 'ok', scopes: 'ok', 'license-webhooks': 'ok', registrations: 'ok', pointing: 'ok', tunnel: 'ok', filters: 'ok', auth: 'ok' });
  });
});

// ── secrets ──────────────────────────────────────────────────────────────────────────────────────────────────────

describe('secrets stay in the SecretStore', () => {
  it('no token, PAT or webhook secret in any handler result, push or log line', async () => {
    const w = await world();
    const results: unknown[] = [];
    const keep = async <T>(v: T | Promise<T>): Promise<T> => {
      const r = await v;
      results.push(r);
      return r;
    };
    // OAuth through the loopback…
    const { location } = await oauthUntilRedirect(w);
    await browserGet(location.href);
    await keep(w.h.lc.handlers['livechat.status']({}));
    const reg = await keep(w.h.lc.handlers['webhooks.register']({ actions: ['incoming_chat', 'chat_deactivated'], type: 'license', additionalData: ['chat_properties'] }));
    w.sb.expireAccessTokens();
    await keep(w.h.lc.handlers['webhooks.list']({}));
    await keep(w.h.lc.handlers['webhooks.licenseState']({}));
    await keep(w.h.lc.handlers['webhooks.names']({}));
    await keep(w.h.lc.handlers['livechat.diagnostics']({}));
    w.h.changeUrl({ previousUrl: w.a.url, url: w.b.url });
    await vi.waitFor(() => expect(w.h.lc.registrations.view().webhooks.every((x) => x.url.startsWith(w.b.url))).toBe(true));
    await keep(w.h.lc.handlers['webhooks.unregister']({ ids: [reg.registered[0]!.id] }));
    await keep(w.h.lc.handlers['livechat.signOut']({}));
    // …then a PAT.
    await keep(w.h.lc.handlers['livechat.signIn']({ mode: 'pat', accountId: w.sb.account.accountId, pat: w.sb.account.pat, clientId: w.sb.account.clientId }));
    await keep(w.h.lc.handlers['webhooks.list']({}));
    await keep(w.h.lc.handlers['livechat.signOut']({}));

    // Plenty was written to the SecretStore: the OAuth session and its refresh, four webhook secrets, the PAT session.
    expect(w.h.secretValues.length).toBeGreaterThanOrEqual(7);
    const texts = [...results.map((r) => JSON.stringify(r)), ...w.h.pushes.map((p) => JSON.stringify(p)), ...w.h.logLines];
    expect(leaks(w.h.secretValues, texts)).toEqual([]);
    expect(texts.some((t) => t.includes(w.sb.account.pat))).toBe(false);
    // Settings hold no secret either.
    expect(leaks(w.h.secretValues, [JSON.stringify(w.h.settings.get('livechat'))])).toEqual([]);
  });
});
