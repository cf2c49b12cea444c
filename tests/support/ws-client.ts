import WebSocket from 'ws';
import { createClient, type ApiClient } from '../../shared/api/client';
import type { PayloadOf, PushName } from '../../shared/api/contract';
import { WS_PATH } from '../../shared/api/ipc';
import { createWebSocketTransport, type WebSocketTransport } from '../../shared/api/ws-transport';

/** A contract client over a real WebSocket (the same transport the browser renderer uses). */
export async function connectClient(controlUrl: string, token: string): Promise<{ client: ApiClient; transport: WebSocketTransport; close(): void }> {
  const transport = createWebSocketTransport({
    url: controlUrl.replace(/^http/, 'ws') + WS_PATH,
    token,
    create: (url, protocols) => new WebSocket(url, protocols) as unknown as import('../../shared/api/ws-transport').WebSocketLike,
  });
  await new Promise<void>((resolve, reject) => {
    const off = transport.onState((state, detail) => {
      if (state === 'open') {
        off();
        resolve();
      } else if (state === 'closed') {
        off();
        reject(new Error(`control connection closed: ${detail ?? ''}`));
      }
    });
  });
  return { client: createClient(transport), transport, close: () => transport.close() };
}

/** Resolves with the next `count` pushes of one kind. */
export function nextPushes<E extends PushName>(client: ApiClient, event: E, count: number, timeoutMs = 10_000): Promise<PayloadOf<E>[]> {
  return new Promise((resolve, reject) => {
    const got: PayloadOf<E>[] = [];
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${count} ${event} pushes (got ${got.length})`));
    }, timeoutMs);
    const off = client.on(event, (payload) => {
      got.push(payload);
      if (got.length === count) {
        clearTimeout(timer);
        off();
        resolve(got);
      }
    });
  });
}
