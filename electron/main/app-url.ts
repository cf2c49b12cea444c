import { pathToFileURL } from 'node:url';

export interface AppLocation {
  /** What the window loads, and the only URL allowed to call the engine over IPC. */
  url: string;
  /** Set in development: the electron-vite dev server the renderer comes from. */
  devServerUrl?: string;
  /** A dev server URL that was refused (not loopback http, or the app is packaged); the caller logs it. */
  refusedDevServerUrl?: string;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Picks where the renderer comes from. `electron-vite dev` sets ELECTRON_RENDERER_URL to its dev server; a packaged
 * app ignores it, and so does anything that is not plain http on this machine — whoever the app loads gets to call
 * the engine, so an environment variable must not be able to point it at the network.
 */
export function resolveAppLocation(opts: {
  devServerUrl: string | undefined;
  isPackaged: boolean;
  rendererHtml: string;
}): AppLocation {
  const production: AppLocation = { url: pathToFileURL(opts.rendererHtml).href };
  if (opts.devServerUrl === undefined || opts.devServerUrl === '') return production;
  const refused: AppLocation = { ...production, refusedDevServerUrl: opts.devServerUrl };
  if (opts.isPackaged || !URL.canParse(opts.devServerUrl)) return refused;
  const dev = new URL(opts.devServerUrl);
  if (dev.protocol !== 'http:' || !LOOPBACK_HOSTS.has(dev.hostname)) return refused;
  return { url: dev.href, devServerUrl: dev.href };
}
