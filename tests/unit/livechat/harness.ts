import type { TunnelStatus, TunnelUrlChange } from '../../../shared/api/domains/tunnel';
import { DEFAULT_TUNNEL_SETTINGS } from '../../../shared/api/domains/tunnel';
import { createLiveChat, type LiveChat, type LiveChatDeps } from '../../../electron/engine/livechat/create-livechat';
import { createLogger } from '../../../electron/engine/logger';
import { createMemorySecretStore, createMemorySettingsStore, type SecretStore, type SettingsStore } from '../../../electron/engine/ports';

export interface Harness {
  lc: LiveChat;
  /** Every push, in order. */
  pushes: Array<{ event: string; payload: unknown }>;
  /** Every log line (JSON), for "no secret in the logs" checks. */
  logLines: string[];
  /** Every value ever written to the SecretStore. */
  secretValues: string[];
  secrets: SecretStore;
  settings: SettingsStore;
  /** URLs handed to the system browser. */
  opened: string[];
  /** Moves the public URL and tells LiveChat, as the tunnel supervisor would. */
  setPublicUrl(url: string | undefined): void;
  changeUrl(change: TunnelUrlChange): void;
  tunnel: { status: TunnelStatus };
}

/** createLiveChat with memory stores and a recording logger, as the engine would build it. */
export function makeLiveChat(overrides: Partial<LiveChatDeps> = {}, initial?: { secrets?: SecretStore; settings?: SettingsStore }): Harness {
  const pushes: Harness['pushes'] = [];
  const logLines: string[] = [];
  const secretValues: string[] = [];
  const opened: string[] = [];
  const inner = initial?.secrets ?? createMemorySecretStore();
  const secrets: SecretStore = {
    get: (k) => inner.get(k),
    delete: (k) => inner.delete(k),
    set: async (k, v) => {
      secretValues.push(v);
      await inner.set(k, v);
    },
  };
  const settings = initial?.settings ?? createMemorySettingsStore();
  let publicUrl: string | undefined;
  const urlListeners = new Set<(c: TunnelUrlChange) => void>();
  const tunnel = { status: { state: 'stopped', reconnects: 0, lastError: null, lastErrorAt: null, onlineSince: null, lastUrl: null, settings: DEFAULT_TUNNEL_SETTINGS } as TunnelStatus };
  const logger = createLogger({ level: 'debug', sink: { write: (line) => void logLines.push(line) } });
  const lc = createLiveChat({
    logger,
    secrets,
    settings,
    openExternal: async (url) => {
      opened.push(url);
    },
    publicUrl: () => publicUrl,
    onPublicUrlChanged: (l) => {
      urlListeners.add(l);
      return () => urlListeners.delete(l);
    },
    tunnelStatus: () => tunnel.status,
    emit: (event, payload) => void pushes.push({ event, payload }),
    ...overrides,
  });
  return {
    lc,
    pushes,
    logLines,
    secretValues,
    secrets,
    settings,
    opened,
    tunnel,
    setPublicUrl(url) {
      publicUrl = url;
      tunnel.status =
        url === undefined
          ? { ...tunnel.status, state: 'stopped' }
          : ({ ...tunnel.status, state: 'online', url, since: new Date().toISOString(), onlineSince: new Date().toISOString(), lastUrl: url } as TunnelStatus);
    },
    changeUrl(change) {
      this.setPublicUrl(change.url);
      for (const l of urlListeners) l(change);
    },
  };
}

/** Fails when any secret value appears in any of the texts. */
export function leaks(secretValues: string[], texts: string[]): string[] {
  const found: string[] = [];
  for (const secret of secretValues) {
    // The session is stored as one JSON entry: its secret fields are what must not leak (ids and scopes may show).
    const session = secret.startsWith('{') ? (JSON.parse(secret) as Record<string, unknown>) : undefined;
    const values = session ? [session.accessToken, session.refreshToken, session.pat].filter((v): v is string => typeof v === 'string') : [secret];
    for (const value of values) if (texts.some((t) => t.includes(value))) found.push(value.slice(0, 6) + '…');
  }
  return found;
}
