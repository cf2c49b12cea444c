import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../support/e2e-app';

/**
 * A webhook of tens of MiB opens in the inspector without taking the page down: the JSON tree builds only what is
 * open, the raw body is shown a page at a time, and the rest of the UI keeps answering.
 */
let app: App;

beforeEach(async () => {
  app = await openApp({ serveArgs: ['--body-limit', String(64 * 1024 * 1024)] });
});
afterEach(async () => {
  await app?.close();
});

function bigBody(targetBytes: number): { text: string; items: number } {
  const item = { id: 'K600PKZON8_1', type: 'message', text: 'x'.repeat(200), author_id: 'b7eff798-f8df-4364-8059-649c35c9ed0c' };
  const per = JSON.stringify(item).length + 1;
  const items = Math.ceil(targetBytes / per);
  const body = {
    webhook_id: 'big-1',
    action: 'incoming_event',
    organization_id: 'f9c7cc55-b35a-4e76-b0d5-ae9fce362314',
    payload: { chat_id: 'PJ0MRSHTDG', thread_id: 'K600PKZON8', event: { id: 'K600PKZON8_1', type: 'message', text: 'big one' }, history: Array.from({ length: items }, () => item) },
  };
  return { text: JSON.stringify(body), items };
}

describe('a very large webhook in the inspector', () => {
  it('opens lazily (tree on demand, raw body paged) and the list keeps responding', { timeout: 120_000 }, async () => {
    await app.open();
    await app.post({ action: 'incoming_chat', webhook_id: 'small-1', payload: { chat: { id: 'AAAAAAAAAA' } } });
    const { text, items } = bigBody(24 * 1024 * 1024);
    const res = await fetch(`${app.serve.ready.receiverUrl}/livechat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
    expect(res.status).toBe(200);

    const list = app.page.getByRole('listbox', { name: 'Webhooks' });
    // Listed once analysed, after the 200: parsing 24 MiB takes ~0.2 s here, seconds on a busy CI machine.
    await expect.poll(() => list.getByRole('option').count(), { timeout: 30_000 }).toBe(2);
    await list.getByRole('option').first().click();
    const detail = app.page.getByRole('region', { name: 'Webhook detail' });
    const tree = detail.getByRole('group', { name: 'Webhook JSON' });
    await tree.waitFor({ timeout: 60_000 });
    // Small containers start open, the 80k-item array starts collapsed: only the open levels exist in the page…
    await expect.poll(() => tree.textContent(), { timeout: 30_000 }).toContain('history');
    const expandHistory = tree.getByRole('button', { name: 'Expand history' });
    await expandHistory.waitFor();
    expect(await app.page.locator('.json-tree *').count()).toBeLessThan(500);
    // …and opening it lists its items a page at a time, not 80,000 nodes at once.
    await expandHistory.click();
    await tree.getByRole('button', { name: 'Collapse history' }).waitFor({ timeout: 30_000 });
    expect(await app.page.locator('.json-tree *').count()).toBeLessThan(20_000);

    await detail.getByRole('tab', { name: 'Raw body' }).click();
    const pager = detail.getByRole('navigation', { name: 'Raw body pages' });
    await expect.poll(() => pager.textContent(), { timeout: 30_000 }).toMatch(/Page 1 of \d{3}/);
    expect(Number(/of (\d+)/.exec((await pager.textContent()) ?? '')?.[1])).toBeGreaterThan(300);
    expect(items).toBeGreaterThan(80_000);

    // The rest of the UI still answers: move to the other webhook and back with the keyboard.
    await app.page.keyboard.press('j');
    await expect.poll(() => detail.textContent(), { timeout: 30_000 }).toContain('incoming_chat');
    await app.page.keyboard.press('k');
    await expect.poll(() => detail.textContent(), { timeout: 30_000 }).toContain('big one');
  });
});
