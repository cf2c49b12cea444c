// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SandboxDelivery } from '@shared/api/domains/sandbox';
import { SANDBOX_DELIVERY_LIMIT } from '../../../renderer/src/state/livechat-slice';
import { makeLiveChatStatus, makeRegisteredWebhook, signedIn } from './fake-transport';
import { createHarness } from './render-app';

const stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  vi.restoreAllMocks();
});

async function started(setup?: (h: ReturnType<typeof createHarness>) => void) {
  const h = createHarness();
  setup?.(h);
  stops.push(() => h.store.getState().stop());
  await h.store.getState().start();
  return h;
}

/** Lets the reads a status change started (list, license, names…) answer. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function delivery(attempt: number, extra: Partial<SandboxDelivery> = {}): SandboxDelivery {
  return {
    triggerId: 't1',
    webhookId: 'wh-1',
    url: 'http://127.0.0.1:4567/livechat/wh-1',
    action: 'incoming_chat',
    attempt,
    startedAt: '2025-01-15T09:30:00.000Z',
    latencyMs: 4,
    status: 200,
    ok: true,
    willRetry: false,
    ...extra,
  };
}

describe('livechat slice', () => {
  it('reads the status at start and nothing else while signed out', async () => {
    const { store, transport } = await started();
    expect(transport.callsOf('livechat.status')).toHaveLength(1);
    expect(store.getState().livechat).toMatchObject({ state: 'signedOut' });
    await settle();
    expect(transport.callsOf('webhooks.list')).toHaveLength(0);
    expect(store.getState().webhooksView).toBeUndefined();
  });

  it('when signed in at start, reads registrations, license state, names and (sandbox) the actions', async () => {
    const { store, transport } = await started(({ transport }) => {
      transport.livechat = signedIn('sandbox');
      transport.webhooks.push(makeRegisteredWebhook({ id: 'wh-9', action: 'incoming_chat', url: 'http://x/livechat/wh-9' }));
    });
    await settle();
    expect(transport.callsOf('webhooks.list')).toHaveLength(1);
    expect(transport.callsOf('webhooks.licenseState')).toHaveLength(1);
    expect(transport.callsOf('webhooks.names')).toHaveLength(1);
    expect(transport.callsOf('sandbox.actions')).toHaveLength(1);
    expect(store.getState().webhooksView?.webhooks.map((w) => w.id)).toEqual(['wh-9']);
    expect(store.getState().sandboxActions).toEqual(['incoming_chat', 'chat_deactivated', 'incoming_event']);
    expect(store.getState().licenseState).toEqual({ ownerClientId: 'client-1', enabled: false });
  });

  it('applies livechat.status and webhooks.changed pushes on the next frame; signing out forgets the session', async () => {
    const { store, transport, frames } = await started();
    transport.setLiveChat(makeLiveChatStatus({ state: 'signingIn' }));
    transport.setLiveChat(signedIn());
    expect(store.getState().livechat?.state).toBe('signedOut');
    frames.flush();
    expect(store.getState().livechat?.state).toBe('signedIn');
    await settle();
    expect(transport.callsOf('webhooks.list')).toHaveLength(1);
    // Not in sandbox mode: no sandbox actions asked for.
    expect(transport.callsOf('sandbox.actions')).toHaveLength(0);

    transport.emit('webhooks.changed', { ...transport.view(), problems: ['Re-listing failed'] });
    frames.flush();
    expect(store.getState().webhooksView?.problems).toEqual(['Re-listing failed']);

    transport.setLiveChat(makeLiveChatStatus());
    frames.flush();
    expect(store.getState().webhooksView).toBeUndefined();
    expect(store.getState().licenseState).toBeUndefined();
  });

  it('keeps an answer over a status push still waiting for its frame', async () => {
    const { store, transport, frames } = await started();
    transport.emit('livechat.status', makeLiveChatStatus({ state: 'signingIn' }));
    await store.getState().signInLiveChat({ mode: 'sandbox' });
    frames.flush();
    expect(store.getState().livechat).toMatchObject({ state: 'signedIn', mode: 'sandbox' });
  });

  it('reads the status again after a reconnect', async () => {
    const { store, transport } = await started();
    transport.drop();
    transport.livechat = signedIn();
    transport.reconnect();
    await settle();
    expect(transport.callsOf('livechat.status')).toHaveLength(2);
    expect(store.getState().livechat?.state).toBe('signedIn');
  });

  it('keeps the newest sandbox deliveries first, at most the limit', async () => {
    const { store, transport, frames } = await started();
    for (let i = 1; i <= SANDBOX_DELIVERY_LIMIT + 5; i += 1) transport.emit('sandbox.delivery', delivery(i));
    frames.flush();
    const kept = store.getState().sandboxDeliveries;
    expect(kept).toHaveLength(SANDBOX_DELIVERY_LIMIT);
    expect(kept[0]!.attempt).toBe(SANDBOX_DELIVERY_LIMIT + 5);
    expect(kept.at(-1)!.attempt).toBe(6);
  });

  it('puts a refused sign-in in the panel, not the banner', async () => {
    const { store, transport } = await started();
    transport.failures.set('livechat.signIn', { code: 'livechat_error', message: 'The Personal Access Token was refused.' });
    expect(await store.getState().signInLiveChat({ mode: 'pat', accountId: 'a', pat: 'p', clientId: 'c' })).toBe(false);
    expect(store.getState().livechatError).toBe('The Personal Access Token was refused.');
    expect(store.getState().errors).toEqual([]);
  });
});
