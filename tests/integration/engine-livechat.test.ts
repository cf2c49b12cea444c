import { describe, expect, it } from 'vitest';
import type { SandboxDelivery } from '../../shared/api/domains/sandbox';
import { useEngineWorld, type RunningEngine } from '../support/engine';
import { connectClient } from '../support/ws-client';

const world = useEngineWorld();
let running: RunningEngine | undefined;

describe('the whole LiveChat flow through the contract, offline (Sandbox account)', () => {
  it('signs in, registers two actions, and triggered events arrive with secret ok; a forged secret is a mismatch', async () => {
    running = await world.start({ livechat: { sandbox: { delivery: { timeoutMs: 2_000, retryDelaysMs: [100] } } } });
    const { client, close } = await connectClient(running.control.url, running.token);

    const status = await client.call('livechat.signIn', { mode: 'sandbox' });
    expect(status).toMatchObject({ state: 'signedIn', mode: 'sandbox' });

    const result = await client.call('webhooks.register', { actions: ['incoming_chat', 'chat_deactivated'], type: 'license' });
    expect(result.view.webhooks.map((r) => r.action).sort()).toEqual(['chat_deactivated', 'incoming_chat']);
    for (const r of result.view.webhooks) expect(r.url.startsWith(running.engine.receiverUrl)).toBe(true);

    const deliveries: SandboxDelivery[] = [];
    client.on('sandbox.delivery', (d) => void deliveries.push(d));
    await client.call('sandbox.trigger', { action: 'incoming_chat' });
    await client.call('sandbox.trigger', { action: 'chat_deactivated' });
    await expect.poll(() => deliveries.filter((d) => d.ok).length, { timeout: 10_000 }).toBe(2);
    expect(deliveries.every((d) => d.attempt === 1 && d.status === 200)).toBe(true);

    const page = await client.call('events.list', {});
    expect(page.items.map((i) => i.action).sort()).toEqual(['chat_deactivated', 'incoming_chat']);
    expect(page.items.map((i) => i.secret)).toEqual(['ok', 'ok']);

    // The same webhook id with a forged secret: LiveHook says so.
    const real = await client.call('events.get', { id: page.items[0]!.id });
    const forged = { ...(real.json as Record<string, unknown>), secret_key: 'not-the-secret' };
    await fetch(`${running.engine.receiverUrl}${real.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(forged) });
    const after = await client.call('events.list', { limit: 1 });
    expect(after.items[0]!.secret).toBe('mismatch');

    // No secret ever crosses the seam.
    const everything = JSON.stringify([status, result, await client.call('webhooks.list', {}), await client.call('livechat.status', {})]);
    expect(everything).not.toMatch(/secret_key|"secret"\s*:\s*"[^"]{16,}/);
    expect(await client.call('sandbox.actions', {})).toContain('incoming_chat');
    close();
  });

  it('refuses to trigger before a sandbox sign-in, with a clear reason', async () => {
    running = await world.start();
    const r = await running.engine.dispatch('sandbox.trigger', { action: 'incoming_chat' });
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/Sandbox account/) } });
  });
});
