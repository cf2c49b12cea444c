import { AppError, isErrorCode } from './errors';
import type { MethodName, ParamsOf, PayloadOf, PushName, ResultOf } from './contract';
import type { Result } from './wire';

/**
 * What a transport must provide. The Electron preload exposes exactly this shape as `window.livehook`; the
 * WebSocket transport implements it over a socket. The renderer never sees which one it has.
 */
export interface Transport {
  call(method: MethodName, params: unknown): Promise<Result<unknown>>;
  onPush(listener: (event: PushName, payload: unknown) => void): () => void;
}

export interface ApiClient {
  /** Calls a method; rejects with an AppError carrying the engine's error code. */
  call<M extends MethodName>(method: M, ...params: keyof ParamsOf<M> extends never ? [ParamsOf<M>?] : [ParamsOf<M>]): Promise<ResultOf<M>>;
  /** Subscribes to one push; returns the unsubscribe function. */
  on<E extends PushName>(event: E, listener: (payload: PayloadOf<E>) => void): () => void;
}

export function createClient(transport: Transport): ApiClient {
  const listeners = new Map<PushName, Set<(payload: unknown) => void>>();
  transport.onPush((event, payload) => {
    const set = listeners.get(event);
    if (!set) return;
    for (const listener of set) listener(payload);
  });

  return {
    async call(method, ...rest) {
      const result = await transport.call(method, rest[0] ?? {});
      if (result.ok) return result.value as never;
      const { code, message, detail } = result.error;
      throw new AppError(isErrorCode(code) ? code : 'internal', message, detail);
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
  };
}
