import type { Transport } from '@shared/api/client';
import { WS_PATH } from '@shared/api/ipc';
import { createWebSocketTransport, type WebSocketFactory } from '@shared/api/ws-transport';
import { ipcConnection, webSocketConnection, type Connection } from './connection';
import { takeControlToken, type TokenEnvironment } from './control-token';

export interface BrowserEnvironment extends TokenEnvironment {
  /** `window.livehook`, set by the Electron preload; absent in a plain browser. */
  readonly preload: unknown;
  readonly location: TokenEnvironment['location'] & Pick<Location, 'protocol' | 'host'>;
  readonly createWebSocket: WebSocketFactory;
}

export type ConnectionChoice =
  | { kind: 'desktop'; connection: Connection }
  | { kind: 'browser'; connection: Connection }
  | { kind: 'missing-token' };

/** The preload exposes exactly the Transport shape; anything else on `window.livehook` is not ours to call. */
export function isTransport(value: unknown): value is Transport {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.call === 'function' && typeof v.onPush === 'function';
}

export function controlSocketUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${WS_PATH}`;
}

/** Electron preload when present, otherwise the headless control server's WebSocket (which needs the token). */
export function selectConnection(env: BrowserEnvironment): ConnectionChoice {
  if (isTransport(env.preload)) return { kind: 'desktop', connection: ipcConnection(env.preload) };
  const token = takeControlToken(env);
  if (token === undefined) return { kind: 'missing-token' };
  const transport = createWebSocketTransport({ url: controlSocketUrl(env.location), token, create: env.createWebSocket });
  return { kind: 'browser', connection: webSocketConnection(transport) };
}

export function browserEnvironment(win: Window & { livehook?: unknown }): BrowserEnvironment {
  return {
    preload: win.livehook,
    location: win.location,
    history: win.history,
    storage() {
      try {
        return win.sessionStorage;
      } catch (err) {
        // Some privacy settings throw on any storage access; the caller keeps the token in memory instead.
        console.warn('livehook: sessionStorage is blocked', err);
        return undefined;
      }
    },
    createWebSocket: (url, protocols) => new WebSocket(url, protocols),
  };
}
