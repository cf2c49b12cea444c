import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../support/e2e-app';
import { startTarget, type LocalTarget } from '../support/local-target';

/**
 * Forwarding in the inspector, against the built `livehook serve` and a local service on 127.0.0.1: a target added in
 * the panel, a short custom policy, a webhook that fails once and is retried on the drawn timeline, then "simulate
 * outage" answering LiveChat's retry of the same webhook with a 503, the retry grouped under its first delivery.
 */
let app: App;
let target: LocalTarget;

beforeEach(async () => {
  app = await openApp();
  // Fails the first delivery, accepts the rest.
  target = await startTarget((n) => (n === 1 ? 500 : 200));
});
afterEach(async () => {
  try {
    await app?.close();
  } finally {
    await target?.close();
  }
});

const body = JSON.stringify({
  webhook_id: 'e2e-webhook-1',
  secret_key: 'not-registered',
  action: 'incoming_chat',
  organization_id: 'org-e2e',
  payload: { chat: { id: 'E2ECHAT01', thread: { id: 'E2ETHREAD1' } } },
});

async function deliver(): Promise<number> {
  const res = await fetch(`${app.serve.ready.receiverUrl}/livechat/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  await res.arrayBuffer();
  return res.status;
}

describe('forwarding in the inspector', () => {
  it('forwards to a local target with attempts on the timeline; simulate outage answers 503 and the retry is grouped', async () => {
    await app.open();
    await app.page.getByRole('banner').getByRole('button', { name: 'Forwarding', exact: true }).click();
    const panel = app.page.getByRole('region', { name: 'Targets and forwarding' });

    await panel.getByRole('textbox', { name: 'Target URL' }).fill(`${target.url}/livechat/webhooks`);
    await panel.getByRole('button', { name: 'Add target' }).click();
    await expect.poll(() => panel.getByRole('list', { name: 'Saved targets' }).textContent()).toContain(`${target.url}/livechat/webhooks`);
    await panel.getByRole('textbox', { name: 'Timeout (ms)' }).fill('2000');
    await panel.getByRole('textbox', { name: 'Retry delays (ms)' }).fill('300, 300, 300');
    await panel.getByRole('button', { name: 'Use custom' }).click();
    await expect.poll(() => panel.getByText(/Now: 2000 ms timeout/).count()).toBe(1);

    expect(await deliver()).toBe(200);
    const timelines = panel.getByRole('list', { name: 'Delivery timelines' });
    // First the failed attempt appears, then the retry: one drawn bar per attempt.
    const timeline = timelines.getByRole('img', { name: /^delivered on attempt 2: Attempt 1: HTTP 500.*Attempt 2: HTTP 200/ });
    await expect.poll(() => timeline.count(), { timeout: 20_000 }).toBe(1);
    expect(await timeline.locator('rect').count()).toBe(2);
    expect(target.requests).toHaveLength(2);
    expect(target.requests[0]!.body.toString()).toBe(body);

    await panel.getByRole('button', { name: 'Simulate outage for 2 minutes' }).click();
    await expect.poll(() => panel.getByRole('checkbox', { name: 'Rule Simulate outage for 2 minutes on' }).isChecked()).toBe(true);
    await expect.poll(() => app.page.getByRole('banner').getByRole('status', { name: '1 response rule on' }).count()).toBe(1);
    // LiveChat retrying the same webhook: same body, same webhook_id. The outage answers it with a 503.
    expect(await deliver()).toBe(503);
    expect(await deliver()).toBe(503);

    const list = app.page.getByRole('listbox', { name: 'Webhooks' });
    await expect.poll(() => list.getByRole('option').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    await app.page.getByRole('checkbox', { name: /group retries/i }).check();
    // Grouped: one row for the three deliveries of the same webhook.
    await expect.poll(() => list.getByRole('option').count(), { timeout: 20_000 }).toBe(1);
    expect(await list.getByRole('option', { name: /delivered 3 times/ }).count()).toBe(1);
  });
});
