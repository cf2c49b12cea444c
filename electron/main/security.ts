import { join } from 'node:path';
import type { WebPreferences } from 'electron';
import type { Logger } from '../engine/ports';

/**
 * The desktop window's whole security policy, in one place: webPreferences, the Content-Security-Policy, navigation
 * and window-open guards, permissions and the external-link allow-list. Every decision is a pure function of plain
 * values, and the appliers only call methods on objects handed to them, so tests prove each guard without Electron.
 * (Only types come from 'electron' here; they are erased at build time.)
 */

/** The sandboxed preload is CommonJS (see electron.vite.config.ts); the path is relative to the built main bundle. */
export const PRELOAD_FROM_MAIN = '../preload/index.cjs';
export const RENDERER_HTML_FROM_MAIN = '../renderer/index.html';

export function preloadPath(mainDir: string): string {
  return join(mainDir, PRELOAD_FROM_MAIN);
}

export function rendererHtmlPath(mainDir: string): string {
  return join(mainDir, RENDERER_HTML_FROM_MAIN);
}

export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    // The renderer reaches the engine only through the two functions the preload exposes.
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    // Payloads are full of ids and JSON keys; red squiggles there are noise, and the dictionary download is a request
    // to a Google server nobody asked for.
    spellcheck: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Content-Security-Policy

// The policy itself is shared with the headless control server: shared/security/csp.ts.
export { buildCsp } from '@shared/security/csp';

// ---------------------------------------------------------------------------------------------------------------
// URLs

function parseUrl(raw: string): URL | undefined {
  return URL.canParse(raw) ? new URL(raw) : undefined;
}

/** Percent-encoding may differ between Node's pathToFileURL and Chromium's canonical form; compare decoded paths. */
function decodedPath(pathname: string): string | undefined {
  try {
    return decodeURIComponent(pathname);
  } catch (err) {
    if (err instanceof URIError) return undefined; // a malformed escape can never be our own page: caller says "not app"
    throw err;
  }
}

/**
 * Whether `raw` is the app itself. `appUrl` is the file:// URL of the built renderer's index.html (production) or
 * the electron-vite dev server URL (development). A file:// app is one exact file — another file in the same folder
 * is not the app — while a dev server app is its whole origin. Query and hash are ignored (the UI routes by hash).
 */
export function isAppUrl(raw: string, appUrl: string): boolean {
  const url = parseUrl(raw);
  const app = parseUrl(appUrl);
  if (url === undefined || app === undefined || url.protocol !== app.protocol) return false;
  if (app.protocol === 'file:') {
    const path = decodedPath(url.pathname);
    return url.host === app.host && path !== undefined && path === decodedPath(app.pathname);
  }
  // An opaque origin ("null") never matches, even itself.
  return app.origin !== 'null' && url.origin === app.origin;
}

/** Where links may take the user, in their own browser: LiveChat's docs and console, and GitHub. */
export const EXTERNAL_HOSTS: readonly string[] = [
  'platform.text.com',
  'developers.livechat.com',
  'www.livechat.com',
  'accounts.livechat.com',
  'github.com',
];

/** https only, an exact listed host, no credentials, no explicit port. */
export function isAllowedExternalUrl(raw: string): boolean {
  const url = parseUrl(raw);
  if (url === undefined) return false;
  return (
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    url.port === '' &&
    EXTERNAL_HOSTS.includes(url.hostname)
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Appliers: they only call methods on what they are given (Electron's Session / WebContents in the app, fakes in tests).

type Headers = Record<string, string | string[]>;

export interface SessionLike {
  webRequest: {
    onHeadersReceived(
      listener: (
        details: { url: string; responseHeaders?: Headers },
        callback: (response: { responseHeaders?: Headers }) => void,
      ) => void,
    ): void;
  };
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (webContents: unknown, permission: string, requestingOrigin: string, details: unknown) => boolean,
  ): void;
}

export interface SessionPolicyDeps {
  appUrl: string;
  csp: string;
  logger: Logger;
}

/** Puts `csp` on every response that is an app page; leaves other responses untouched. */
export function withCsp(details: { url: string; responseHeaders?: Headers }, appUrl: string, csp: string): Headers | undefined {
  if (!isAppUrl(details.url, appUrl)) return undefined;
  const headers: Headers = {};
  for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
    // A server-sent policy would be intersected with ours; ours is the one we test, so it is the only one.
    if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
  }
  headers['Content-Security-Policy'] = [csp];
  return headers;
}

/**
 * The one permission granted: writing plain text to the clipboard (the Copy buttons), and only to our own page.
 * Reading the clipboard, camera, notifications, geolocation… are all refused.
 */
export function permissionAllowed(permission: string, requestingUrl: string | undefined, appUrl: string): boolean {
  return permission === 'clipboard-sanitized-write' && requestingUrl !== undefined && isAppUrl(requestingUrl, appUrl);
}

export function applySessionPolicy(session: SessionLike, deps: SessionPolicyDeps): void {
  const log = deps.logger.child({ module: 'security' });
  // Chromium may not run webRequest for file:// documents; renderer/index.html carries a <meta> policy for that case.
  // Both apply when both are present (a page gets the intersection).
  session.webRequest.onHeadersReceived((details, callback) => {
    const responseHeaders = withCsp(details, deps.appUrl, deps.csp);
    callback(responseHeaders === undefined ? {} : { responseHeaders });
  });
  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    const requestingUrl = (details as { requestingUrl?: string } | undefined)?.requestingUrl;
    const granted = permissionAllowed(permission, requestingUrl, deps.appUrl);
    if (!granted) log.warn({ permission, requestingUrl }, 'permission request denied');
    callback(granted);
  });
  // Checks carry the full URL in details (the origin of a file:// page is opaque).
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin, details) =>
    permissionAllowed(permission, (details as { requestingUrl?: string } | undefined)?.requestingUrl ?? requestingOrigin, deps.appUrl),
  );
}

export interface PreventableEvent {
  preventDefault(): void;
}

export interface NavigationEvent extends PreventableEvent {
  readonly url: string;
}

export interface GuardedContents {
  on(event: 'will-navigate', listener: (details: NavigationEvent) => void): unknown;
  on(event: 'will-redirect', listener: (details: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface WindowGuardDeps {
  appUrl: string;
  /** `shell.openExternal` in the app. Only ever called with a URL that passed `isAllowedExternalUrl`. */
  openExternal(url: string): Promise<void>;
  logger: Logger;
}

export function applyWindowGuards(contents: GuardedContents, deps: WindowGuardDeps): void {
  const log = deps.logger.child({ module: 'security' });

  const openOutside = (url: string, how: string): void => {
    if (!isAllowedExternalUrl(url)) {
      log.warn({ url, how }, 'blocked a link that is not on the external allow-list');
      return;
    }
    deps.openExternal(url).catch((err: unknown) => log.error({ err, url }, 'could not open the system browser'));
  };

  // A plain <a href> without target lands here: the window never leaves the app, the link may open outside.
  contents.on('will-navigate', (details) => {
    if (isAppUrl(details.url, deps.appUrl)) return;
    details.preventDefault();
    openOutside(details.url, 'navigation');
  });
  // A redirect is never the user's choice, so it is only stopped, never opened.
  contents.on('will-redirect', (details) => {
    if (isAppUrl(details.url, deps.appUrl)) return;
    details.preventDefault();
    log.warn({ url: details.url }, 'blocked a redirect away from the app');
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('blocked a <webview>');
  });
  // No second window, ever: window.open / target=_blank go to the system browser when allowed, or nowhere.
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url, 'window.open');
    return { action: 'deny' };
  });
}
