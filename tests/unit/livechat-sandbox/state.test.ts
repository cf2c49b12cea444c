import { describe, expect, it } from 'vitest';
import { Faults } from '../../../electron/engine/livechat-sandbox/faults';
import { makeAccount, SandboxState, type Registration } from '../../../electron/engine/livechat-sandbox/state';

function setup(propagationMs: number) {
  let now = 1_000_000;
  const clock = { now: () => now };
  const account = makeAccount('dal');
  return { state: new SandboxState(account, clock, propagationMs), account, clock, advance: (ms: number) => (now += ms), at: () => now };
}

const fields = (owner: string, url: string): Omit<Registration, 'id' | 'registeredAt'> => ({
  url,
  action: 'incoming_chat',
  secret_key: 's',
  owner_client_id: owner,
  type: 'license',
  apiVersion: '3.6',
});

describe('the sandbox organization', () => {
  it('makes a plausible account: UUIDs, 32-hex client and bot, region-prefixed PAT', () => {
    const account = makeAccount('fra');
    expect(account.accountId).toMatch(/^[0-9a-f-]{36}$/);
    expect(account.organizationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(account.clientId).toMatch(/^[0-9a-f]{32}$/);
    expect(account.botId).toMatch(/^[0-9a-f]{32}$/);
    expect(account.pat).toMatch(/^fra:/);
    expect(makeAccount('dal', { clientId: 'fixed' }).clientId).toBe('fixed');
  });

  it('re-pointing within the propagation window keeps the old URL live and the new one not yet (§2.5)', () => {
    const { state, account, advance, at } = setup(120_000);
    const old = state.register(fields(account.clientId, 'http://127.0.0.1:1/old'));
    advance(120_000);
    expect(state.deliverable(at()).map((r) => r.url)).toEqual(['http://127.0.0.1:1/old']);

    state.register(fields(account.clientId, 'http://127.0.0.1:1/new'));
    state.unregister(old.id, account.clientId);
    // The API already shows the change…
    expect(state.listed(account.clientId).map((r) => r.url)).toEqual(['http://127.0.0.1:1/new']);
    // …delivery still goes to the old URL.
    expect(state.deliverable(at()).map((r) => r.url)).toEqual(['http://127.0.0.1:1/old']);
    advance(120_000);
    expect(state.deliverable(at()).map((r) => r.url)).toEqual(['http://127.0.0.1:1/new']);
  });

  it('license webhooks are enabled by default; a change is reported at once and applied after propagation', () => {
    const { state, account, advance, at } = setup(1_000);
    expect(state.licenseWebhooksEnabled(account.clientId)).toBe(true);
    state.setLicenseWebhooks(account.clientId, false);
    expect(state.licenseWebhooksEnabled(account.clientId)).toBe(false);
    expect(state.licenseWebhooksEffective(account.clientId, at())).toBe(true);
    advance(1_000);
    expect(state.licenseWebhooksEffective(account.clientId, at())).toBe(false);
  });

  it('wipe removes every registration of the client; unregister only its own', () => {
    const { state, account } = setup(0);
    const a = state.register(fields(account.clientId, 'http://127.0.0.1:1/a'));
    state.register(fields(account.clientId, 'http://127.0.0.1:1/b'));
    expect(state.unregister(a.id, 'someone-else')).toBe(false);
    expect(state.wipe(account.clientId)).toBe(2);
    expect(state.listed(account.clientId)).toEqual([]);
  });

  it('refuses to whitelist a redirect URI with a query', () => {
    const { state } = setup(0);
    expect(() => state.addRedirectUri('http://localhost:9/cb?x=1')).toThrow(/query/);
    state.addRedirectUri('http://localhost:9/cb');
    expect(state.redirectUris).toContain('http://localhost:9/cb');
  });
});

describe('Faults', () => {
  it('failNext counts down per method, in order', () => {
    const faults = new Faults({ now: () => 0 }, undefined);
    const busy = { status: 429, type: 'too_many_requests', message: 'Too many requests' };
    const wrong = { status: 421, type: 'misdirected_request', message: 'Wrong region', data: { region: 'fra' } };
    faults.failNext('list_webhooks', busy, 2);
    faults.failNext('list_webhooks', wrong);
    expect(faults.take('register_webhook')).toBeUndefined();
    expect([faults.take('list_webhooks'), faults.take('list_webhooks'), faults.take('list_webhooks'), faults.take('list_webhooks')]).toEqual([busy, busy, wrong, undefined]);
    expect(() => faults.failNext('x', busy, 0)).toThrow();
  });

  it('the rate limit counts calls within the last second', () => {
    let now = 0;
    const faults = new Faults({ now: () => now }, 2);
    expect([faults.overLimit(), faults.overLimit(), faults.overLimit()]).toEqual([false, false, true]);
    now += 1_000;
    expect(faults.overLimit()).toBe(false);
    expect(new Faults({ now: () => 0 }, undefined).overLimit()).toBe(false);
  });
});
