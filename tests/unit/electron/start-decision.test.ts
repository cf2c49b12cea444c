import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideStart, electronPackageDir, locateElectronBinary } from '../../../scripts/electron-binary.mjs';

const ROOT = '/work/livehook';
const ELECTRON = join(ROOT, 'node_modules', 'electron');
const CLI = join(ROOT, 'out', 'main', 'cli.js');

/** A fake file system: path → content. */
function view(files: Record<string, string>, env: Record<string, string | undefined> = {}, electronDir: string | undefined = ELECTRON) {
  return {
    electronDir,
    env,
    projectRoot: ROOT,
    exists: (path: string) => Object.hasOwn(files, path),
    readFile: (path: string) => {
      if (!Object.hasOwn(files, path)) throw new Error(`ENOENT ${path}`);
      return files[path]!;
    },
  };
}

describe('npm start: Electron binary detection', () => {
  it('runs the desktop app when path.txt names a binary that exists under dist/', () => {
    const files = { [join(ELECTRON, 'path.txt')]: 'electron', [join(ELECTRON, 'dist', 'electron')]: '' };
    expect(decideStart(view(files))).toEqual({ mode: 'electron', binary: join(ELECTRON, 'dist', 'electron'), build: true });
  });

  it('reads the macOS app bundle path from path.txt', () => {
    const rel = 'Electron.app/Contents/MacOS/Electron';
    const files = { [join(ELECTRON, 'path.txt')]: `${rel}\n`, [join(ELECTRON, 'dist', rel)]: '' };
    expect(locateElectronBinary(view(files))).toEqual({ found: true, path: join(ELECTRON, 'dist', rel) });
  });

  it('falls back to headless, building first, when path.txt is missing (download never happened)', () => {
    const decision = decideStart(view({}));
    expect(decision).toMatchObject({ mode: 'headless', build: true });
    expect(decision.mode === 'headless' && decision.reason).toContain('path.txt');
  });

  it('falls back to headless when path.txt names a binary that is not there', () => {
    const files = { [join(ELECTRON, 'path.txt')]: 'electron', [CLI]: '' };
    expect(decideStart(view(files))).toEqual({
      mode: 'headless',
      reason: `${join(ELECTRON, 'dist', 'electron')} does not exist`,
      build: false,
    });
  });

  it('falls back to headless when the electron package is not installed at all', () => {
    expect(decideStart(view({ [CLI]: '' }, {}, undefined))).toMatchObject({ mode: 'headless', build: false });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH like the electron package does', () => {
    const files = { [join(ELECTRON, 'path.txt')]: 'electron', '/opt/electron/electron': '' };
    expect(locateElectronBinary(view(files, { ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron' }))).toEqual({
      found: true,
      path: '/opt/electron/electron',
    });
    expect(locateElectronBinary(view({}, { ELECTRON_OVERRIDE_DIST_PATH: '/nowhere' }))).toMatchObject({ found: false });
  });

  it('finds the electron package folder without loading the package', () => {
    const resolved: string[] = [];
    const dir = electronPackageDir({
      resolve: (id) => {
        resolved.push(id);
        return join(ELECTRON, 'package.json');
      },
    });
    expect(dir).toBe(ELECTRON);
    expect(resolved).toEqual(['electron/package.json']);
    const missing = Object.assign(new Error('Cannot find module'), { code: 'MODULE_NOT_FOUND' });
    expect(electronPackageDir({ resolve: () => { throw missing; } })).toBeUndefined();
  });

  it('agrees with this machine, where the binary was never downloaded', async () => {
    const { createRequire } = await import('node:module');
    const { existsSync, readFileSync } = await import('node:fs');
    const electronDir = electronPackageDir(createRequire(import.meta.url));
    expect(electronDir).toMatch(/node_modules[\\/]electron$/);
    const located = locateElectronBinary({ electronDir, env: {}, exists: existsSync, readFile: (p) => readFileSync(p, 'utf8') });
    // If someone installs the binary this flips, and `npm start` opens the desktop app instead of the browser.
    expect(located.found).toBe(existsSync(join(electronDir!, 'path.txt')));
  });
});
