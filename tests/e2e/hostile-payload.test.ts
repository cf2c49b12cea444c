import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { deepObject, hugeArray } from '../support/bad-input-generator';
import { rawPost } from '../support/raw-http';
import { openApp, type App } from '../support/e2e-app';

/**
 * Payloads are data. HTML, script and `javascript:` strings put into every field the inspector shows (action, the
 * LiveChat ids, path, query, headers, body) must come out as text: no element created from them, no script run, no
 * dialog, and the literal text visible. (live-list.test.ts covers the action and body; this covers every other field.)
 */
const H = {
  img: '<img src=x onerror="window.pwned=1">',
  script: '<script>window.pwned=2</script>',
  js: 'javascript:window.pwned=3',
  link: '<a href="javascript:window.pwned=4">click me</a>',
  svg: '"><svg onload=window.pwned=5>',
  iframe: '<iframe srcdoc="<script>parent.pwned=6</script>"></iframe>',
};

let app: App;
const dialogs: string[] = [];

beforeAll(async () => {
  app = await openApp({ tempPrefix: 'livehook-hostile-' });
  app.page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await app.page.addInitScript(() => {
    (globalThis as unknown as { pwned: number }).pwned = 0;
  });
}, 30_000);
afterAll(async () => {
  await app?.close();
});

const pwned = () => app.page.evaluate(() => (globalThis as unknown as { pwned: number }).pwned);

async function assertNothingRan(): Promise<void> {
  expect(await pwned()).toBe(0);
  expect(dialogs).toEqual([]);
  expect(app.pageErrors).toEqual([]);
  expect(await app.page.locator('img[src="x"], svg[onload], iframe[srcdoc], [onerror], [onload]').count()).toBe(0);
  expect(await app.page.locator('a[href^="javascript:" i]').count()).toBe(0);
  expect(await app.page.locator('script:not([src])').count()).toBe(0);
}

describe('hostile strings in every displayed field', () => {
  it('render as text in the list and the detail, and no script runs', { timeout: 30_000 }, async () => {
    await app.open();

    const body = {
      action: H.img + H.script,
      webhook_id: H.svg,
      organization_id: H.js,
      secret_key: H.iframe,
      payload: {
        chat_id: H.link,
        thread_id: H.script,
        event_id: H.iframe,
        user_id: H.js,
        text: `${H.img} ${H.link} ${H.svg}`,
        url: H.js,
      },
    };
    // Path and query with markup (Node's client sends < > " as they are; the receiver records the path verbatim).
    const res = await rawPost(app.serve.ready.receiverUrl, {
      path: `/hooks/<svg/onload=window.pwned=7>?next=${encodeURIComponent(H.js)}&raw=<b>bold</b>`,
      headers: { 'content-type': 'application/json', 'x-hostile': `${H.img} ${H.js}`, 'user-agent': H.script, referer: H.js },
      body: Buffer.from(JSON.stringify(body)),
    });
    expect(res.status).toBe(200);

    const list = app.page.getByRole('listbox', { name: 'Webhooks' });
    await expect.poll(() => list.getByRole('option').count()).toBe(1);
    const option = list.getByRole('option').first();
    expect(await option.textContent()).toContain(H.img);
    await assertNothingRan();

    await option.click();
    const detail = app.page.getByRole('region', { name: 'Webhook detail' });
    await expect.poll(() => detail.getByLabel('Action', { exact: true }).textContent()).toBe(H.img + H.script);
    const text = (await detail.textContent()) ?? '';
    // Ids, path and the hostile strings are on screen as literal text.
    expect(text).toContain(H.link); // chat id
    expect(text).toContain(H.svg); // webhook id
    expect(text).toContain('/hooks/<svg/onload=window.pwned=7>'); // path
    expect(await detail.getByRole('group', { name: 'Webhook JSON' }).textContent()).toContain(H.iframe.replace(/"/g, '\\"'));
    const headers = detail.getByRole('table', { name: 'Request headers' });
    if ((await headers.count()) === 0) {
      // Headers may sit behind a tab or a disclosure: open whatever mentions them.
      await detail.getByText(/headers/i).first().click();
    }
    await expect.poll(() => detail.getByRole('table', { name: 'Request headers' }).textContent()).toContain(`${H.img} ${H.js}`);
    expect(await detail.getByRole('table', { name: 'Request headers' }).textContent()).toContain(H.script);
    await assertNothingRan();

    // Every button in the detail that only shows things (tabs, raw view, pagers) is clicked once; still nothing runs.
    for (const name of [/raw/i, /json/i, /tree/i, /headers/i]) {
      const tab = detail.getByRole('tab', { name });
      if ((await tab.count()) > 0) await tab.first().click();
    }
    await assertNothingRan();
  });

  it('malformed bodies open in the detail with their parse error, and the UI keeps working', { timeout: 30_000 }, async () => {
    const fixtures = resolve(import.meta.dirname, '../fixtures/bad-input');
    const bodies: Array<[string, Buffer]> = [
      ['empty', readFileSync(resolve(fixtures, 'empty.bin'))],
      ['invalid-utf8', readFileSync(resolve(fixtures, 'invalid-utf8.bin'))],
      ['truncated', readFileSync(resolve(fixtures, 'truncated.json'))],
      ['deep', deepObject(100_000)],
      ['huge-array', hugeArray(200_000)],
    ];
    const list = app.page.getByRole('listbox', { name: 'Webhooks' });
    const before = await list.getByRole('option').count();
    for (const [name, body] of bodies) {
      const res = await rawPost(app.serve.ready.receiverUrl, { path: `/bad/${name}`, headers: { 'content-type': 'application/json' }, body });
      expect(res.status).toBe(200);
    }
    await expect.poll(() => list.getByRole('option').count()).toBe(before + bodies.length);
    const detail = app.page.getByRole('region', { name: 'Webhook detail' });
    for (const [name] of bodies) {
      await list.getByRole('option').filter({ hasText: `/bad/${name}` }).first().click();
      await expect.poll(async () => (await detail.textContent()) ?? '').toContain(`/bad/${name}`);
    }
    // The deep one says why it is shown raw; the invalid UTF-8 one says so too.
    await list.getByRole('option').filter({ hasText: '/bad/deep' }).first().click();
    await expect.poll(async () => (await detail.textContent()) ?? '').toMatch(/deeper than 1000 levels/);
    await list.getByRole('option').filter({ hasText: '/bad/invalid-utf8' }).first().click();
    await expect.poll(async () => (await detail.textContent()) ?? '').toMatch(/not valid UTF-8/);
    await assertNothingRan();
    // Still live: a normal webhook shows up.
    const ok = await rawPost(app.serve.ready.receiverUrl, { headers: { 'content-type': 'application/json' }, body: Buffer.from('{"action":"incoming_chat"}') });
    expect(ok.status).toBe(200);
    await expect.poll(() => list.getByRole('option').count()).toBe(before + bodies.length + 1);
  });
});
