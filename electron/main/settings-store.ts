import type { SettingsStore } from '../engine/ports';

export interface ElectronSettingsOptions {
  /**
   * Folder of the settings file. The app passes its data dir, so the desktop app and `livehook serve` (which writes
   * `<dataDir>/settings.json` as plain JSON too) read and write the same settings.
   */
  cwd: string;
  /** File name without extension. Default `settings`. */
  name?: string;
}

/**
 * The desktop shell's SettingsStore, over electron-store. electron-store is ESM-only and imports 'electron' at its top
 * level, so it is loaded lazily here: importing this module (as vitest does) never loads Electron.
 */
export async function createElectronSettingsStore(opts: ElectronSettingsOptions): Promise<SettingsStore> {
  const { default: ElectronStore } = await import('electron-store');
  const store = new ElectronStore<Record<string, unknown>>({
    cwd: opts.cwd,
    name: opts.name ?? 'settings',
    // Keys are flat names ("livechat.region" is one key), as in the headless shell's file store.
    accessPropertiesByDotNotation: false,
  });
  return {
    get: <T>(key: string) => store.get(key) as T | undefined,
    set: (key, value) => {
      // electron-store refuses `undefined`; for a key/value store it means "no value".
      if (value === undefined) store.delete(key);
      else store.set(key, value);
    },
  };
}
