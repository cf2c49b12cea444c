import type { z } from 'zod';

/** Declares a method: its params schema (validated by the engine before any handler runs) and its result type. */
export function method<P extends z.ZodType, R>(params: P): { params: P; result: R } {
  // `result` exists only at the type level; nothing reads it at run time.
  return { params, result: undefined as R };
}

/** Declares a push: the payload type carried by a `push` envelope. */
export function push<T>(): { payload: T } {
  return { payload: undefined as T };
}
