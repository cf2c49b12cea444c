import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchChromium } from './browser';
import { tempDir } from './engine';
import { startServe, type ServeProcess } from './serve-process';

/**
 * The one setup every e2e test shares: the built `livehook serve` on a fresh data dir, Debian's Chromium and a page
 * for the inspector. Kept here so each test file says only what is special about it (extra serve flags, a fake
 * tunnel server, a local target) and every file tears down the same way.
 */
export interface AppOptions {
  /** Arguments for `livehook serve` after `--data-dir <temp dir>` (e.g. the tunnel flags). */
  serveArgs?: string[];
  /** Prefix of the temp data dir, to tell a run's leftovers apart. */
  tempPrefix?: string;
  /** Options of the page's context (viewport, downloads). */
  page?: BrowserContextOptions;
}

export interface App {
  serve: ServeProcess;
  browser: Browser;
  page: Page;
  /** The temp data dir `livehook serve` runs on. */
  dataDir: string;
  /** Errors thrown in the page; `close()` fails the test if there are any. */
  pageErrors: Error[];
  /** Opens the inspector from the printed URL (token included) and waits until it says it is connected. */
  open(): Promise<void>;
  /** POSTs `body` as JSON to the printed receiver URL at `/livechat`, as LiveChat would, and expects its 200. */
  post(body: unknown): Promise<void>;
  /** Closes the page and the browser, stops `livehook serve`, removes the data dir, then checks `pageErrors`. */
  close(): Promise<void>;
}

export async function openApp(opts: AppOptions = {}): Promise<App> {
  const dir = await tempDir(opts.tempPrefix);
  let serve: ServeProcess | undefined;
  let browser: Browser | undefined;
  try {
    serve = await startServe(['--data-dir', dir.path, ...(opts.serveArgs ?? [])]);
    browser = await launchChromium();
    const page = await browser.newPage(opts.page);
    const pageErrors: Error[] = [];
    page.on('pageerror', (err) => pageErrors.push(err));
    const app: App = {
      serve,
      browser,
      page,
      dataDir: dir.path,
      pageErrors,
      open: async () => {
        await page.goto(app.serve.ready.inspectorUrl);
        await expect.poll(() => page.getByRole('status', { name: /^Connection/ }).textContent()).toContain('Connected');
      },
      post: async (body) => {
        const res = await fetch(`${app.serve.ready.receiverUrl}/livechat`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        expect(res.status).toBe(200);
      },
      close: async () => {
        await shutDown(browser, serve, dir);
        expect(pageErrors, 'errors thrown in the inspector page').toEqual([]);
      },
    };
    return app;
  } catch (err) {
    await shutDown(browser, serve, dir);
    throw err;
  }
}

async function shutDown(browser: Browser | undefined, serve: ServeProcess | undefined, dir: { remove(): Promise<void> }): Promise<void> {
  await browser?.close();
  await serve?.stop();
  await dir.remove();
}
