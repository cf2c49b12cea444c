import { BrowserWindow, shell } from 'electron';
import type { Logger } from '../engine/ports';
import { applySessionPolicy, applyWindowGuards, buildCsp, preloadPath, secureWebPreferences } from './security';

export interface MainWindowOptions {
  /** From resolveAppLocation: the built renderer's file:// URL, or the dev server in development. */
  appUrl: string;
  devServerUrl?: string;
  logger: Logger;
}

/** The renderer is dark (`color-scheme: dark`); painting the frame the same colour avoids a white flash. */
const BACKGROUND = '#0f1115';

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const log = opts.logger.child({ module: 'window' });
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 900,
    minHeight: 560,
    title: 'LiveHook',
    backgroundColor: BACKGROUND,
    show: false,
    // __dirname is out/main at run time (electron-vite defines it for the ESM bundle).
    webPreferences: secureWebPreferences(preloadPath(__dirname)),
  });

  applySessionPolicy(win.webContents.session, {
    appUrl: opts.appUrl,
    csp: buildCsp(opts.devServerUrl === undefined ? {} : { devServerUrl: opts.devServerUrl }),
    logger: opts.logger,
  });
  applyWindowGuards(win.webContents, {
    appUrl: opts.appUrl,
    openExternal: (url) => shell.openExternal(url),
    logger: opts.logger,
  });

  win.once('ready-to-show', () => win.show());
  win.webContents.on('did-fail-load', (_event, code, description, url, isMainFrame) => {
    if (isMainFrame) log.error({ code, description, url }, 'the app page failed to load');
  });
  win.webContents.on('render-process-gone', (_event, details) => {
    log.error({ reason: details.reason, exitCode: details.exitCode }, 'renderer process gone');
  });

  win.loadURL(opts.appUrl).catch((err: unknown) => {
    // did-fail-load has logged the detail; show the (empty) window rather than leave an invisible process behind.
    log.error({ err, url: opts.appUrl }, 'could not load the app page');
    if (!win.isDestroyed()) win.show();
  });
  return win;
}
