/**
 * What a shell hands the engine. The engine never reaches for these itself (no `electron`, no global clock in logic
 * that tests need to control), so it runs the same under the desktop app, the headless CLI and vitest.
 */

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** The subset of pino's API the engine uses; `createLogger` returns a pino instance. */
export interface Logger {
  child(bindings: Record<string, unknown>): Logger;
  trace(obj: object | string, msg?: string): void;
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

/**
 * Secrets (LiveChat tokens, webhook secrets). The desktop shell keeps them encrypted with `safeStorage`; the
 * headless shell in a file readable only by the user. Values never cross to the renderer.
 */
export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Non-secret settings. The desktop shell backs this with electron-store; the headless shell with a JSON file. */
export interface SettingsStore {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
}

/**
 * Opens a URL in the user's own browser (OAuth sign-in). The desktop shell uses `shell.openExternal`; the headless
 * shell prints the URL (and tries the platform's opener); tests follow the URL themselves.
 */
export type OpenExternal = (url: string) => Promise<void>;

/** In-memory stores, for tests and for `--ephemeral` runs. */
export function createMemorySecretStore(): SecretStore {
  const values = new Map<string, string>();
  return {
    get: async (key) => values.get(key),
    set: async (key, value) => {
      values.set(key, value);
    },
    delete: async (key) => {
      values.delete(key);
    },
  };
}

export function createMemorySettingsStore(initial: Record<string, unknown> = {}): SettingsStore {
  const values = new Map<string, unknown>(Object.entries(initial));
  return {
    get: <T>(key: string) => values.get(key) as T | undefined,
    set: (key, value) => {
      values.set(key, value);
    },
  };
}
