import { describe, expect, it, vi } from 'vitest';
import { IPC_CALL, IPC_PUSH, IPC_READY } from '@shared/api/ipc';
import type { PushName } from '@shared/api/contract';
import type { Result } from '@shared/api/wire';
import {
  type BridgeContents,
  type BridgeWindow,
  type FrameLike,
  IpcBridge,
  type IpcMainLike,
  type IpcSenderEvent,
  type NavigationStart,
  type PushMessage,
} from '../../../electron/main/ipc-bridge';
import type { PushListener } from '../../../electron/engine/types';
import { createRecordingLogger } from './fake-logger';

const APP_URL = 'file:///app/out/renderer/index.html';

function frame(url: string, frameToken: string, parent: unknown = null): FrameLike {
  return { url, frameToken, parent };
}

/** A window whose main frame shows `url`; `sent` records what went to the renderer. */
function fakeWindow(url = APP_URL) {
  const sent: Array<{ channel: string; message: PushMessage }> = [];
  const handlers = new Map<string, (arg?: NavigationStart) => void>();
  let destroyed = false;
  const contents = {
    id: 7,
    mainFrame: frame(url, 'main-token'),
    isDestroyed: () => destroyed,
    send: (channel: string, message: PushMessage) => void sent.push({ channel, message }),
    on: (event: string, listener: (arg?: NavigationStart) => void) => void handlers.set(event, listener),
  } as unknown as BridgeContents;
  const win: BridgeWindow = { webContents: contents, isDestroyed: () => destroyed };
  return {
    win,
    contents,
    sent,
    emit: (event: string, arg?: NavigationStart) => handlers.get(event)!(arg),
    destroy: () => void (destroyed = true),
    /** An IPC event sent by this window's main frame. */
    fromMain: (): IpcSenderEvent => ({ sender: { id: 7 }, senderFrame: contents.mainFrame }),
  };
}

function fakeIpcMain() {
  const handlers = new Map<string, (event: IpcSenderEvent, ...args: unknown[]) => unknown>();
  const listeners = new Map<string, (event: IpcSenderEvent, ...args: unknown[]) => void>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
    on: (channel, listener) => void listeners.set(channel, listener),
    removeListener: (channel) => void listeners.delete(channel),
  };
  return {
    ipcMain,
    handlers,
    listeners,
    invoke: (event: IpcSenderEvent, envelope: unknown) => handlers.get(IPC_CALL)!(event, envelope) as Promise<Result<unknown>>,
    ready: (event: IpcSenderEvent) => listeners.get(IPC_READY)!(event),
  };
}

function fakeEngine() {
  let pushListener: PushListener | undefined;
  const dispatch = vi.fn(async (method: string, params: unknown): Promise<Result<unknown>> => ({
    ok: true,
    value: { method, params },
  }));
  return {
    engine: {
      dispatch,
      onPush: (listener: PushListener) => {
        pushListener = listener;
        return () => void (pushListener = undefined);
      },
    },
    dispatch,
    emit: (event: PushName, payload: unknown) => pushListener!(event, payload),
    subscribed: () => pushListener !== undefined,
  };
}

function setup(opts: { url?: string; maxQueued?: number } = {}) {
  const window = fakeWindow(opts.url);
  const ipc = fakeIpcMain();
  const engine = fakeEngine();
  const logger = createRecordingLogger();
  let current: BridgeWindow | undefined = window.win;
  const bridge = new IpcBridge({
    ipcMain: ipc.ipcMain,
    engine: engine.engine,
    getWindow: () => current,
    appUrl: APP_URL,
    logger,
    ...(opts.maxQueued !== undefined ? { maxQueued: opts.maxQueued } : {}),
  });
  bridge.start();
  bridge.watch(window.contents);
  return { bridge, window, ipc, engine, logger, closeWindow: () => void (current = undefined) };
}

