import type { Transport } from '@shared/api/client';
import { isMethodName, isPushName, type PushName } from '@shared/api/contract';
import { IPC_CALL, IPC_PUSH, IPC_READY } from '@shared/api/ipc';
import type { Result } from '@shared/api/wire';

/**
 * What the preload hands the page as `window.livehook`: exactly the Transport shape, nothing of ipcRenderer itself.
 * Kept apart from preload/index.ts (the only file that touches 'electron') so tests build it with a fake ipcRenderer.
 */

type IpcListener = (event: unknown, ...args: unknown[]) => void;

/** The slice of Electron's ipcRenderer this file uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: IpcListener): unknown;
  removeListener(channel: string, listener: IpcListener): unknown;
}

type PushListener = (event: PushName, payload: unknown) => void;

function isPushMessage(value: unknown): value is { event: PushName; payload: unknown; seq: number } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return isPushName(v.event) && typeof v.seq === 'number';
}

export function buildPreloadApi(ipc: IpcRendererLike) {
  const listeners = new Set<PushListener>();
  let readySent = false;

  // One ipcRenderer listener for all subscribers; the Electron event object stays on this side of the bridge.
  const onIpcPush: IpcListener = (_event, message) => {
    if (!isPushMessage(message)) {
      console.warn('livehook: ignored a malformed push', message);
      return;
    }
    for (const listener of listeners) {
      try {
        listener(message.event, message.payload);
      } catch (err) {
        console.error(`livehook: a ${message.event} listener failed`, err);
      }
    }
  };

  const api = {
    call(method, params) {
      if (!isMethodName(method)) {
        const result: Result<unknown> = {
          ok: false,
          error: { code: 'unknown_method', message: `"${String(method)}" is not a LiveHook method.` },
        };
        return Promise.resolve(result);
      }
      return ipc.invoke(IPC_CALL, { method, params }).then(
        (result) => result as Result<unknown>,
        // Only reached when the main process has no handler (it is starting or gone); the caller still gets a code.
        (err: unknown): Result<unknown> => ({
          ok: false,
          error: { code: 'unavailable', message: `LiveHook is not answering: ${err instanceof Error ? err.message : String(err)}` },
        }),
      );
    },
    onPush(listener) {
      if (listeners.size === 0) ipc.on(IPC_PUSH, onIpcPush);
      listeners.add(listener);
      // The main process queues pushes until this arrives, so nothing emitted while the page loaded is lost.
      if (!readySent) {
        readySent = true;
        ipc.send(IPC_READY);
      }
      return () => {
        if (!listeners.delete(listener)) return;
        if (listeners.size === 0) ipc.removeListener(IPC_PUSH, onIpcPush);
      };
    },
  } satisfies Transport;
  return api;
}
