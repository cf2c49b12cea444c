import type { Transport } from '@shared/api/client';
import type { ConnectionState, WebSocketTransport } from '@shared/api/ws-transport';

export type { ConnectionState };

/**
 * A transport plus what the app needs to know about its link: whether it is up, and when it came back after a drop
 * (so the store can fetch what it missed by seq). The renderer never learns which shell it is talking to beyond this.
 */
export interface Connection {
  readonly transport: Transport;
  readonly state: ConnectionState;
  onState(listener: (state: ConnectionState, detail?: string) => void): () => void;
  onReconnect(listener: () => void): () => void;
}

/** Electron IPC cannot drop while the window lives, so it is always `open` and never reconnects. */
export function ipcConnection(transport: Transport): Connection {
  return {
    transport,
    state: 'open',
    onState: () => () => undefined,
    onReconnect: () => () => undefined,
  };
}

export function webSocketConnection(transport: WebSocketTransport): Connection {
  return {
    transport,
    get state() {
      return transport.state;
    },
    onState: (listener) => transport.onState(listener),
    onReconnect: (listener) => transport.onReconnect(listener),
  };
}
