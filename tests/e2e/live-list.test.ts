import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { tempDir } from '../support/engine';
import { loadExamples } from '../support/livechat-examples';
import { startServe, type ServeProcess } from '../support/serve-process';

/**
 * End to end, as a user runs it: the built `livehook serve`, Debian's Chromium, the page opened from the printed
 * inspector URL, webhooks POSTed to the printed receiver URL.
 */
let browser: Browser;
let dir: Awaited<ReturnType<typeof tempDir>>;
let serve: ServeProcess;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  dir = await tempDir();
  serve = await startServe(['--data-dir', dir.path]);
  page = await browser.newPage();
  page.on('pageerror', (err) => {
    throw err;
  });
});
afterEach(async () => {
  await page?.close();
  await serve?.stop();
  await dir?.remove();
});

const examples = new Map(loadExamples().map((e) => [e.action, e.body]));

async function post(body: unknown): Promise<void> {
  const res = await fetch(`${serve.ready.receiverUrl}/livechat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

describe('the inspector in a browser', () => {
  it('shows webhooks live, newest first, and opens one with its action, chat id and JSON', async () => {
    await page.goto(serve.ready.inspectorUrl);
    await expect.poll(() => page.getByRole('status', { name: /^Connection/ }).textContent()).toContain('Connected');
    // The token left the address bar.
    expect(page.url()).not.toContain('token');
    // The empty state tells a new user what to do, with their receiver URL.
    await expect.poll(() => page.getByLabel('Sample curl command').textContent()).toContain(serve.ready.receiverUrl);

    const actions = ['incoming_chat', 'incoming_event', 'chat_deactivated'];
    for (const action of actions) await post(examples.get(action));

    const list = page.getByRole('listbox', { name: 'Webhooks' });
    await expect.poll(() => list.getByRole('option').count()).toBe(3);
    await expect.poll(() => page.getByRole('status', { name: 'Webhook count' }).textContent()).toContain('3 webhooks');
    const names = await list.getByRole('option').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    expect(names.map((n) => n.split(',')[0])).toEqual([...actions].reverse());

    await list.getByRole('option', { name: /^incoming_event/ }).click();
    const detail = page.getByRole('region', { name: 'Webhook detail' });
    await expect.poll(() => detail.getByLabel('Action').textContent()).toBe('incoming_event');
    expect(await detail.getByLabel('Chat ID').textContent()).toBe('PJ0MRSHTDG');
    const json = detail.getByRole('group', { name: 'Webhook JSON' });
    await expect.poll(() => json.textContent()).toContain('"PJ0MRSHTDG"');
    expect(await json.textContent()).toContain('incoming_event');
  });

  it('renders hostile payload strings as text: no element is created and no script runs', async () => {
    await page.goto(serve.ready.inspectorUrl);
    await expect.poll(() => page.getByRole('status', { name: /^Connection/ }).textContent()).toContain('Connected');
    await page.evaluate(() => {
      (globalThis as unknown as { pwned: number }).pwned = 0;
    });
    const hostile = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>';
    await post({ action: hostile, payload: { chat_id: 'XSSXSSXSSX', text: hostile } });
    const list = page.getByRole('listbox', { name: 'Webhooks' });
    await expect.poll(() => list.getByRole('option').count()).toBe(1);
    await list.getByRole('option').first().click();
    const detail = page.getByRole('region', { name: 'Webhook detail' });
    await expect.poll(() => detail.getByRole('group', { name: 'Webhook JSON' }).textContent()).toContain('<script>');
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator('script:not([src])').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as { pwned: number }).pwned)).toBe(0);
  });

  it('refuses to connect without the token and says how to get in', async () => {
    const bare = new URL(serve.ready.inspectorUrl);
    bare.hash = '';
    await page.goto(bare.toString());
    await expect.poll(() => page.textContent('body')).toMatch(/livehook serve/i);
  });
});
