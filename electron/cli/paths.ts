import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The default data dir: the same folder the desktop app uses (Electron's userData for an app named "livehook",
 * plus /data), so history captured headless shows up in the desktop app and back.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.LIVEHOOK_DATA_DIR) return env.LIVEHOOK_DATA_DIR;
  const home = homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'livehook', 'data');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'livehook', 'data');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'livehook', 'data');
}
