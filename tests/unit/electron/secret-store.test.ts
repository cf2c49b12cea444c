import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@shared/api/errors';
import { createSafeSecretStore, type SafeStorageLike } from '../../../electron/main/secret-store';
import { createRecordingLogger } from './fake-logger';

/** A stand-in cipher: reversible, and its output shares nothing readable with the input. */
function fakeSafeStorage(opts: { available?: boolean; backend?: string } = {}): SafeStorageLike & { encrypted: number } {
  const mask = (bytes: Buffer) => Buffer.from(bytes.map((b) => b ^ 0xa5));
  const storage = {
    encrypted: 0,
    isEncryptionAvailable: () => opts.available ?? true,
    encryptString(plain: string) {
      storage.encrypted += 1;
      return Buffer.concat([Buffer.from('v10'), mask(Buffer.from(plain, 'utf8'))]);
    },
    decryptString(data: Buffer) {
      if (data.subarray(0, 3).toString() !== 'v10') throw new Error('Error while decrypting the ciphertext');
      return mask(data.subarray(3)).toString('utf8');
    },
    getSelectedStorageBackend: () => opts.backend ?? 'gnome_libsecret',
  };
  return storage;
}

const SECRET = 'dal:live-chat-refresh-token-1234567890';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'livehook-secrets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('safeStorage secret store', () => {
  it('round-trips a secret through the file, which never holds it in plain text', async () => {
    const file = join(dir, 'secrets.json');
    const logger = createRecordingLogger();
    const safeStorage = fakeSafeStorage();
    const store = createSafeSecretStore({ safeStorage, file, platform: 'darwin', logger });
    await store.set('livechat.refreshToken', SECRET);
    expect(safeStorage.encrypted).toBe(1);

    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(Buffer.from(SECRET).toString('base64'));
    expect(text).not.toContain('live-chat');
    expect(JSON.parse(text)).toEqual({ version: 1, values: { 'livechat.refreshToken': expect.any(String) } });

    const reopened = createSafeSecretStore({ safeStorage, file, platform: 'darwin', logger });
    expect(await reopened.get('livechat.refreshToken')).toBe(SECRET);
    expect(await reopened.get('missing')).toBeUndefined();
  });

  it('writes the file readable by the user only', async () => {
    const file = join(dir, 'secrets.json');
    const store = createSafeSecretStore({ safeStorage: fakeSafeStorage(), file, platform: 'linux', logger: createRecordingLogger() });
    await store.set('a', 'b');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('deletes a secret', async () => {
    const file = join(dir, 'secrets.json');
    const safeStorage = fakeSafeStorage();
    const store = createSafeSecretStore({ safeStorage, file, platform: 'win32', logger: createRecordingLogger() });
    await store.set('a', 'one');
    await store.set('b', 'two');
    await store.delete('a');
    const reopened = createSafeSecretStore({ safeStorage, file, platform: 'win32', logger: createRecordingLogger() });
    expect(await reopened.get('a')).toBeUndefined();
    expect(await reopened.get('b')).toBe('two');
  });

  it.each(['darwin', 'win32', 'linux'] as const)('refuses to store anything when encryption is unavailable (%s)', async (platform) => {
    const file = join(dir, 'secrets.json');
    const store = createSafeSecretStore({
      safeStorage: fakeSafeStorage({ available: false }),
      file,
      platform,
      logger: createRecordingLogger(),
    });
    const err = await store.set('token', SECRET).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('unavailable');
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('warns once when Linux falls back to the basic_text backend', async () => {
    const logger = createRecordingLogger();
    const store = createSafeSecretStore({
      safeStorage: fakeSafeStorage({ backend: 'basic_text' }),
      file: join(dir, 'secrets.json'),
      platform: 'linux',
      logger,
    });
    await store.set('a', '1');
    await store.set('b', '2');
    const warnings = logger.records.filter((r) => r.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.obj).toMatchObject({ backend: 'basic_text' });
  });

  it('does not warn for a real keyring', async () => {
    const logger = createRecordingLogger();
    const store = createSafeSecretStore({
      safeStorage: fakeSafeStorage({ backend: 'kwallet5' }),
      file: join(dir, 'secrets.json'),
      platform: 'linux',
      logger,
    });
    await store.set('a', '1');
    expect(logger.records.filter((r) => r.level === 'warn')).toEqual([]);
  });

  it('reports a secret that cannot be decrypted as unavailable, and logs it', async () => {
    const file = join(dir, 'secrets.json');
    await writeFile(file, JSON.stringify({ version: 1, values: { token: Buffer.from('garbage').toString('base64') } }));
    const logger = createRecordingLogger();
    const store = createSafeSecretStore({ safeStorage: fakeSafeStorage(), file, platform: 'darwin', logger });
    await expect(store.get('token')).rejects.toMatchObject({ code: 'unavailable' });
    expect(logger.records).toContainEqual(expect.objectContaining({ level: 'error', obj: expect.objectContaining({ key: 'token' }) }));
  });

  it('refuses a file that is not a secrets file', async () => {
    const file = join(dir, 'secrets.json');
    await writeFile(file, JSON.stringify({ token: 'plain' }));
    const store = createSafeSecretStore({ safeStorage: fakeSafeStorage(), file, platform: 'darwin', logger: createRecordingLogger() });
    await expect(store.get('token')).rejects.toMatchObject({ code: 'internal' });
  });
});
