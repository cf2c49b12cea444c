import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadExamples } from '../support/livechat-examples';
import { openApp, type App } from '../support/e2e-app';

/**
 * End to end, as a user runs it: the built `livehook serve`, Debian's Chromium, the page opened from the printed
 * inspector URL, webhooks POSTed to the printed receiver URL.
 */
let app: App;

beforeEach(async () => {
  app = await openApp();
});
afterEach(async () => {
  await app?.close();
});

const examples = new Map(loadExamples().map((e) => [e.action, e.body]));

describe('the inspector in a browser', () => {
  it('shows webhooks live, newest first, and opens one with its action, chat id and JSON', async () => {
    await app.open();
    // The token left the address bar.
    expect(app.page.url()).not.toContain('token');
    // The empty state tells a new user what to do, with their receiver URL.
    await expect.poll(() => app.page.getByLabel('Sample curl command').textContent()).toContain(app.serve.ready.receiverUrl);

    const actions = ['incoming_chat', 'incoming_event', 'chat_deactivated'];
    for (const action of actions) await app.post(examples.get(action));

    const list = app.page.getByRole('listbox', { name: 'Webhooks' });
    await expect.poll(() => list.getByRole('option').count()).toBe(3);
    await expect.poll(() => app.page.getByRole('status', { name: 'Webhook count' }).textContent()).toContain('3 webhooks');
    const names = await list.getByRole('option').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    expect(names.map((n) => n.split(',')[0])).toEqual([...actions].reverse());

    await list.getByRole('option', { name: /^incoming_event/ }).click();
    const detail = app.page.getByRole('region', { name: 'Webhook detail' });
    await expect.poll(() => detail.getByLabel('Action').textContent()).toBe('incoming_event');
    expect(await detail.getByLabel('Chat ID').textContent()).toBe('PJ0MRSHTDG');
    const json = detail.getByRole('group', { name: 'Webhook JSON' });
    await expect.poll(() => json.textContent()).toContain('"PJ0MRSHTDG"');
    expect(await json.textContent()).toContain('incoming_event');
  });

  it('reads the rows to assistive technology in list order after scrolling, though their DOM slots are recycled', async () => {
    await app.open();
    const count = 150;
    for (let n = 0; n < count; n++) await app.post({ action: 'incoming_event', payload: { chat_id: `CHAT${String(n).padStart(6, '0')}` } });
    await expect.poll(() => app.page.getByRole('status', { name: 'Webhook count' }).textContent()).toContain(`${count} webhooks`);
    const list = app.page.getByRole('listbox', { name: 'Webhooks' });
    const chatOf = (label: string): number => Number(/chat CHAT(\d+)/.exec(label)?.[1] ?? NaN);
    // 37 and a bit rows down: not a multiple of the slot count, so the slots no longer sit in row order in the DOM.
    await list.evaluate((el) => {
      const row = el.querySelector('[role="option"]')!.getBoundingClientRect().height;
      el.scrollTop = Math.round(37.4 * row);
    });
    await expect.poll(async () => (await list.getByRole('option').allTextContents()).length > 0 && (await list.evaluate((el) => el.scrollTop)) > 0).toBe(true);
    await app.page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    const domOrder = (await list.getByRole('option').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''))).map(chatOf);
    const listOrder = [...domOrder].sort((a, b) => b - a); // newest first
    expect(domOrder).not.toEqual(listOrder); // the precondition: without it this test would prove nothing
    expect(listOrder[0]).toBeLessThan(count - 20); // the top rows (and the overscan above the view) scrolled out

    // What a screen reader gets: Chromium's accessibility tree, where aria-owns puts the options in row order.
    const cdp = await app.page.context().newCDPSession(app.page);
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    await cdp.detach();
    const axOrder = nodes
      .filter((n) => !n.ignored && n.role?.value === 'option')
      .map((n) => chatOf(String(n.name?.value ?? '')))
      .filter((n) => !Number.isNaN(n));
    expect(axOrder).toEqual(listOrder);
  });

  it('renders hostile payload strings as text: no element is created and no script runs', async () => {
    await app.open();
    await app.page.evaluate(() => {
      (globalThis as unknown as { pwned: number }).pwned = 0;
    });
    const hostile = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>';
    await app.post({ action: hostile, payload: { chat_id: 'XSSXSSXSSX', text: hostile } });
    const list = app.page.getByRole('listbox', { name: 'Webhooks' });
    await expect.poll(() => list.getByRole('option').count()).toBe(1);
    await list.getByRole('option').first().click();
    const detail = app.page.getByRole('region', { name: 'Webhook detail' });
    await expect.poll(() => detail.getByRole('group', { name: 'Webhook JSON' }).textContent()).toContain('<script>');
    expect(await app.page.locator('img[src="x"]').count()).toBe(0);
    expect(await app.page.locator('script:not([src])').count()).toBe(0);
    expect(await app.page.evaluate(() => (globalThis as unknown as { pwned: number }).pwned)).toBe(0);
  });

  it('refuses to connect without the token and says how to get in', async () => {
    const bare = new URL(app.serve.ready.inspectorUrl);
    bare.hash = '';
    await app.page.goto(bare.toString());
    await expect.poll(() => app.page.textContent('body')).toMatch(/livehook serve/i);
  });
});
