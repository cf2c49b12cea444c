import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '@shared/api/errors';
import type { Logger, SecretStore } from '../engine/ports';

/**
 * The desktop shell's SecretStore: each value encrypted with Electron's `safeStorage` (Keychain on macOS, DPAPI on
 * Windows, libsecret/kwallet on Linux), stored base64 in a JSON file only the user can read. Electron's safeStorage
 * and the file path are handed in, so tests run it with a fake cipher and a temp file.
 */

/** The slice of Electron's `safeStorage` used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only. */
  getSelectedStorageBackend?(): string;
}

export interface SafeSecretStoreOptions {
  safeStorage: SafeStorageLike;
  /** `<userData>/secrets.json` in the app. */
  file: string;
  platform: NodeJS.Platform;
  logger: Logger;
}

interface SecretsFile {
  version: 1;
  /** key → base64 of safeStorage.encryptString(value) */
  values: Record<string, string>;
}

const FILE_MODE = 0o600;

function isSecretsFile(value: unknown): value is SecretsFile {
  if (typeof value !== 'object' || value === null) return false;
  const f = value as Record<string, unknown>;
  return (
    f.version === 1 &&
    typeof f.values === 'object' &&
    f.values !== null &&
    !Array.isArray(f.values) &&
    Object.values(f.values).every((v) => typeof v === 'string')
  );
}

function readSecretsFile(file: string): SecretsFile {
  if (!existsSync(file)) return { version: 1, values: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    throw new AppError('internal', `${file} is not valid JSON (${err.message})`);
  }
  if (!isSecretsFile(parsed)) throw new AppError('internal', `${file} is not a LiveHook secrets file`);
  return { version: 1, values: { ...parsed.values } };
}

/** Temp file then rename, both 0600: a crash mid-write never leaves a half file, and no moment is world-readable. */
function writeSecretsFile(file: string, content: SecretsFile): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(content, null, 2)}\n`, { mode: FILE_MODE });
  chmodSync(tmp, FILE_MODE);
  renameSync(tmp, file);
}

export function createSafeSecretStore(opts: SafeSecretStoreOptions): SecretStore {
  const { safeStorage, file, platform } = opts;
  const log = opts.logger.child({ module: 'secrets' });
  let cache: SecretsFile | undefined;
  let backendChecked = false;

  const load = (): SecretsFile => {
    if (cache === undefined) {
      if (existsSync(file)) chmodSync(file, FILE_MODE); // tighten a file copied in with looser rights
      cache = readSecretsFile(file);
    }
    return cache;
  };

  /** Refuses rather than writing a secret the OS cannot protect. */
  const requireEncryption = (): void => {
    if (!safeStorage.isEncryptionAvailable()) {
      const where = platform === 'darwin' ? 'the macOS Keychain' : platform === 'win32' ? 'Windows DPAPI' : 'the system keyring';
      throw new AppError(
        'unavailable',
        `Cannot keep secrets: ${where} is not available, and LiveHook will not store secrets in plain text.`,
      );
    }
    if (platform === 'linux' && !backendChecked) {
      backendChecked = true;
      const backend = safeStorage.getSelectedStorageBackend?.();
      if (backend === 'basic_text') {
        // Chromium's fallback when no keyring (gnome-libsecret, kwallet) is running: the key is a constant, so the
        // file is only obscured. Still 0600; the user should know.
        log.warn({ backend, file }, 'no system keyring found: secrets are obscured, not encrypted (install or unlock a keyring)');
      }
    }
  };

  return {
    async get(key) {
      const encoded = load().values[key];
      if (encoded === undefined) return undefined;
      requireEncryption();
      try {
        return safeStorage.decryptString(Buffer.from(encoded, 'base64'));
      } catch (err) {
        // Typically the keychain entry was reset or the file came from another machine: the secret is gone.
        log.error({ err, key }, 'could not decrypt a stored secret');
        throw new AppError('unavailable', `The stored secret "${key}" cannot be decrypted on this machine; sign in again.`);
      }
    },
    async set(key, value) {
      requireEncryption();
      const encoded = safeStorage.encryptString(value).toString('base64');
      const current = load();
      const next: SecretsFile = { version: 1, values: { ...current.values, [key]: encoded } };
      writeSecretsFile(file, next);
      cache = next;
    },
    async delete(key) {
      const current = load();
      if (!Object.hasOwn(current.values, key)) return;
      const values = { ...current.values };
      delete values[key];
      const next: SecretsFile = { version: 1, values };
      writeSecretsFile(file, next);
      cache = next;
    },
  };
}
