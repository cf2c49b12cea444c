/** Where the headless control token is kept for the life of the tab (a reload must not lose it). */
export const TOKEN_STORAGE_KEY = 'livehook.token';

/** Subprotocol-safe characters: the token travels as `livehook.token.<token>` in Sec-WebSocket-Protocol. */
const TOKEN_PATTERN = /^[A-Za-z0-9._~-]{8,512}$/;

export interface TokenEnvironment {
  readonly location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  readonly history: Pick<History, 'replaceState' | 'state'>;
  /** Returns undefined when the browser refuses storage (privacy modes throw on access). */
  storage(): Pick<Storage, 'getItem' | 'setItem'> | undefined;
}

/**
 * `livehook serve` prints `http://127.0.0.1:<port>/#token=<hex>`. The fragment never reaches a server log, but it
 * stays in the address bar and in history, so the token is moved to sessionStorage and the fragment removed at once.
 */
export function takeControlToken(env: TokenEnvironment): string | undefined {
  const fromFragment = new URLSearchParams(env.location.hash.replace(/^#/, '')).get('token') ?? undefined;
  const storage = env.storage();
  if (fromFragment !== undefined) {
    env.history.replaceState(env.history.state, '', env.location.pathname + env.location.search);
    if (!TOKEN_PATTERN.test(fromFragment)) return undefined;
    if (storage) storage.setItem(TOKEN_STORAGE_KEY, fromFragment);
    else console.warn('livehook: sessionStorage is unavailable; the token will be lost on reload');
    return fromFragment;
  }
  const stored = storage?.getItem(TOKEN_STORAGE_KEY) ?? undefined;
  return stored !== undefined && TOKEN_PATTERN.test(stored) ? stored : undefined;
}
