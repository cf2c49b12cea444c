import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../support/e2e-app';

/**
 * The Trigger panel as a developer uses it: the built `livehook serve`, the inspector in Debian's Chromium, an
 * incoming_event picked from the grouped list, one field of its body edited, sent to LiveHook itself, and the edited
 * webhook in the list as a simulator capture.
 */
let app: App;

beforeEach(async () => {
  app = await openApp();
});
afterEach(async () => {
  await app?.close();
});

describe('Trigger panel', () => {
  it('picks incoming_event, edits a field, sends it to LiveHook itself and finds it in the list', async () => {
    await app.page.setViewportSize({ width: 1400, height: 1000 });
    await app.open();
    await app.page.getByRole('banner').getByRole('button', { name: 'Trigger', exact: true }).click();
    const panel = app.page.getByRole('region', { name: 'Trigger', exact: true });

    // Search narrows the grouped list; pick the action.
    await panel.getByRole('searchbox', { name: 'Search actions' }).fill('incoming_ev');
    const actions = panel.getByRole('group', { name: 'Actions' });
    await expect.poll(() => actions.getByRole('button').count(), { timeout: 10_000 }).toBe(1);
    await actions.getByRole('button', { name: 'incoming_event', exact: true }).click();

    const body = panel.getByRole('textbox', { name: 'Body' });
    await expect.poll(() => body.inputValue(), { timeout: 10_000 }).toContain('"action": "incoming_event"');
    await panel.getByRole('combobox', { name: 'Event type' }).selectOption('file');
    await expect.poll(async () => (JSON.parse(await body.inputValue()) as { payload: { event: { type: string } } }).payload.event.type).toBe('file');
    expect(await panel.getByRole('status', { name: 'Body check' }).textContent()).toContain('Valid JSON, no findings');

    // Edit one field: the check follows the edit.
    const json = JSON.parse(await body.inputValue()) as { payload: { chat_id: string; event: { name: string } } };
    json.payload.event.name = 'edited-by-e2e.pdf';
    await body.fill(JSON.stringify(json, null, 2));
    await expect.poll(() => panel.getByText('Body (edited)').count()).toBe(1);
    await body.fill(JSON.stringify({ ...json, payload: { ...json.payload, chat_id: 42 } }, null, 2));
    await expect.poll(() => panel.getByRole('status', { name: 'Body check' }).textContent()).toContain('payload.chat_id should be a string');
    await body.fill(JSON.stringify(json, null, 2));

    await panel.getByRole('radio', { name: 'LiveHook itself' }).check();
    await panel.getByRole('button', { name: 'Send', exact: true }).click();
    const sent = panel.getByRole('list', { name: 'Sent webhooks' });
    await expect.poll(() => sent.getByRole('listitem', { name: 'incoming_event 1 of 1: captured' }).count(), { timeout: 10_000 }).toBe(1);

    const list = app.page.getByRole('listbox', { name: 'Webhooks' });
    const row = list.getByRole('option', { name: new RegExp(`^incoming_event, POST /livechat/incoming_event, chat ${json.payload.chat_id}, `) });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    // The captured id is one click from the outcome.
    await sent.getByRole('button', { name: /^open / }).click();
    await expect.poll(() => row.getAttribute('aria-selected')).toBe('true');
    const detail = app.page.getByRole('region', { name: 'Webhook detail' });
    await expect.poll(() => detail.getByLabel('Source', { exact: true }).textContent()).toBe('simulator');
    await expect.poll(() => detail.textContent()).toContain('edited-by-e2e.pdf');

    // Recent triggers: one click sends the same body again (a retry of the first, as LiveChat's would be).
    await panel.getByRole('button', { name: /^Repeat incoming_event/ }).click();
    await expect.poll(() => list.getByRole('option', { name: /^incoming_event, .*, retry/ }).count(), { timeout: 10_000 }).toBe(1);
    expect(await app.page.getByRole('alert').count()).toBe(0);
  }, 90_000);
});
