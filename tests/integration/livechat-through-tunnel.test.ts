import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TunnelStatus } from '../../shared/api/domains/tunnel';
import { createLogger } from '../../electron/engine/logger';
import { startLiveChatSandbox, type LiveChatSandbox } from '../../electron/engine/livechat-sandbox/sandbox';
import { FakeLocaltunnelServer } from '../fakes/localtunnel-server';
import { startEngine, tempDir, type RunningEngine } from '../support/engine';
import { connectClient } from '../support/ws-client';

/**
 * LiveChat as it really is for a user: LiveHook signed in with a PAT to "LiveChat" (the sandbox, at injected base
 * URLs), webhooks registered at the PUBLIC URL, and deliveries coming back through the tunnel (the in-repo localtunnel
 * server on 127.0.0.1).
 */
let dir: Awaited<ReturnType<typeof tempDir>>;
let fake: FakeLocaltunnelServer;
let sandbox: LiveChatSandbox;
let running: RunningEngine | undefined;

beforeEach(async () => {
  dir = await tempDir();
  fake = new FakeLocaltunnelServer();
  await fake.start();
  sandbox = await startLiveChatSandbox({ logger: createLogger({ sink: { write() {} } }), delivery: { timeoutMs: 3_000, retryDelaysMs: [200, 200, 200] } });
});
afterEach(async () => {
  await running?.stop();
  running = undefined;
  await sandbox.stop();
  await fake.kill();
  await dir.remove();
});

describe('LiveChat deliveries through the tunnel', () => {
  it('registers at the public URL, deliveries arrive through the tunnel with secret ok, and follow a URL change', async () => {
    running = await startEngine(dir.path, {
      livechat: { baseUrls: { accountsUrl: sandbox.accountsUrl, apiUrl: sandbox.apiUrl }, options: { propagationMs: 0 } },
      tunnel: { autoStart: true, overrides: { host: fake.host, subdomain: 'lcthrough1' }, supervisor: { backoff: { baseMs: 50, capMs: 200 }, nameReleaseMs: 0 } },
    });
    const { client, close } = await connectClient(running.control.url, running.token);
    const onlineUrl = async (): Promise<string> => {
      const st: TunnelStatus = await client.call('tunnel.status', {});
      return st.state === 'online' ? st.url : '';
    };
    await expect.poll(onlineUrl, { timeout: 10_000 }).toMatch(/^http:\/\/lcthrough1\.localhost:\d+$/);
    const firstUrl = await onlineUrl();

    const { account } = sandbox;
    expect(await client.call('livechat.signIn', { mode: 'pat', accountId: account.accountId, pat: account.pat, clientId: account.clientId })).toMatchObject({ state: 'signedIn' });
    const reg = await client.call('webhooks.register', { actions: ['incoming_event', 'thread_tagged'], type: 'license' });
    expect(reg.failed).toEqual([]);
    for (const w of reg.view.webhooks) expect(w.url.startsWith(firstUrl)).toBe(true);

    const reports = await sandbox.trigger({ action: 'incoming_event' });
    expect(reports.filter((r) => r.ok)).toHaveLength(1);
    await expect.poll(async () => (await client.call('events.list', {})).items[0]?.secret, { timeout: 5_000 }).toBe('ok');
    const captured = (await client.call('events.list', {})).items[0]!;
    expect(captured).toMatchObject({ action: 'incoming_event', source: 'tunnel' });

    // The tunnel server hands out another name: LiveHook re-points its registrations, and deliveries keep coming.
    fake.giveDifferentSubdomainNextTime();
    const port = fake.port;
    await fake.kill();
    await fake.start(port);
    await expect.poll(async () => [firstUrl, ''].includes(await onlineUrl()), { timeout: 10_000 }).toBe(false);
    const secondUrl = await onlineUrl();
    await expect
      .poll(async () => (await client.call('webhooks.list', {})).webhooks.every((w) => w.url.startsWith(secondUrl)), { timeout: 10_000 })
      .toBe(true);
    expect((await client.call('webhooks.list', {})).webhooks).toHaveLength(2);

    const after = await sandbox.trigger({ action: 'thread_tagged' });
    expect(after.filter((r) => r.ok)).toHaveLength(1);
    await expect.poll(async () => (await client.call('events.list', { actions: ['thread_tagged'] })).items[0]?.secret, { timeout: 5_000 }).toBe('ok');
    close();
  });
});
