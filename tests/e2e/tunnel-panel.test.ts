import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeLocaltunnelServer } from '../fakes/localtunnel-server';
import { launchChromium } from '../support/browser';
import { tempDir } from '../support/engine';
import { startServe, type ServeProcess } from '../support/serve-process';

/**
 * The tunnel as a user sees it: the built `livehook serve --tunnel` against the in-repo localtunnel server on
 * 127.0.0.1, the inspector in Debian's Chromium. Nothing leaves the machine.
 */
const SUBDOMAIN = 'e2epanel1';

let browser: Browser;
let dir: Awaited<ReturnType<typeof tempDir>>;
let fake: FakeLocaltunnelServer;
let serve: ServeProcess;
let page: Page;
let pageErrors: Error[];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  dir = await tempDir();
  fake = new FakeLocaltunnelServer();
  await fake.start();
  serve = await startServe(['--data-dir', dir.path, '--tunnel', '--tunnel-host', fake.host, '--subdomain', SUBDOMAIN]);
  page = await browser.newPage();
  pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(err));
});
afterEach(async () => {
  await page?.close();
  await serve?.stop();
  await fake?.kill();
  await dir?.remove();
  expect(pageErrors).toEqual([]);
});

describe('the tunnel in the inspector', () => {
  it('shows the public URL online, reconnecting while its server is down, online again on its own; stops and starts', async () => {
    const publicUrl = `http://${SUBDOMAIN}.localhost:${fake.port}`;
    await page.goto(serve.ready.inspectorUrl);
    const header = page.getByRole('banner');
    const badge = header.getByRole('status', { name: /^Tunnel:/ });
    await expect.poll(() => badge.textContent(), { timeout: 20_000 }).toBe('Online');
    expect(await header.getByLabel('Public URL', { exact: true }).textContent()).toBe(publicUrl);
    expect(await header.getByRole('button', { name: 'Copy public URL' }).isVisible()).toBe(true);
    // The empty state offers the public URL first.
    expect(await page.getByLabel('Sample curl command', { exact: true }).textContent()).toContain(`${publicUrl}/webhook`);
    expect(await page.getByLabel('Local curl command', { exact: true }).textContent()).toContain(`${serve.ready.receiverUrl}/webhook`);

    await header.getByRole('button', { name: 'Tunnel', exact: true }).click();
    const panel = page.getByRole('region', { name: 'Tunnel' });
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
    expect(await page.getByRole('status', { name: 'Public URL changed' }).count()).toBe(0);

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
    expect(await page.getByRole('alert').count()).toBe(0);
  }, 120_000);
});
