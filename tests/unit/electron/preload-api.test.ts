import { describe, expect, it, vi } from 'vitest';
import { IPC_CALL, IPC_PUSH, IPC_READY } from '@shared/api/ipc';
import type { MethodName } from '@shared/api/contract';
import { buildPreloadApi, type IpcRendererLike } from '../../../electron/preload/api';

type IpcListener = (event: unknown, ...args: unknown[]) => void;

function fakeIpcRenderer() {
  const listeners = new Map<string, Set<IpcListener>>();
  const ipc = {
    invoke: vi.fn(async (_channel: string, ..._args: unknown[]): Promise<unknown> => ({ ok: true, value: 'pong' })),
    send: vi.fn((_channel: string, ..._args: unknown[]) => undefined),
    on: vi.fn((channel: string, listener: IpcListener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    }),
    removeListener: vi.fn((channel: string, listener: IpcListener) => void listeners.get(channel)?.delete(listener)),
  } satisfies IpcRendererLike;
  /** Delivers a message the way Electron does: an event object first. */
  const deliver = (channel: string, message: unknown) => {
    for (const l of listeners.get(channel) ?? []) l({ sender: 'electron-event', ports: [] }, message);
  };
  return { ipc, deliver, count: (channel: string) => listeners.get(channel)?.size ?? 0 };
}

describe('preload api', () => {
  it('exposes exactly call and onPush, and nothing of ipcRenderer', () => {
    const { ipc } = fakeIpcRenderer();
    const api = buildPreloadApi(ipc);
    expect(Object.keys(api).sort()).toEqual(['call', 'onPush']);
    expect(typeof api.call).toBe('function');
    expect(typeof api.onPush).toBe('function');
    expect(Object.values(api)).not.toContain(ipc);
  });

  it('invokes IPC_CALL with { method, params } for a contract method', async () => {
    const { ipc } = fakeIpcRenderer();
    const api = buildPreloadApi(ipc);
    await expect(api.call('events.list', { limit: 3 })).resolves.toEqual({ ok: true, value: 'pong' });
    expect(ipc.invoke).toHaveBeenCalledExactlyOnceWith(IPC_CALL, { method: 'events.list', params: { limit: 3 } });
  });

  it.each(['shell.openExternal', 'constructor', '__proto__', 42])('refuses %j without touching IPC', async (method) => {
    const { ipc } = fakeIpcRenderer();
    const api = buildPreloadApi(ipc);
    const result = await api.call(method as MethodName, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(ipc.invoke).not.toHaveBeenCalled();
  });

  it('answers unavailable when the main process has no handler', async () => {
    const { ipc } = fakeIpcRenderer();
    ipc.invoke.mockRejectedValueOnce(new Error("No handler registered for 'livehook:call'"));
    const result = await buildPreloadApi(ipc).call('receiver.info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('delivers pushes without the Electron event, and signals ready once', () => {
    const { ipc, deliver } = fakeIpcRenderer();
    const api = buildPreloadApi(ipc);
    expect(ipc.send).not.toHaveBeenCalled();

    const first = vi.fn();
    const second = vi.fn();
    api.onPush(first);
    api.onPush(second);
    expect(ipc.send).toHaveBeenCalledExactlyOnceWith(IPC_READY);
    expect(ipc.on).toHaveBeenCalledTimes(1);

    deliver(IPC_PUSH, { event: 'event.captured', payload: { id: 'x' }, seq: 1 });
    expect(first).toHaveBeenCalledExactlyOnceWith('event.captured', { id: 'x' });
    expect(second).toHaveBeenCalledExactlyOnceWith('event.captured', { id: 'x' });
  });

  it('drops malformed pushes and unknown push names', () => {
    const { ipc, deliver } = fakeIpcRenderer();
    const listener = vi.fn();
    buildPreloadApi(ipc).onPush(listener);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    deliver(IPC_PUSH, { event: 'not.a.push', payload: {}, seq: 1 });
    deliver(IPC_PUSH, 'event.captured');
    expect(listener).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it('unsubscribes, removing the IPC listener with the last subscriber', () => {
    const { ipc, deliver, count } = fakeIpcRenderer();
    const api = buildPreloadApi(ipc);
    const a = vi.fn();
    const b = vi.fn();
    const offA = api.onPush(a);
    const offB = api.onPush(b);
    offA();
    offA();
    deliver(IPC_PUSH, { event: 'events.cleared', payload: { removed: 2 }, seq: 1 });
    expect(a).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledTimes(1);
    expect(count(IPC_PUSH)).toBe(1);
    offB();
    expect(count(IPC_PUSH)).toBe(0);
  });

  it('keeps delivering to other listeners when one throws', () => {
    const { ipc, deliver } = fakeIpcRenderer();
    const api = buildPreloadApi(ipc);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    api.onPush(() => {
      throw new Error('listener bug');
    });
    const after = vi.fn();
    api.onPush(after);
    deliver(IPC_PUSH, { event: 'event.captured', payload: {}, seq: 1 });
    expect(after).toHaveBeenCalledTimes(1);
    expect(error).toHaveBeenCalledTimes(1);
    error.mockRestore();
  });
});
