import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../support/e2e-app';

/**
 * LiveChat as a developer with no account tries it: the built `livehook serve` (no tunnel: the sandbox registers at
 * the local receiver URL and delivers on loopback), the inspector in Debian's Chromium, "Sandbox account", two actions
 * registered, events triggered from the panel and their deliveries arriving with a secret that checks out.
 */
let app: App;

beforeEach(async () => {
  app = await openApp();
});
afterEach(async () => {
  await app?.close();
});

const ACTIONS = ['incoming_chat', 'chat_deactivated'] as const;

describe('LiveChat sandbox in the inspector', () => {
  it('signs in to the sandbox, registers two actions, triggers events and sees them arrive with secret ok', async () => {
    await app.open();
    const header = app.page.getByRole('banner');
    const state = header.getByRole('status', { name: /^LiveChat:/ });
    await expect.poll(() => state.textContent()).toBe('Signed out');

    await header.getByRole('button', { name: 'LiveChat', exact: true }).click();
    const panel = app.page.getByRole('region', { name: 'LiveChat', exact: true });
    await panel.getByRole('button', { name: 'Sandbox account' }).click();
    await expect.poll(() => state.textContent(), { timeout: 20_000 }).toBe('Sandbox');
    await expect.poll(() => panel.getByLabel('Mode').textContent()).toContain('Sandbox');

    const form = panel.getByRole('form', { name: 'Register webhooks' });
    for (const action of ACTIONS) {
      const box = form.getByRole('checkbox', { name: action, exact: true });
      await box.waitFor({ timeout: 20_000 });
      await box.check();
    }
    await form.getByRole('button', { name: 'Register' }).click();
    const table = panel.getByRole('table', { name: 'Registered webhooks' });
    for (const action of ACTIONS) {
      await expect.poll(() => table.getByRole('cell', { name: action, exact: true }).count(), { timeout: 20_000 }).toBe(1);
    }
    expect(await panel.getByRole('status', { name: 'Webhook result' }).textContent()).toContain('Registered 2 webhooks.');

    const trigger = panel.getByRole('form', { name: 'Trigger' });
    for (const action of ACTIONS) {
      await trigger.getByRole('combobox', { name: 'Action to trigger' }).selectOption(action);
      await trigger.getByRole('button', { name: 'Send' }).click();
      await expect
        .poll(() => panel.getByRole('list', { name: 'Delivery attempts' }).getByRole('listitem', { name: new RegExp(`^${action}, attempt 1, HTTP 200, ok ✓$`) }).count(), {
          timeout: 20_000,
        })
        .toBe(1);
    }

    const list = app.page.getByRole('listbox', { name: 'Webhooks' });
    for (const action of ACTIONS) {
      await expect.poll(() => list.getByRole('option', { name: new RegExp(`^${action}, .*, secret ok`) }).count(), { timeout: 20_000 }).toBe(1);
    }
    expect(await list.getByRole('option', { name: /secret (mismatch|unknown)/ }).count()).toBe(0);

    await list.getByRole('option', { name: /^incoming_chat, / }).click();
    const detail = app.page.getByRole('region', { name: 'Webhook detail' });
    await expect.poll(() => detail.getByLabel('Secret', { exact: true }).textContent()).toContain('matches the secret LiveHook registered');
    expect(await app.page.getByRole('alert').count()).toBe(0);
  }, 90_000);
});