describe('IPC calls', () => {
  it('passes a call from the app main frame to engine.dispatch and returns its result', async () => {
    const { ipc, engine, window } = setup();
    const result = await ipc.invoke(window.fromMain(), { method: 'events.list', params: { limit: 5 } });
    expect(engine.dispatch).toHaveBeenCalledExactlyOnceWith('events.list', { limit: 5 });
    expect(result).toEqual({ ok: true, value: { method: 'events.list', params: { limit: 5 } } });
  });

  it('passes missing params as an empty object', async () => {
    const { ipc, engine, window } = setup();
    await ipc.invoke(window.fromMain(), { method: 'receiver.info' });
    expect(engine.dispatch).toHaveBeenCalledWith('receiver.info', {});
  });

  const foreign: Array<[string, (w: ReturnType<typeof fakeWindow>) => IpcSenderEvent]> = [
    ['another webContents', () => ({ sender: { id: 8 }, senderFrame: frame(APP_URL, 'main-token') })],
    ['a subframe', (w) => ({ sender: { id: 7 }, senderFrame: frame(APP_URL, 'child-token', w.contents.mainFrame) })],
    ['a frame that is gone', () => ({ sender: { id: 7 }, senderFrame: null })],
    ['a top frame that is not the main frame', () => ({ sender: { id: 7 }, senderFrame: frame(APP_URL, 'other-token') })],
  ];

  it.each(foreign)('refuses %s with forbidden, without dispatching', async (_what, makeEvent) => {
    const { ipc, engine, window, logger } = setup();
    const result = await ipc.invoke(makeEvent(window), { method: 'events.clear', params: {} });
    expect(result).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
    expect(engine.dispatch).not.toHaveBeenCalled();
    expect(logger.records).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'refused an IPC call' }));
  });

  it('refuses the main frame once it shows a foreign page', async () => {
    const { ipc, engine, window } = setup({ url: 'https://evil.example/' });
    const result = await ipc.invoke(window.fromMain(), { method: 'events.clear', params: {} });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(engine.dispatch).not.toHaveBeenCalled();
  });

  it('refuses every call when there is no window', async () => {
    const { ipc, engine, window, closeWindow } = setup();
    closeWindow();
    const result = await ipc.invoke(window.fromMain(), { method: 'events.list', params: {} });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(engine.dispatch).not.toHaveBeenCalled();
  });

  it.each([null, 'events.list', { params: {} }, { method: 42 }])('answers a malformed envelope %j with bad_request', async (envelope) => {
    const { ipc, engine, window } = setup();
    const result = await ipc.invoke(window.fromMain(), envelope);
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(engine.dispatch).not.toHaveBeenCalled();
  });

  it('turns a dispatch that throws anyway into an internal error', async () => {
    const { ipc, engine, window, logger } = setup();
    engine.dispatch.mockRejectedValueOnce(new Error('boom'));
    const result = await ipc.invoke(window.fromMain(), { method: 'events.list', params: {} });
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: 'boom' } });
    expect(logger.records).toContainEqual(expect.objectContaining({ level: 'error', msg: 'dispatch threw' }));
  });
});

describe('pushes', () => {
  it('sends nothing before the renderer is ready, then everything in order', () => {
    const { ipc, engine, window } = setup();
    engine.emit('event.captured', { id: 'a' });
    engine.emit('events.cleared', { removed: 1 });
    engine.emit('event.captured', { id: 'b' });
    expect(window.sent).toEqual([]);

    ipc.ready(window.fromMain());
    expect(window.sent).toEqual([
      { channel: IPC_PUSH, message: { event: 'event.captured', payload: { id: 'a' }, seq: 1 } },
      { channel: IPC_PUSH, message: { event: 'events.cleared', payload: { removed: 1 }, seq: 2 } },
      { channel: IPC_PUSH, message: { event: 'event.captured', payload: { id: 'b' }, seq: 3 } },
    ]);

    engine.emit('event.captured', { id: 'c' });
    expect(window.sent.at(-1)).toEqual({ channel: IPC_PUSH, message: { event: 'event.captured', payload: { id: 'c' }, seq: 4 } });
  });

  it('ignores a ready signal from a foreign sender', () => {
    const { ipc, engine, window } = setup();
    engine.emit('event.captured', { id: 'a' });
    ipc.ready({ sender: { id: 99 }, senderFrame: frame(APP_URL, 'main-token') });
    expect(window.sent).toEqual([]);
    ipc.ready(window.fromMain());
    expect(window.sent.map((s) => s.message.seq)).toEqual([1]);
  });

  it('goes back to queuing on reload and flushes when the new page is ready', () => {
    const { ipc, engine, window } = setup();
    ipc.ready(window.fromMain());
    engine.emit('event.captured', { id: 'a' });
    expect(window.sent).toHaveLength(1);

    window.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    engine.emit('event.captured', { id: 'b' });
    expect(window.sent).toHaveLength(1);

    ipc.ready(window.fromMain());
    expect(window.sent.map((s) => s.message.payload)).toEqual([{ id: 'a' }, { id: 'b' }]);
  });

  it('keeps sending across in-page and subframe navigations', () => {
    const { ipc, engine, window } = setup();
    ipc.ready(window.fromMain());
    window.emit('did-start-navigation', { isMainFrame: true, isSameDocument: true });
    window.emit('did-start-navigation', { isMainFrame: false, isSameDocument: false });
    engine.emit('event.captured', { id: 'a' });
    expect(window.sent).toHaveLength(1);
  });

  it('queues after the renderer process is gone', () => {
    const { ipc, engine, window } = setup();
    ipc.ready(window.fromMain());
    window.emit('render-process-gone');
    engine.emit('event.captured', { id: 'a' });
    expect(window.sent).toEqual([]);
    ipc.ready(window.fromMain());
    expect(window.sent).toHaveLength(1);
  });

  it('keeps at most maxQueued pushes, dropping the oldest, and says so', () => {
    const { ipc, engine, window, logger } = setup({ maxQueued: 2 });
    for (const id of ['a', 'b', 'c']) engine.emit('event.captured', { id });
    ipc.ready(window.fromMain());
    expect(window.sent.map((s) => s.message.seq)).toEqual([2, 3]);
    expect(logger.records).toContainEqual(expect.objectContaining({ level: 'warn', obj: { dropped: 1 } }));
  });

  it('stops listening to the engine and IPC on dispose', () => {
    const { bridge, ipc, engine } = setup();
    bridge.dispose();
    expect(engine.subscribed()).toBe(false);
    expect(ipc.handlers.has(IPC_CALL)).toBe(false);
    expect(ipc.listeners.has(IPC_READY)).toBe(false);
  });
});
