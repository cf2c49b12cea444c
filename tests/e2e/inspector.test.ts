import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadExamples } from '../support/livechat-examples';
import { openApp, type App } from '../support/e2e-app';

/**
 * The inspector end to end: the built `livehook serve`, Debian's Chromium, webhooks POSTed to the receiver, and a
 * user filtering, opening a chat's timeline, diffing, exporting and importing, and driving it all from the keyboard.
 */
let app: App;

beforeEach(async () => {
  app = await openApp({ page: { acceptDownloads: true } });
});
afterEach(async () => {
  await app?.close();
});

const examples = new Map(loadExamples().map((e) => [e.action, e.body]));

function example(action: string, change: (body: Record<string, unknown>) => void = () => undefined): Record<string, unknown> {
  const body = structuredClone(examples.get(action)!);
  change(body);
  return body;
}

/** An incoming_event message with its own text and webhook id (so two of them are not one retried delivery). */
function message(text: string, webhookId: string): Record<string, unknown> {
  return example('incoming_event', (b) => {
    b.webhook_id = webhookId;
    ((b.payload as Record<string, unknown>).event as Record<string, unknown>).text = text;
  });
}

const list = () => app.page.getByRole('listbox', { name: 'Webhooks' });
const rows = () => list().getByRole('option');
const detail = () => app.page.getByRole('region', { name: 'Webhook detail' });

async function rowActions(): Promise<string[]> {
  return rows().evaluateAll((els) => els.map((e) => (e.getAttribute('aria-label') ?? '').split(',')[0]!));
}

