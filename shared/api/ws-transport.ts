import type { MethodName, PushName } from './contract';
import { isPushName } from './contract';
import type { Transport } from './client';
import { WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX } from './ipc';
import { parseServerEnvelope, type Result } from './wire';

/** The part of the WHATWG WebSocket API this transport uses (browsers and the `ws` package both provide it). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error' | 'message', listener: (ev: { data?: unknown; code?: number; reason?: string }) => void): void;
}
export type WebSocketFactory = (url: string, protocols: string[]) => WebSocketLike;

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface WebSocketTransport extends Transport {
  readonly state: ConnectionState;
  onState(listener: (state: ConnectionState, detail?: string) => void): () => void;
  /** Called after every re-connection (not the first), so the app can fetch what it missed by seq. */
  onReconnect(listener: () => void): () => void;
  close(): void;
}

interface Pending {
  resolve: (r: Result<unknown>) => void;
  timer: ReturnType<typeof setTimeout>;
}

const OPEN = 1;

/**
 * A transport over one WebSocket to the headless control server. Reconnects with backoff (0.25 s → 5 s) and fails
 * pending calls with `unavailable` when the socket drops, so nothing waits forever.
 */
export function createWebSocketTransport(opts: {
  url: string;
  token: string;
  create: WebSocketFactory;
  callTimeoutMs?: number;
}): WebSocketTransport {
  const callTimeoutMs = opts.callTimeoutMs ?? 30_000;
  const pushListeners = new Set<(event: PushName, payload: unknown) => void>();
  const stateListeners = new Set<(state: ConnectionState, detail?: string) => void>();
  const reconnectListeners = new Set<() => void>();
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  let nextId = 1;
  let state: ConnectionState = 'connecting';
  let socket: WebSocketLike;
  let everOpened = false;
  let attempt = 0;
  let closedByUser = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  function setState(next: ConnectionState, detail?: string): void {
    state = next;
    for (const l of stateListeners) l(next, detail);
  }

  function failPending(message: string): void {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      p.resolve({ ok: false, error: { code: 'unavailable', message } });
      pending.delete(id);
    }
  }

  function connect(): void {
    socket = opts.create(opts.url, [WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX + opts.token]);
    socket.addEventListener('open', () => {
      attempt = 0;
      const reconnected = everOpened;
      everOpened = true;
      setState('open');
      for (const frame of queue.splice(0)) socket.send(frame);
      if (reconnected) for (const l of reconnectListeners) l();
    });
    socket.addEventListener('message', (ev) => {
      const envelope = typeof ev.data === 'string' ? parseServerEnvelope(ev.data) : undefined;
      if (envelope === undefined) {
        // A frame we cannot read is a server bug; say so instead of dropping it silently.
        console.error('livehook: ignored a malformed frame from the control server');
        return;
      }
      if (envelope.type === 'response') {
        const p = pending.get(envelope.id);
        if (!p) return;
        pending.delete(envelope.id);
        clearTimeout(p.timer);
        p.resolve(envelope.result);
      } else if (isPushName(envelope.event)) {
        for (const l of pushListeners) l(envelope.event, envelope.payload);
      }
    });
    socket.addEventListener('close', (ev) => {
      failPending('The connection to LiveHook was lost.');
      if (closedByUser) {
        setState('closed');
        return;
      }
      // 4401 = refused token: retrying cannot help.
      if (ev.code === 4401) {
        setState('closed', ev.reason || 'The control token was refused.');
        return;
      }
      attempt += 1;
      const delay = Math.min(5_000, 250 * 2 ** Math.min(attempt - 1, 5));
      setState('reconnecting', `retrying in ${Math.round(delay / 100) / 10} s`);
      retryTimer = setTimeout(connect, delay);
    });
    socket.addEventListener('error', () => {
      // 'close' follows every 'error' and carries the reconnect logic.
    });
  }

  connect();

  return {
    get state() {
      return state;
    },
    call(method: MethodName, params: unknown) {
      return new Promise<Result<unknown>>((resolve) => {
        const id = nextId++;
        const frame = JSON.stringify({ type: 'request', id, method, params });
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve({ ok: false, error: { code: 'timeout', message: `${method} got no answer in ${callTimeoutMs} ms` } });
        }, callTimeoutMs);
        pending.set(id, { resolve, timer });
        if (socket.readyState === OPEN) socket.send(frame);
        else queue.push(frame);
      });
    },
    onPush(listener) {
      pushListeners.add(listener);
      return () => pushListeners.delete(listener);
    },
    onState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    close() {
      closedByUser = true;
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      socket.close(1000, 'client closed');
    },
  };
}
