import type { PushName } from '@shared/api/contract';
import { toApiError } from '@shared/api/errors';
import { IPC_CALL, IPC_PUSH, IPC_READY } from '@shared/api/ipc';
import type { Result } from '@shared/api/wire';
import type { Logger } from '../engine/ports';
import type { Engine } from '../engine/types';
import { isAppUrl } from './security';

/**
 * Binds the engine to Electron IPC with no per-method code: one invoke channel carries every call, one channel every
 * push. Everything Electron is handed in (ipcMain, the window), so tests drive it with tiny fakes.
 */

/** What the renderer receives on IPC_PUSH. `seq` counts every push of this run, so a gap is visible. */
export interface PushMessage {
  event: PushName;
  payload: unknown;
  seq: number;
}

export interface FrameLike {
  readonly url: string;
  readonly frameToken: string;
  readonly parent: unknown;
}

export interface IpcSenderEvent {
  readonly sender: { readonly id: number };
  readonly senderFrame: FrameLike | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcSenderEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
  on(channel: string, listener: (event: IpcSenderEvent, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: IpcSenderEvent, ...args: unknown[]) => void): unknown;
}

export interface NavigationStart {
  readonly isMainFrame: boolean;
  readonly isSameDocument: boolean;
}

export interface BridgeContents {
  readonly id: number;
  readonly mainFrame: FrameLike;
  isDestroyed(): boolean;
  send(channel: string, message: PushMessage): void;
  on(event: 'did-start-navigation', listener: (details: NavigationStart) => void): unknown;
  on(event: 'render-process-gone', listener: () => void): unknown;
  on(event: 'destroyed', listener: () => void): unknown;
}

export interface BridgeWindow {
  readonly webContents: BridgeContents;
  isDestroyed(): boolean;
}

export interface IpcBridgeDeps {
  ipcMain: IpcMainLike;
  engine: Pick<Engine, 'dispatch' | 'onPush'>;
  getWindow(): BridgeWindow | undefined;
  /** The one URL allowed to call: the built renderer's file:// URL or the dev server (see app-url.ts). */
  appUrl: string;
  logger: Logger;
  /** Pushes kept while the renderer is not listening; past this the oldest go (the UI catches up by seq). */
  maxQueued?: number;
}

const DEFAULT_MAX_QUEUED = 10_000;

export class IpcBridge {
  private readonly log: Logger;
  private readonly maxQueued: number;
  private queue: PushMessage[] = [];
  private ready = false;
  private seq = 0;
  private droppedSinceReady = 0;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly deps: IpcBridgeDeps) {
    this.log = deps.logger.child({ module: 'ipc' });
    this.maxQueued = deps.maxQueued ?? DEFAULT_MAX_QUEUED;
  }

  start(): void {
    this.deps.ipcMain.handle(IPC_CALL, this.onCall);
    this.deps.ipcMain.on(IPC_READY, this.onReady);
    this.unsubscribe = this.deps.engine.onPush((event, payload) => this.push({ event, payload, seq: ++this.seq }));
  }

  dispose(): void {
    this.deps.ipcMain.removeHandler(IPC_CALL);
    this.deps.ipcMain.removeListener(IPC_READY, this.onReady);
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.ready = false;
  }

  /** A reload or a crashed renderer loses its listeners: queue until the new page says it is ready again. */
  watch(contents: BridgeContents): void {
    contents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) this.unready('navigation');
    });
    contents.on('render-process-gone', () => this.unready('renderer gone'));
    contents.on('destroyed', () => this.unready('window destroyed'));
  }

  /** Why this sender may not talk to the engine, or undefined when it may. */
  senderProblem(event: IpcSenderEvent): string | undefined {
    const win = this.deps.getWindow();
    if (win === undefined || win.isDestroyed() || win.webContents.isDestroyed()) return 'no app window';
    const contents = win.webContents;
    if (event.sender.id !== contents.id) return 'not the app window';
    const frame = event.senderFrame;
    if (frame === null) return 'frame is gone';
    // Frame wrappers are not guaranteed to be the same object; the frame token identifies the frame.
    if (frame.parent !== null || frame.frameToken !== contents.mainFrame.frameToken) return 'not the main frame';
    if (!isAppUrl(frame.url, this.deps.appUrl)) return 'not the app page';
    return undefined;
  }

  private readonly onCall = async (event: IpcSenderEvent, envelope: unknown): Promise<Result<unknown>> => {
    const problem = this.senderProblem(event);
    if (problem !== undefined) {
      this.log.warn({ problem, url: event.senderFrame?.url }, 'refused an IPC call');
      return { ok: false, error: { code: 'forbidden', message: 'This page may not call LiveHook.' } };
    }
    if (typeof envelope !== 'object' || envelope === null || typeof (envelope as { method?: unknown }).method !== 'string') {
      return { ok: false, error: { code: 'bad_request', message: 'An IPC call is { method, params }.' } };
    }
    const { method, params } = envelope as { method: string; params?: unknown };
    try {
      return await this.deps.engine.dispatch(method, params ?? {});
    } catch (err) {
      // dispatch promises never to throw; if it does anyway, the renderer still gets an answer with a code.
      this.log.error({ err, method }, 'dispatch threw');
      return { ok: false, error: toApiError(err) };
    }
  };

  private readonly onReady = (event: IpcSenderEvent): void => {
    const problem = this.senderProblem(event);
    if (problem !== undefined) {
      this.log.warn({ problem, url: event.senderFrame?.url }, 'refused an IPC ready signal');
      return;
    }
    this.ready = true;
    if (this.droppedSinceReady > 0) {
      this.log.warn({ dropped: this.droppedSinceReady }, 'pushes were dropped while the renderer was not listening');
      this.droppedSinceReady = 0;
    }
    this.flush();
  };

  private push(message: PushMessage): void {
    if (this.ready && this.queue.length === 0 && this.send(message)) return;
    this.queue.push(message);
    if (this.queue.length > this.maxQueued) {
      this.queue.shift();
      this.droppedSinceReady += 1;
    }
  }

  private flush(): void {
    while (this.ready && this.queue.length > 0) {
      if (!this.send(this.queue[0]!)) return;
      this.queue.shift();
    }
  }

  /** False when there is no window to send to (the message stays queued). */
  private send(message: PushMessage): boolean {
    const win = this.deps.getWindow();
    if (win === undefined || win.isDestroyed() || win.webContents.isDestroyed()) {
      this.unready('no app window');
      return false;
    }
    try {
      win.webContents.send(IPC_PUSH, message);
    } catch (err) {
      // Only an uncloneable payload gets here; retrying it would block every later push, so it is dropped.
      this.log.error({ err, event: message.event, seq: message.seq }, 'could not send a push; dropped it');
    }
    return true;
  }

  private unready(reason: string): void {
    if (!this.ready) return;
    this.ready = false;
    this.log.debug({ reason }, 'renderer not listening; queuing pushes');
  }
}
