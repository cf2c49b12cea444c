import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeLocaltunnelServer } from '../fakes/localtunnel-server';
import { openApp, type App } from '../support/e2e-app';

/**
 * The tunnel as a user sees it: the built `livehook serve --tunnel` against the in-repo localtunnel server on
 * 127.0.0.1, the inspector in Debian's Chromium. Nothing leaves the machine.
 */
const SUBDOMAIN = 'e2epanel1';

let fake: FakeLocaltunnelServer;
let app: App;

beforeEach(async () => {
  fake = new FakeLocaltunnelServer();
  await fake.start();
  app = await openApp({ serveArgs: ['--tunnel', '--tunnel-host', fake.host, '--subdomain', SUBDOMAIN] });
});
afterEach(async () => {
  try {
    await app?.close();
  } finally {
    await fake?.kill();
  }
});

describe('the tunnel in the inspector', () => {
  it('shows the public URL online, reconnecting while its server is down, online again on its own; stops and starts', async () => {
    const publicUrl = `http://${SUBDOMAIN}.localhost:${fake.port}`;
    await app.page.goto(app.serve.ready.inspectorUrl);
    const header = app.page.getByRole('banner');
    const badge = header.getByRole('status', { name: /^Tunnel:/ });
    await expect.poll(() => badge.textContent(), { timeout: 20_000 }).toBe('Online');
    expect(await header.getByLabel('Public URL', { exact: true }).textContent()).toBe(publicUrl);
    expect(await header.getByRole('button', { name: 'Copy public URL' }).isVisible()).toBe(true);
    // The empty state offers the public URL first.
    expect(await app.page.getByLabel('Sample curl command', { exact: true }).textContent()).toContain(`${publicUrl}/webhook`);
    expect(await app.page.getByLabel('Local curl command', { exact: true }).textContent()).toContain(`${app.serve.ready.receiverUrl}/webhook`);

    await header.getByRole('button', { name: 'Tunnel', exact: true }).click();
    const panel = app.page.getByRole('region', { name: 'Tunnel' });
    expect(await panel.getByLabel('Public URL', { exact: true }).textContent()).toBe(publicUrl);
    await expect.poll(() => panel.getByLabel('Time online').textContent()).toMatch(/^online for \d+ s$/);
    expect(await panel.getByLabel('Requested subdomain').inputValue()).toBe(SUBDOMAIN);

    // The tunnel server dies.
    const port = fake.port;
    await fake.kill();
    await expect.poll(() => badge.textContent(), { timeout: 20_000 }).toMatch(/^Reconnecting \(attempt \d+, (next in \d+s|retrying now)\)$/);
    await expect.poll(() => panel.getByLabel('State').textContent()).toMatch(/reconnecting on its own/);
    await expect.poll(() => panel.getByLabel('Last error').textContent()).toContain('refused the connection');
    expect(Number(await panel.getByLabel('Reconnects').textContent())).toBeGreaterThanOrEqual(1);
    expect(await panel.getByLabel('Last public URL').textContent()).toBe(publicUrl);
    expect(await header.getByLabel('Public URL', { exact: true }).count()).toBe(0);

    // It comes back on the same port: online again with no click, on the same URL.
    await fake.start(port);
    await expect.poll(() => badge.textContent(), { timeout: 45_000 }).toBe('Online');
    expect(await header.getByLabel('Public URL', { exact: true }).textContent()).toBe(publicUrl);
    expect(await app.page.getByRole('status', { name: 'Public URL changed' }).count()).toBe(0);

    await panel.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => badge.textContent()).toBe('Tunnel off');
    expect(await panel.getByRole('button', { name: 'Stop' }).isDisabled()).toBe(true);
    // The server keeps a closed tunnel's name for a moment and gives a random one to whoever asks sooner.
    await expect.poll(() => fake.tunnelIds(), { timeout: 10_000 }).not.toContain(SUBDOMAIN);

    await panel.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => badge.textContent(), { timeout: 20_000 }).toBe('Online');
    expect(await header.getByLabel('Public URL', { exact: true }).textContent()).toBe(publicUrl);
    expect(await panel.getByRole('button', { name: 'Start' }).isDisabled()).toBe(true);
    // No call failed along the way.
    expect(await app.page.getByRole('alert').count()).toBe(0);
  }, 120_000);
});
