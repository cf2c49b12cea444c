import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TunnelStatus } from '../../shared/api/domains/tunnel';
import { createLogger } from '../../electron/engine/logger';
import { startLiveChatSandbox, type LiveChatSandbox } from '../../electron/engine/livechat-sandbox/sandbox';
import { createMemorySettingsStore } from '../../electron/engine/ports';
import { FakeLocaltunnelServer } from '../fakes/localtunnel-server';
import { startEngine, tempDir, type RunningEngine } from '../support/engine';
import { startTarget, type LocalTarget } from '../support/local-target';
import { connectClient } from '../support/ws-client';

/**
 * Pass-through as LiveChat sees it: the sandbox LiveChat delivers through the tunnel, LiveHook waits for the
 * developer's service and answers with its status, so LiveChat's own retries happen — and are captured and grouped.
 */
let dir: Awaited<ReturnType<typeof tempDir>>;
let fake: FakeLocaltunnelServer;
let sandbox: LiveChatSandbox;
let target: LocalTarget;
let running: RunningEngine | undefined;

beforeEach(async () => {
  dir = await tempDir();
  fake = new FakeLocaltunnelServer();
  await fake.start();
  sandbox = await startLiveChatSandbox({ logger: createLogger({ sink: { write() {} } }), delivery: { timeoutMs: 3_000, retryDelaysMs: [100, 100, 100] } });
  target = await startTarget((n) => (n <= 2 ? 500 : 200));
});
afterEach(async () => {
  await running?.stop();
  running = undefined;
  await sandbox.stop();
  await fake.kill();
  await target.close();
  await dir.remove();
});

describe('pass-through through the tunnel', () => {
  it('LiveChat hears the target’s 500s, retries, and the third delivery gets the target’s 200', async () => {
    running = await startEngine(dir.path, {
      settings: createMemorySettingsStore({ 'delivery.targets': [{ id: 't1', url: `${target.url}/hooks`, enabled: true }], 'delivery.forwarding': { enabled: true, mode: 'pass-through' } }),
      livechat: { baseUrls: { accountsUrl: sandbox.accountsUrl, apiUrl: sandbox.apiUrl }, options: { propagationMs: 0 } },
      tunnel: { autoStart: true, overrides: { host: fake.host, subdomain: 'passthrough1' }, supervisor: { backoff: { baseMs: 50, capMs: 200 }, nameReleaseMs: 0 } },
    });
    const { client, close } = await connectClient(running.control.url, running.token);
    await expect
      .poll(async () => {
        const st: TunnelStatus = await client.call('tunnel.status', {});
        return st.state;
      }, { timeout: 10_000 })
      .toBe('online');
    const { account } = sandbox;
    await client.call('livechat.signIn', { mode: 'pat', accountId: account.accountId, pat: account.pat, clientId: account.clientId });
    const reg = await client.call('webhooks.register', { actions: ['incoming_event'], type: 'license' });
    expect(reg.failed).toEqual([]);

    const reports = await sandbox.trigger({ action: 'incoming_event' });
    expect(reports.map((r) => [r.attempt, r.status, r.ok])).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 200, true],
    ]);
    expect(target.requests).toHaveLength(3);
    const page = await client.call('events.list', {});
    expect(page.items.map((w) => [w.source, w.answer.status, w.answer.passThrough?.status])).toEqual([
      ['tunnel', 200, 200],
      ['tunnel', 500, 500],
      ['tunnel', 500, 500],
    ]);
    close();
  });
});
