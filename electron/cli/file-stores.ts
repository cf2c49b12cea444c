import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretStore, SettingsStore } from '../engine/ports';

/**
 * The headless shell's stores: plain JSON files in the data dir. Secrets go to a file only the user can read (0600);
 * the desktop app keeps them in the OS keychain instead (electron/main/secret-store.ts).
 */
function readJson(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${file} is not a JSON object`);
  return value as Record<string, unknown>;
}

/** Write to a temp file, then rename: a crash mid-write never leaves a half file. */
function writeJson(file: string, value: Record<string, unknown>, mode: number): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2), { mode });
  chmodSync(tmp, mode);
  renameSync(tmp, file);
}

export function createFileSettingsStore(dataDir: string): SettingsStore {
  const file = join(dataDir, 'settings.json');
  const values = readJson(file);
  return {
    get: <T>(key: string) => values[key] as T | undefined,
    set: (key, value) => {
      values[key] = value;
      writeJson(file, values, 0o644);
    },
  };
}

export function createFileSecretStore(dataDir: string): SecretStore {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) chmodSync(file, 0o600);
  const values = readJson(file) as Record<string, string>;
  return {
    get: async (key) => values[key],
    set: async (key, value) => {
      values[key] = value;
      writeJson(file, values, 0o600);
    },
    delete: async (key) => {
      delete values[key];
      writeJson(file, values, 0o600);
    },
  };
}