describe('the inspector in a browser', () => {
  it('filters by action (typed and by facet) and by text found only in a body', async () => {
    await app.open();
    await app.post(example('incoming_chat'));
    await app.post(message('Where is my parcel zanzibar?', 'wh-1'));
    await app.post(example('chat_deactivated'));
    await expect.poll(() => rows().count()).toBe(3);

    const search = app.page.getByRole('searchbox', { name: 'Filter webhooks' });
    await search.fill('action:incoming_event');
    await expect.poll(() => rowActions()).toEqual(['incoming_event']);
    await expect.poll(() => app.page.locator('.list-footer').textContent()).toContain('1 of 1 shown');

    // The facets still offer the other actions with their counts; clicking one switches to it.
    const facets = app.page.getByRole('group', { name: 'Filter by action' });
    await facets.getByRole('button', { name: 'chat_deactivated' }).click();
    await expect.poll(() => search.inputValue()).toBe('action:chat_deactivated');
    await expect.poll(() => rowActions()).toEqual(['chat_deactivated']);

    await search.fill('zanzibar');
    await expect.poll(() => rowActions()).toEqual(['incoming_event']);
    // Live: a new matching webhook appears under the active query, a non-matching one does not.
    await app.post(message('zanzibar again', 'wh-2'));
    await app.post(example('incoming_chat'));
    await expect.poll(() => rows().count()).toBe(2);

    await search.fill('secret:maybe');
    await expect.poll(() => app.page.getByRole('alert').locator('mark').textContent()).toBe('maybe');
  });

  it('opens a chat timeline from a webhook and opens a webhook from it', async () => {
    await app.open();
    await app.post(example('incoming_chat'));
    await app.post(message('Hello', 'wh-1'));
    await app.post(example('chat_deactivated'));
    await expect.poll(() => rows().count()).toBe(3);
    await list().getByRole('option', { name: /^incoming_event/ }).click();
    await expect.poll(() => detail().getByLabel('Action').textContent()).toBe('incoming_event');
    await detail().getByRole('button', { name: 'Chat timeline' }).click();

    const timeline = app.page.getByRole('region', { name: 'Chat timeline' });
    const items = timeline.getByRole('listitem');
    await expect.poll(() => items.count()).toBe(3);
    const texts = await items.allTextContents();
    expect(texts[0]).toContain('incoming_chat');
    expect(texts[1]).toContain('incoming_event');
    expect(texts[2]).toContain('chat_deactivated');
    await items.nth(2).getByRole('button').click();
    await expect.poll(() => detail().getByLabel('Action').textContent()).toBe('chat_deactivated');
  });

  it('diffs two marked webhooks and shows the changed path', async () => {
    await app.open();
    await app.post(message('first text', 'wh-1'));
    await app.post(message('second text', 'wh-2'));
    await expect.poll(() => rows().count()).toBe(2);
    await rows().nth(0).getByRole('checkbox').check();
    await rows().nth(1).getByRole('checkbox').check();
    await app.page.getByRole('button', { name: 'Diff', exact: true }).click();

    const diff = app.page.getByRole('region', { name: 'Diff' });
    const changed = diff.getByRole('region', { name: 'Changed paths' });
    await expect.poll(() => changed.textContent()).toContain('payload.event.text');
    expect(await changed.textContent()).toContain('"first text" → "second text"');
    await expect.poll(() => diff.getByRole('group', { name: 'Side by side' }).textContent()).toContain('second text');
    // The list beside the diff is narrow: its rows keep time, action, chat and answer, and nothing spills out of them.
    const row = rows().first();
    expect(await row.locator('.col-path').isVisible()).toBe(false);
    expect(await row.locator('.col-action').isVisible()).toBe(true);
    for (const col of ['.col-time', '.col-action', '.col-status']) {
      const fits = await row.evaluate((el, sel) => {
        const box = el.getBoundingClientRect();
        const cell = el.querySelector(sel)!.getBoundingClientRect();
        return cell.left >= box.left - 0.5 && cell.right <= box.right + 0.5 && cell.width > 0;
      }, col);
      expect(fits, `${col} inside the row`).toBe(true);
    }
  });

  it('exports history as HAR and imports the file back', async () => {
    await app.open();
    await app.post(example('incoming_chat'));
    await app.post(message('exported', 'wh-1'));
    await expect.poll(() => rows().count()).toBe(2);

    await app.page.getByRole('button', { name: 'Export…' }).click();
    const panel = app.page.getByRole('region', { name: 'Export' });
    const downloading = app.page.waitForEvent('download');
    await panel.getByRole('button', { name: 'Export', exact: true }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.har$/);
    const file = join(app.dataDir, download.suggestedFilename());
    await download.saveAs(file);
    const har = JSON.parse(await readFile(file, 'utf8')) as { log: { version: string; entries: Array<{ request: { postData?: { text: string } } }> } };
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries).toHaveLength(2);
    // secret_key redacted by default.
    expect(JSON.stringify(har)).not.toContain('laudla991lamda0pnoaa0');

    await app.page.getByRole('button', { name: 'Clear history' }).click();
    await app.page.getByRole('button', { name: 'Delete all webhooks' }).click();
    await expect.poll(() => list().count()).toBe(0);

    await writeFile(file, JSON.stringify(har));
    await app.page.getByLabel('Import HAR or NDJSON file').setInputFiles(file);
    await expect.poll(() => app.page.getByRole('status', { name: 'Import result' }).textContent()).toContain('Imported 2 webhooks');
    await expect.poll(() => rows().count()).toBe(2);
    expect(await rowActions()).toEqual(['incoming_event', 'incoming_chat']);
  });

  it('is driven from the keyboard: j/k, Enter, x, d, ? and Esc', async () => {
    await app.open();
    await app.post(message('one', 'wh-1'));
    await app.post(message('two', 'wh-2'));
    await app.post(message('three', 'wh-3'));
    await expect.poll(() => rows().count()).toBe(3);
    await app.page.locator('body').click({ position: { x: 5, y: 5 } });

    await app.page.keyboard.press('j');
    await expect.poll(() => rows().nth(0).getAttribute('aria-selected')).toBe('true');
    await app.page.keyboard.press('j');
    await expect.poll(() => rows().nth(1).getAttribute('aria-selected')).toBe('true');
    await app.page.keyboard.press('k');
    await expect.poll(() => rows().nth(0).getAttribute('aria-selected')).toBe('true');
    await app.page.keyboard.press('Enter');
    await expect.poll(() => detail().getByRole('group', { name: 'Webhook JSON' }).textContent()).toContain('"three"');

    await app.page.keyboard.press('x');
    await app.page.keyboard.press('j');
    await app.page.keyboard.press('x');
    await expect.poll(() => rows().nth(1).getAttribute('aria-label')).toContain('marked');
    await app.page.keyboard.press('d');
    const changed = app.page.getByRole('region', { name: 'Diff' }).getByRole('region', { name: 'Changed paths' });
    await expect.poll(() => changed.textContent()).toContain('"two" → "three"');
    await app.page.keyboard.press('Escape');
    await expect.poll(() => app.page.getByRole('region', { name: 'Diff' }).count()).toBe(0);

    await app.page.keyboard.press('/');
    type FocusView = { document: { activeElement: { getAttribute(name: string): string | null } | null } };
    expect(await app.page.evaluate(() => (globalThis as unknown as FocusView).document.activeElement?.getAttribute('aria-label'))).toBe('Filter webhooks');
    await app.page.keyboard.type('j');
    expect(await app.page.getByRole('searchbox', { name: 'Filter webhooks' }).inputValue()).toBe('j');
    await app.page.keyboard.press('Escape');
    await app.page.keyboard.press('?');
    await expect.poll(() => app.page.getByRole('dialog', { name: 'Keyboard shortcuts' }).count()).toBe(1);
    await app.page.keyboard.press('Escape');
    await expect.poll(() => app.page.getByRole('dialog', { name: 'Keyboard shortcuts' }).count()).toBe(0);
  });
});
