import { join } from 'node:path';
import { app, type BrowserWindow, dialog, ipcMain, safeStorage, shell } from 'electron';
import { createEngine } from '../engine/engine';
import { createLogger } from '../engine/logger';
import { readTunnelSettings } from '../engine/tunnel/tunnel-settings';
import type { Logger } from '../engine/ports';
import type { Engine } from '../engine/types';
import { type AppLocation, resolveAppLocation } from './app-url';
import { IpcBridge } from './ipc-bridge';
import { createSafeSecretStore } from './secret-store';
import { isAllowedExternalUrl, rendererHtmlPath } from './security';
import { createElectronSettingsStore } from './settings-store';
import { createMainWindow } from './window';

/**
 * The desktop app's lifecycle: one instance, the engine started before the window, stopped (journal flushed) before
 * the process exits. Everything with behaviour lives in the engine and in the testable modules beside this file.
 *
 * Closing the window quits, on macOS too: the engine holds the data dir lock and the receiver port, and a LiveHook
 * still capturing with no window would surprise someone who then runs `livehook serve` and finds the data dir locked.
 */

/** If the journal cannot flush within this, exit anyway rather than hang on quit; the log says so. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

let logger: (Logger & { flush(): void }) | undefined;
let engine: Engine | undefined;
let bridge: IpcBridge | undefined;
let mainWindow: BrowserWindow | undefined;
let shutdown: 'running' | 'stopping' | 'done' = 'running';

// Every renderer sandboxed, whatever a webPreferences object might say.
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // The first instance owns the data dir and the receiver port; it gets 'second-instance' and comes forward.
  app.quit();
} else {
  app.on('second-instance', focusMainWindow);
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (shutdown === 'done') return;
    event.preventDefault();
    void stopAndExit(0);
  });
  app.whenReady().then(start).catch(failToStart);
}

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  const dataDir = join(userData, 'data');
  logger = createLogger({ dataDir });
  const log = logger.child({ module: 'app' });
  log.info({ version: app.getVersion(), electron: process.versions.electron, dataDir }, 'starting');

  const location = resolveAppLocation({
    devServerUrl: process.env.ELECTRON_RENDERER_URL,
    isPackaged: app.isPackaged,
    rendererHtml: rendererHtmlPath(__dirname),
  });
  if (location.refusedDevServerUrl !== undefined) {
    log.warn({ url: location.refusedDevServerUrl }, 'ignored ELECTRON_RENDERER_URL (only a local http dev server is allowed)');
  }

  const secrets = createSafeSecretStore({
    safeStorage,
    file: join(userData, 'secrets.json'),
    platform: process.platform,
    logger,
  });
  const settings = await createElectronSettingsStore({ cwd: dataDir });
  // The desktop app opens the public URL at launch unless the user turned "start tunnel on launch" off.
  const autoStart = readTunnelSettings(settings, logger).startOnLaunch;
  // LiveChat sign-in opens the system browser, and only for URLs on the external-link allow-list (accounts.livechat.com).
  const openExternal = async (url: string): Promise<void> => {
    if (!isAllowedExternalUrl(url)) throw new Error(`LiveHook opens only LiveChat sign-in pages in the browser, not ${url}`);
    await shell.openExternal(url);
  };
  const e = createEngine({ dataDir, logger, secrets, settings, tunnel: { autoStart }, openExternal });
  engine = e;
  await e.start();
  log.info({ receiverUrl: e.receiverUrl }, 'engine started');

  bridge = new IpcBridge({ ipcMain, engine: e, getWindow: () => mainWindow, appUrl: location.url, logger });
  bridge.start();
  openMainWindow(location, logger);
}

function openMainWindow(location: AppLocation, log: Logger): void {
  const win = createMainWindow({
    appUrl: location.url,
    ...(location.devServerUrl !== undefined ? { devServerUrl: location.devServerUrl } : {}),
    logger: log,
  });
  bridge?.watch(win.webContents);
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = undefined;
  });
  mainWindow = win;
}

function focusMainWindow(): void {
  if (mainWindow === undefined || mainWindow.isDestroyed()) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function failToStart(err: unknown): void {
  logger?.error({ err }, 'could not start');
  const message = err instanceof Error ? err.message : String(err);
  dialog.showErrorBox('LiveHook could not start', message);
  void stopAndExit(1);
}

/** before-quit is held once: the engine stops (the journal flushes) and only then does the process exit. */
async function stopAndExit(code: number): Promise<void> {
  if (shutdown !== 'running') return;
  shutdown = 'stopping';
  let exitCode = code;
  const timer = setTimeout(() => {
    logger?.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, 'engine did not stop in time; exiting anyway');
    flushLog();
    app.exit(1);
  }, SHUTDOWN_TIMEOUT_MS);
  try {
    bridge?.dispose();
    await engine?.stop();
  } catch (err) {
    logger?.error({ err }, 'engine failed to stop cleanly');
    exitCode = 1;
  } finally {
    // Whatever failed above, the process must still exit: a quit that hangs is worse than one that logs an error.
    clearTimeout(timer);
    shutdown = 'done';
    logger?.info({ exitCode }, 'stopped');
    flushLog();
    app.exit(exitCode);
  }
}

function flushLog(): void {
  try {
    logger?.flush();
  } catch (err) {
    // The log itself is what failed, so stderr is the only place left to say so.
    process.stderr.write(`LiveHook: could not flush the log: ${err instanceof Error ? err.message : String(err)}\n`);
  }
}
