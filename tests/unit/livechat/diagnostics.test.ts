import { describe, expect, it } from 'vitest';
import { DEFAULT_REDIRECT_URI, DEVELOPER_CONSOLE_URL, type LiveChatStatus, type WebhooksView } from '../../../shared/api/domains/livechat';
import { AppError } from '../../../shared/api/errors';
import { DEFAULT_TUNNEL_SETTINGS, type TunnelStatus } from '../../../shared/api/domains/tunnel';
import { diagnose, type DiagnosticsInput } from '../../../electron/engine/livechat/diagnostics';
import type { RegistrationRecord } from '../../../electron/engine/livechat/livechat-settings';

const NOW = Date.UTC(2026, 5, 1, 12);
const BASE = 'https://abc.loca.lt';

const status = (over: Partial<LiveChatStatus> = {}): LiveChatStatus => ({
  state: 'signedIn',
  mode: 'livechat',
  account: { method: 'oauth', accountId: 'acc', organizationId: 'org', clientId: 'client-1', scopes: ['webhooks.configuration:rw', 'webhooks.state:rw'], missingScopes: [], expiresAt: null, region: 'dal' },
  pending: null,
  lastError: null,
  apiNotice: null,
  settings: { clientId: 'client-1', redirectUri: DEFAULT_REDIRECT_URI, unregisterOnQuit: false },
  setup: { redirectUri: DEFAULT_REDIRECT_URI, scopes: [], consoleUrl: DEVELOPER_CONSOLE_URL },
  endpoints: { accountsUrl: '', apiUrl: '' },
  ...over,
});

const online: TunnelStatus = { state: 'online', url: BASE, since: '', reconnects: 0, lastError: null, lastErrorAt: null, onlineSince: 'x', lastUrl: BASE, settings: DEFAULT_TUNNEL_SETTINGS };

const record = (over: Partial<RegistrationRecord> = {}): RegistrationRecord => ({
  id: 'w1',
  action: 'incoming_chat',
  type: 'license',
  url: `${BASE}/livechat/incoming_chat`,
  path: '/livechat/incoming_chat',
  ownerClientId: 'client-1',
  env: 'livechat',
  registeredAt: new Date(NOW - 3_600_000).toISOString(),
  ...over,
});

const view = (over: Partial<WebhooksView> = {}): WebhooksView => ({
  signedIn: true,
  ownerClientId: 'client-1',
  publicUrl: BASE,
  webhooks: [],
  vanished: [],
  stale: [],
  repointing: null,
  problems: [],
  checkedAt: null,
  ...over,
});

function run(over: Partial<DiagnosticsInput> = {}) {
  const report = diagnose({ now: NOW, status: status(), tunnel: online, view: view(), records: [record()], licenseState: true, lastChangeAt: undefined, propagationMs: 120_000, ...over });
  return Object.fromEntries(report.checks.map((c) => [c.id, c]));
}

describe('Why no webhooks? (diagnostics)', () => {
  it('all green when everything is in place', () => {
    const c = run();
    for (const id of ['signed-in', 'scopes', 'license-webhooks', 'registrations', 'pointing', 'tunnel', 'propagation', 'filters', 'auth']) expect(c[id]!.status, id).toBe('ok');
    expect(c['bot-status']!.status).toBe('skip');
  });

  it('signed out: fails the sign-in and skips what needs it', () => {
    const c = run({ status: status({ state: 'signedOut', account: null }), records: [], licenseState: undefined });
    expect(c['signed-in']).toMatchObject({ status: 'fail' });
    expect(c['signed-in']!.fix).toMatch(/Sign in/);
    expect(c.scopes!.status).toBe('skip');
    expect(c['license-webhooks']!.status).toBe('skip');
  });

  it('missing scopes, disabled license webhooks, no registrations', () => {
    const c = run({
      status: status({ account: { ...status().account!, scopes: ['webhooks.configuration:rw'], missingScopes: ['webhooks.state:rw'] } }),
      licenseState: false,
      records: [],
    });
    expect(c.scopes).toMatchObject({ status: 'fail' });
    expect(c.scopes!.detail).toContain('webhooks.state:rw');
    expect(c['license-webhooks']).toMatchObject({ status: 'fail' });
    expect(c['license-webhooks']!.fix).toMatch(/Enable/);
    expect(c.registrations).toMatchObject({ status: 'fail' });
  });

  it('vanished registrations point at the Console block; URLs elsewhere and stale ones are named', () => {
    const c = run({
      view: view({ vanished: [{ id: 'w1', action: 'incoming_chat', type: 'license', url: 'x', registeredAt: '' }], stale: [{ id: 's', action: 'incoming_chat', url: 'https://old.loca.lt/x' }] }),
      records: [record(), record({ id: 'w2', url: 'https://old.loca.lt/livechat/incoming_chat' })],
    });
    expect(c.registrations!.status).toBe('fail');
    expect(c.registrations!.detail).toMatch(/Chat Webhooks block/);
    expect(c.pointing!.status).toBe('fail');
    expect(c.pointing!.detail).toContain('https://old.loca.lt');
  });

  it('tunnel down, a change still propagating, filters that drop events, bot webhooks', () => {
    const c = run({
      tunnel: { ...online, state: 'stopped' } as TunnelStatus,
      lastChangeAt: NOW - 30_000,
      records: [record({ filters: { only_my_chats: true, author_type: 'agent', chat_presence: { user_ids: { values: ['a@b.c'] } }, source_type: ['my_client'] } }), record({ id: 'b', type: 'bot' })],
    });
    expect(c.tunnel!.status).toBe('fail');
    expect(c.propagation!.status).toBe('warn');
    expect(c.propagation!.fix).toMatch(/90 s/);
    expect(c.filters!.status).toBe('warn');
    expect(c.filters!.detail).toMatch(/only_my_chats/);
    expect(c.filters!.detail).toMatch(/author_type/);
    expect(c.filters!.detail).toMatch(/a@b\.c/);
    expect(c.filters!.detail).toMatch(/source_type/);
    expect(c['bot-status']!.status).toBe('warn');
  });

  it('PAT caveats and a license state LiveChat would not give', () => {
    const c = run({
      status: status({ account: { ...status().account!, method: 'pat', scopes: null, missingScopes: [] } }),
      licenseState: { error: new AppError('livechat_error', 'Missing scope: webhooks.state:ro', { type: 'authorization' }) },
    });
    expect(c['license-webhooks']!.status).toBe('warn');
    expect(c['license-webhooks']!.detail).toContain('Missing scope');
    expect(c.auth!.status).toBe('warn');
    expect(c.auth!.detail).toMatch(/Personal Access Token/);
  });
});
