import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/api/errors';
import type { Credential } from '../../../electron/engine/livechat/credentials';
import { LiveChatApi, type ApiAuth } from '../../../electron/engine/livechat/livechat-api';
import { createRecordingLogger } from '../electron/fake-logger';
import { CompressedTimers, startFake, type Answer, type FakeServer, type SeenRequest } from './fake-server';

let fake: FakeServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const TOKEN: Credential = { kind: 'bearer', accessToken: 'fra:access-1' };

function fixedAuth(credential: Credential = TOKEN, next?: Credential): ApiAuth & { rejectedCalls: number } {
  const auth = {
    rejectedCalls: 0,
    current: async () => credential,
    rejected: async () => {
      auth.rejectedCalls++;
      return next;
    },
  };
  return auth;
}

async function client(answer: (req: SeenRequest, n: number) => Answer, opts: { auth?: ApiAuth; timeoutMs?: number; timers?: CompressedTimers } = {}) {
  fake = await startFake(answer);
  const logger = createRecordingLogger();
  const timers = opts.timers ?? new CompressedTimers();
  const notices: unknown[] = [];
  const api = new LiveChatApi({
    endpoints: () => ({ accountsUrl: 'http://unused.invalid', apiUrl: fake!.url }),
    auth: opts.auth ?? fixedAuth(),
    logger,
    timers,
    random: () => 0.5,
    timeoutMs: opts.timeoutMs ?? 15_000,
    rateLimit: { retries: 3, baseMs: 1_000, capMs: 8_000 },
    onNotice: (n) => notices.push(n),
  });
  return { api, logger, timers, notices, fake: fake };
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('LiveChatApi: requests', () => {
  it('POSTs JSON to /v3.6/configuration/action/<method> with the Bearer token and X-Region from its prefix', async () => {
    const { api, fake: f } = await client(() => ({ body: { id: 'wh-1', extra: 'ignored' } }));
    const reply = await api.registerWebhook({ action: 'incoming_chat', secret_key: 's3cr3t', url: 'https://x.test/livechat/incoming_chat', owner_client_id: 'c1', type: 'license' });
    expect(reply).toEqual({ id: 'wh-1' });
    const req = f.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/v3.6/configuration/action/register_webhook');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers.authorization).toBe('Bearer fra:access-1');
    expect(req.headers['x-region']).toBe('fra');
    expect(req.json).toMatchObject({ action: 'incoming_chat', owner_client_id: 'c1', type: 'license' });
  });

  it('sends a PAT as Basic base64(account_id:PAT), never Bearer', async () => {
    const { api, fake: f } = await client(() => ({ body: [] }), { auth: fixedAuth({ kind: 'basic', accountId: 'acc-1', pat: 'dal:pat-xyz' }) });
    await api.listWebhooks('c1');
    const header = f.requests[0]!.headers.authorization!;
    expect(header).toBe(`Basic ${Buffer.from('acc-1:dal:pat-xyz').toString('base64')}`);
    expect(f.requests[0]!.headers['x-region']).toBe('dal');
    expect(f.requests[0]!.json).toEqual({ owner_client_id: 'c1' });
  });

  it('reads list_webhooks leniently: extra fields fine, secret_key dropped, an odd item skipped', async () => {
    const { api } = await client(() => ({
      body: [
        { id: 'a', url: 'https://x/1', action: 'incoming_chat', type: 'license', description: 'LiveHook abc', secret_key: 'leak', owner_client_id: 'c1', api_version: '3.6', filters: { only_my_chats: true } },
        { url: 'https://x/2', action: 'no id' },
        { id: 'b', url: 'https://x/3', action: 'chat_deactivated' },
      ],
    }));
    const listed = await api.listWebhooks('c1');
    expect(listed.map((w) => w.id)).toEqual(['a', 'b']);
    expect(listed[0]).toEqual({
      id: 'a',
      url: 'https://x/1',
      action: 'incoming_chat',
      type: 'license',
      description: 'LiveHook abc',
      filters: { only_my_chats: true },
      additionalData: null,
      ownerClientId: 'c1',
    });
    expect(JSON.stringify(listed)).not.toContain('leak');
    expect(listed[1]).toMatchObject({ type: 'license', description: null });
  });

  it('list_webhook_names needs no auth and sends the version when asked', async () => {
    const { api, fake: f } = await client(() => ({ body: [{ action: 'incoming_chat', filters: ['chat_presence'], additional_data: ['chat_properties'] }, { action: 'agent_deleted' }] }));
    expect(await api.listWebhookNames('3.5')).toEqual([
      { action: 'incoming_chat', filters: ['chat_presence'], additionalData: ['chat_properties'] },
      { action: 'agent_deleted', filters: [], additionalData: [] },
    ]);
    expect(f.requests[0]!.headers.authorization).toBeUndefined();
    expect(f.requests[0]!.json).toEqual({ version: '3.5' });
  });

  it('reads the license webhook state and sends owner_client_id with each state method', async () => {
    const { api, fake: f } = await client((req) => (req.path.endsWith('get_license_webhooks_state') ? { body: { license_webhooks_enabled: false } } : { body: {} }));
    await api.enableLicenseWebhooks('c1');
    await api.disableLicenseWebhooks('c1');
    expect(await api.getLicenseWebhooksState('c1')).toBe(false);
    expect(f.requests.map((r) => [r.path.split('/').pop(), r.json])).toEqual([
      ['enable_license_webhooks', { owner_client_id: 'c1' }],
      ['disable_license_webhooks', { owner_client_id: 'c1' }],
      ['get_license_webhooks_state', { owner_client_id: 'c1' }],
    ]);
  });
});

describe('LiveChatApi: errors', () => {
  it("turns a LiveChat error into livechat_error with LiveChat's own words, type and data", async () => {
    const { api } = await client(() => ({ status: 400, body: { error: { type: 'limit_reached', message: 'Webhooks limit reached', data: { max: 3 } } } }));
    const err = await rejection(api.registerWebhook({ action: 'incoming_chat', secret_key: 's', url: 'u', owner_client_id: 'c', type: 'license' }));
    expect(err.code).toBe('livechat_error');
    expect(err.message).toBe('Webhooks limit reached');
    expect(err.detail).toEqual({ type: 'limit_reached', message: 'Webhooks limit reached', data: { max: 3 } });
  });

  it('retries a misdirected_request once, in the region the error names', async () => {
    const { api, fake: f } = await client((_req, n) =>
      n === 1 ? { status: 400, body: { error: { type: 'misdirected_request', message: 'Wrong region', data: { region: 'dal' } } } } : { body: [] },
    );
    expect(await api.listWebhooks('c1')).toEqual([]);
    expect(f.requests.map((r) => r.headers['x-region'])).toEqual(['fra', 'dal']);
  });

  it('does not retry a misdirected_request twice', async () => {
    const { api, fake: f } = await client(() => ({ status: 400, body: { error: { type: 'misdirected_request', message: 'Wrong region', data: { region: 'dal' } } } }));
    const err = await rejection(api.listWebhooks('c1'));
    expect(err.detail).toMatchObject({ type: 'misdirected_request' });
    expect(f.requests).toHaveLength(2);
  });

  it('backs off on too_many_requests (exponential, jittered, never zero) and retries', async () => {
    const { api, fake: f, timers, logger } = await client((_req, n) =>
      n <= 3 ? { status: 429, body: { error: { type: 'too_many_requests', message: 'Too many requests' } } } : { body: [] },
    );
    expect(await api.listWebhooks('c1')).toEqual([]);
    expect(f.requests).toHaveLength(4);
    // random() = 0.5 → ceiling·3/4 for 1 s, 2 s, 4 s ceilings; the 15 s request deadlines are the other delays.
    expect(timers.delays.filter((d) => d < 15_000)).toEqual([750, 1_500, 3_000]);
    expect(logger.records.filter((r) => r.msg?.includes('too many requests'))).toHaveLength(3);
  });

  it('gives up after the last retry with LiveChat’s error', async () => {
    const { api, fake: f } = await client(() => ({ status: 429, body: { error: { type: 'too_many_requests', message: 'Too many requests' } } }));
    const err = await rejection(api.listWebhooks('c1'));
    expect(err).toMatchObject({ code: 'livechat_error', message: 'Too many requests' });
    expect(f.requests).toHaveLength(4);
  });

  it('honours Retry-After up to the cap', async () => {
    const { api, timers } = await client((_req, n) =>
      n === 1 ? { status: 429, headers: { 'retry-after': '5' }, body: { error: { type: 'too_many_requests', message: 'slow down' } } } : { body: [] },
    );
    await api.listWebhooks('c1');
    expect(timers.delays.filter((d) => d < 15_000)).toEqual([5_000]);
  });

  it('on an authentication error asks for a fresh credential once and retries with it', async () => {
    const auth = fixedAuth(TOKEN, { kind: 'bearer', accessToken: 'dal:access-2' });
    const { api, fake: f } = await client((req) =>
      req.headers.authorization === 'Bearer fra:access-1' ? { status: 401, body: { error: { type: 'authentication', message: 'Invalid or expired access token' } } } : { body: [] },
      { auth },
    );
    expect(await api.listWebhooks('c1')).toEqual([]);
    expect(auth.rejectedCalls).toBe(1);
    expect(f.requests.map((r) => r.headers['x-region'])).toEqual(['fra', 'dal']);
  });

  it('reports unauthorized when no fresh credential exists', async () => {
    const auth = fixedAuth(TOKEN, undefined);
    const { api } = await client(() => ({ status: 401, body: { error: { type: 'authentication', message: 'Invalid or expired access token' } } }), { auth });
    const err = await rejection(api.listWebhooks('c1'));
    expect(err.code).toBe('unauthorized');
    expect(err.message).toMatch(/Sign in again/);
  });

  it('a proxy error page is unavailable, not a crash', async () => {
    const { api } = await client(() => ({ status: 502, raw: '<html><body>Bad gateway</body></html>' }));
    const err = await rejection(api.listWebhooks('c1'));
    expect(err.code).toBe('unavailable');
    expect(err.message).toContain('502');
  });

  it('an answer of the wrong shape is reported as unexpected', async () => {
    const { api } = await client(() => ({ body: { nope: true } }));
    const err = await rejection(api.getLicenseWebhooksState('c1'));
    expect(err.code).toBe('livechat_error');
    expect(err.detail).toMatchObject({ type: 'unexpected_response' });
  });

  it('every request has a deadline', async () => {
    const { api } = await client(() => ({ hang: true }), { timeoutMs: 200, timers: new CompressedTimers(100) });
    const err = await rejection(api.listWebhooks('c1'));
    expect(err.code).toBe('timeout');
  });

  it('a host that is not there is unavailable', async () => {
    const logger = createRecordingLogger();
    const api = new LiveChatApi({ endpoints: () => ({ accountsUrl: '', apiUrl: 'http://127.0.0.1:1' }), auth: fixedAuth(), logger, timeoutMs: 2_000 });
    const err = await rejection(api.listWebhooks('c1'));
    expect(err.code).toBe('unavailable');
    expect(err.message).toContain('127.0.0.1:1');
  });
});

describe('LiveChatApi: Legacy and Deprecation headers', () => {
  it('surfaces the last one seen and logs each distinct one once', async () => {
    const { api, notices, logger } = await client((_req, n) => ({ body: [], headers: n < 3 ? { legacy: '2026-12-31' } : { deprecation: '2027-03-01' } }) as Answer);
    await api.listWebhooks('c1');
    await api.listWebhooks('c1');
    expect(api.lastNotice).toMatchObject({ legacy: '2026-12-31', deprecation: null, method: 'list_webhooks' });
    await api.listWebhooks('c1');
    expect(api.lastNotice).toMatchObject({ legacy: null, deprecation: '2027-03-01' });
    // Only changes are announced.
    expect(notices).toHaveLength(2);
    const warned = logger.records.filter((r) => r.level === 'warn' && /legacy|deprecated/.test(r.msg ?? ''));
    expect(warned).toHaveLength(2);
  });
});
