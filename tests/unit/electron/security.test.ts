import { describe, expect, it, vi } from 'vitest';
import {
  applySessionPolicy,
  applyWindowGuards,
  buildCsp,
  EXTERNAL_HOSTS,
  type GuardedContents,
  isAllowedExternalUrl,
  isAppUrl,
  type NavigationEvent,
  preloadPath,
  rendererHtmlPath,
  secureWebPreferences,
  type SessionLike,
  withCsp,
} from '../../../electron/main/security';
import { createRecordingLogger } from './fake-logger';

const APP_FILE = 'file:///opt/LiveHook/resources/app/out/renderer/index.html';
const APP_DEV = 'http://localhost:5173/';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

describe('webPreferences', () => {
  it('isolates and sandboxes the renderer with no Node and no webviews', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    });
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect(prefs.experimentalFeatures).toBeUndefined();
  });

  it('points at the CommonJS preload and the renderer beside the built main bundle', () => {
    expect(preloadPath('/app/out/main')).toBe('/app/out/preload/index.cjs');
    expect(rendererHtmlPath('/app/out/main')).toBe('/app/out/renderer/index.html');
  });
});

describe('Content-Security-Policy', () => {
  it('starts from default-src none and allows only the app itself', () => {
    const csp = buildCsp();
    const d = directives(csp);
    expect(csp.startsWith("default-src 'none'")).toBe(true);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(d.get('img-src')).toEqual(["'self'", 'data:']);
    expect(d.get('connect-src')).toEqual(["'self'"]);
    expect(d.get('font-src')).toEqual(["'self'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('form-action')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('never allows eval, remote scripts or inline scripts in production', () => {
    const csp = buildCsp();
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/https?:/);
    expect(csp).not.toMatch(/\*/);
    expect(directives(csp).get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('in development adds only the React Refresh preamble and the HMR socket of the dev server', () => {
    const d = directives(buildCsp({ devServerUrl: APP_DEV }));
    expect(d.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(d.get('connect-src')).toEqual(["'self'", 'ws://localhost:5173']);
    expect(d.get('default-src')).toEqual(["'none'"]);
    expect(buildCsp({ devServerUrl: APP_DEV })).not.toContain('unsafe-eval');
  });

  it('is put on app pages, replacing any server policy, and nowhere else', () => {
    const csp = buildCsp();
    const headers = withCsp(
      { url: `${APP_DEV}index.html`, responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] } },
      APP_DEV,
      csp,
    );
    expect(headers).toEqual({ 'X-Other': ['1'], 'Content-Security-Policy': [csp] });
    expect(withCsp({ url: 'https://example.com/', responseHeaders: {} }, APP_DEV, csp)).toBeUndefined();
  });
});

describe('app URL', () => {
  it('treats the dev server origin as the app and any other origin as foreign', () => {
    expect(isAppUrl('http://localhost:5173/#/events', APP_DEV)).toBe(true);
    expect(isAppUrl('http://localhost:5173/src/main.tsx', APP_DEV)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', APP_DEV)).toBe(false);
    expect(isAppUrl('https://localhost:5173/', APP_DEV)).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/', APP_DEV)).toBe(false);
    expect(isAppUrl('https://evil.example/', APP_DEV)).toBe(false);
  });

  it('treats exactly the built index.html as the app, with any hash or query', () => {
    expect(isAppUrl(APP_FILE, APP_FILE)).toBe(true);
    expect(isAppUrl(`${APP_FILE}#/events/123`, APP_FILE)).toBe(true);
    expect(isAppUrl('file:///opt/LiveHook/resources/app/out/renderer/other.html', APP_FILE)).toBe(false);
    expect(isAppUrl('file:///etc/passwd', APP_FILE)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', APP_FILE)).toBe(false);
  });

  it('compares file paths after decoding, and refuses what cannot be parsed', () => {
    const spaced = 'file:///Users/A%20B/LiveHook/out/renderer/index.html';
    expect(isAppUrl('file:///Users/A B/LiveHook/out/renderer/index.html', spaced)).toBe(true);
    expect(isAppUrl('file:///Users/A%2/index.html', spaced)).toBe(false);
    expect(isAppUrl('not a url', APP_FILE)).toBe(false);
    expect(isAppUrl('data:text/html,<script>1</script>', APP_FILE)).toBe(false);
  });
});

describe('external links', () => {
  it('allows https links to the listed LiveChat and GitHub hosts', () => {
    expect(EXTERNAL_HOSTS).toEqual([
      'platform.text.com',
      'developers.livechat.com',
      'www.livechat.com',
      'accounts.livechat.com',
      'github.com',
    ]);
    expect(isAllowedExternalUrl('https://platform.text.com/docs/management/webhooks')).toBe(true);
    expect(isAllowedExternalUrl('https://developers.livechat.com/console/apps')).toBe(true);
    expect(isAllowedExternalUrl('https://GitHub.com/livechat')).toBe(true);
  });

  it.each([
    ['javascript:', 'javascript:alert(1)'],
    ['file:', 'file:///etc/passwd'],
    ['http:', 'http://github.com/'],
    ['an unknown host', 'https://evil.example/'],
    ['a look-alike subdomain', 'https://github.com.evil.example/'],
    ['a subdomain of a listed host', 'https://gist.github.com/'],
    ['credentials', 'https://user:pw@github.com/'],
    ['an explicit port', 'https://github.com:8443/'],
    ['data:', 'data:text/html,hi'],
    ['garbage', 'not a url'],
  ])('refuses %s', (_what, url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});

type Listener = (arg: NavigationEvent & { preventDefault: () => void }) => void;

function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
  const contents: GuardedContents = {
    on(event: string, listener: Listener) {
      listeners.set(event, listener);
      return contents;
    },
    setWindowOpenHandler(handler) {
      openHandler = handler;
    },
  } as GuardedContents;
  /** Emits an event the way Electron does; returns whether the handler prevented it. */
  const emit = (event: string, url = ''): boolean => {
    let prevented = false;
    listeners.get(event)!({ url, preventDefault: () => void (prevented = true) });
    return prevented;
  };
  return { contents, emit, open: (url: string) => openHandler!({ url }) };
}

function guarded(appUrl = APP_FILE) {
  const fake = fakeContents();
  const openExternal = vi.fn(async (_url: string) => undefined);
  const logger = createRecordingLogger();
  applyWindowGuards(fake.contents, { appUrl, openExternal, logger });
  return { ...fake, openExternal, logger };
}

describe('window guards', () => {
  it('lets the window navigate within the app', () => {
    const g = guarded();
    expect(g.emit('will-navigate', `${APP_FILE}#/settings`)).toBe(false);
    expect(g.emit('will-redirect', APP_FILE)).toBe(false);
    expect(g.openExternal).not.toHaveBeenCalled();
  });

  it('prevents navigation to another origin, opening it outside only when allowed', () => {
    const g = guarded(APP_DEV);
    expect(g.emit('will-navigate', 'https://evil.example/')).toBe(true);
    expect(g.emit('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(g.openExternal).not.toHaveBeenCalled();
    expect(g.emit('will-navigate', 'https://github.com/livechat')).toBe(true);
    expect(g.openExternal).toHaveBeenCalledTimes(1);
    expect(g.openExternal).toHaveBeenCalledWith('https://github.com/livechat');
  });

  it('prevents redirects away from the app without opening anything', () => {
    const g = guarded(APP_DEV);
    expect(g.emit('will-redirect', 'https://github.com/')).toBe(true);
    expect(g.openExternal).not.toHaveBeenCalled();
  });

  it('denies every window.open, handing only allowed links to the system browser', () => {
    const g = guarded();
    expect(g.open('https://platform.text.com/docs')).toEqual({ action: 'deny' });
    expect(g.openExternal).toHaveBeenCalledWith('https://platform.text.com/docs');
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'http://github.com/', 'https://evil.example/', APP_FILE]) {
      expect(g.open(url)).toEqual({ action: 'deny' });
    }
    expect(g.openExternal).toHaveBeenCalledTimes(1);
    expect(g.logger.records.filter((r) => r.level === 'warn')).toHaveLength(5);
  });

  it('refuses to attach a <webview>', () => {
    const g = guarded();
    expect(g.emit('will-attach-webview')).toBe(true);
  });

  it('logs when the system browser cannot be opened', async () => {
    const g = guarded();
    g.openExternal.mockRejectedValueOnce(new Error('no handler'));
    g.open('https://github.com/');
    await vi.waitFor(() => expect(g.logger.records.some((r) => r.level === 'error')).toBe(true));
  });
});

describe('session policy', () => {
  function fakeSession() {
    const calls: {
      headers?: Parameters<SessionLike['webRequest']['onHeadersReceived']>[0];
      request?: Parameters<SessionLike['setPermissionRequestHandler']>[0];
      check?: Parameters<SessionLike['setPermissionCheckHandler']>[0];
    } = {};
    const session: SessionLike = {
      webRequest: { onHeadersReceived: (listener) => void (calls.headers = listener) },
      setPermissionRequestHandler: (handler) => void (calls.request = handler),
      setPermissionCheckHandler: (handler) => void (calls.check = handler),
    };
    const logger = createRecordingLogger();
    applySessionPolicy(session, { appUrl: APP_DEV, csp: buildCsp(), logger });
    return { calls, logger };
  }

  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen'])(
    'denies the %s permission request',
    (permission) => {
      const { calls, logger } = fakeSession();
      const callback = vi.fn();
      calls.request!({}, permission, callback, {});
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
      expect(logger.records).toContainEqual(expect.objectContaining({ level: 'warn', obj: { permission } }));
    },
  );

  it('answers every permission check with no, except clipboard writes from the app itself', () => {
    const { calls } = fakeSession();
    for (const permission of ['media', 'clipboard-read', 'notifications', 'usb']) {
      expect(calls.check!({}, permission, 'http://localhost:5173', { requestingUrl: APP_DEV })).toBe(false);
    }
    expect(calls.check!({}, 'clipboard-sanitized-write', 'http://localhost:5173', { requestingUrl: APP_DEV })).toBe(true);
    expect(calls.check!({}, 'clipboard-sanitized-write', 'https://evil.example', { requestingUrl: 'https://evil.example/' })).toBe(false);
  });

  it('grants a clipboard write request only to the app page', () => {
    const { calls } = fakeSession();
    const fromApp = vi.fn();
    calls.request!({}, 'clipboard-sanitized-write', fromApp, { requestingUrl: APP_DEV });
    expect(fromApp).toHaveBeenCalledExactlyOnceWith(true);
    const fromElsewhere = vi.fn();
    calls.request!({}, 'clipboard-sanitized-write', fromElsewhere, { requestingUrl: 'https://evil.example/' });
    expect(fromElsewhere).toHaveBeenCalledExactlyOnceWith(false);
  });

  it('adds the CSP header to app responses and leaves others alone', () => {
    const { calls } = fakeSession();
    const app = vi.fn();
    calls.headers!({ url: APP_DEV, responseHeaders: { 'Content-Type': ['text/html'] } }, app);
    expect(app).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [buildCsp()] },
    });
    const other = vi.fn();
    calls.headers!({ url: 'https://accounts.livechat.com/', responseHeaders: {} }, other);
    expect(other).toHaveBeenCalledWith({});
  });
});
