// Whether `npm start` can run the desktop app, decided without importing the `electron` package: its index.js throws
// when the binary was never downloaded, and newer versions try to download it on import. Plain Node, no TypeScript,
// so `npm start` works before anything is built. Types for tests: electron-binary.d.mts.
import { join } from 'node:path';

/** The project-relative file `livehook serve` needs (bin/livehook.js imports it). */
export const HEADLESS_CLI = join('out', 'main', 'cli.js');

/**
 * Where `require('electron')` would point, following node_modules/electron/index.js: `path.txt` names the executable
 * under `dist/` (or under ELECTRON_OVERRIDE_DIST_PATH when set) — and the file must actually be there.
 * @param {{ electronDir: string | undefined, env: Record<string, string | undefined>,
 *           exists(path: string): boolean, readFile(path: string): string }} view
 * @returns {{ found: true, path: string } | { found: false, reason: string }}
 */
export function locateElectronBinary(view) {
  if (view.electronDir === undefined) return { found: false, reason: 'the electron package is not installed' };
  const pathFile = join(view.electronDir, 'path.txt');
  const relative = view.exists(pathFile) ? view.readFile(pathFile).trim() : '';
  const override = view.env.ELECTRON_OVERRIDE_DIST_PATH;
  let binary;
  if (override) binary = join(override, relative || 'electron');
  else if (relative) binary = join(view.electronDir, 'dist', relative);
  else return { found: false, reason: `${pathFile} is missing (the Electron binary was never downloaded)` };
  return view.exists(binary) ? { found: true, path: binary } : { found: false, reason: `${binary} does not exist` };
}

/**
 * What `npm start` does: the desktop app when its binary is there (always rebuilding first, the binary runs what
 * `out/` holds), otherwise the headless inspector, building only when the CLI bundle is missing.
 * @param {{ electronDir: string | undefined, env: Record<string, string | undefined>, projectRoot: string,
 *           exists(path: string): boolean, readFile(path: string): string }} view
 * @returns {{ mode: 'electron', binary: string, build: true }
 *         | { mode: 'headless', reason: string, build: boolean }}
 */
export function decideStart(view) {
  const located = locateElectronBinary(view);
  if (located.found) return { mode: 'electron', binary: located.path, build: true };
  return { mode: 'headless', reason: located.reason, build: !view.exists(join(view.projectRoot, HEADLESS_CLI)) };
}

/**
 * The electron package folder, or undefined when it is not installed. Resolves its package.json (electron has no
 * `exports` map, so this is allowed) instead of the package itself, which would run its index.js.
 * @param {{ resolve(id: string): string }} require
 * @returns {string | undefined}
 */
export function electronPackageDir(require) {
  try {
    return join(require.resolve('electron/package.json'), '..');
  } catch (err) {
    if (err && err.code === 'MODULE_NOT_FOUND') return undefined; // decideStart reports it and falls back to headless
    throw err;
  }
}
