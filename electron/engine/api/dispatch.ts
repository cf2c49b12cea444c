import { isMethodName, methods, type MethodName, type Methods, type ResultOf } from '@shared/api/contract';
import { toApiError } from '@shared/api/errors';
import type { Result } from '@shared/api/wire';
import type { z } from 'zod';
import type { Logger } from '../ports';

/** One handler per contract method, receiving params already validated against the method's schema. */
export type Handlers = {
  [M in MethodName]: (params: z.output<Methods[M]['params']>) => Promise<ResultOf<M>> | ResultOf<M>;
};

export type Dispatch = (method: string, params: unknown) => Promise<Result<unknown>>;

/**
 * The engine's edge: every request from every shell comes through here. Unknown methods and params that do not
 * match the contract are refused before any handler runs; whatever a handler throws comes back as `{ ok: false }`
 * with a code (an AppError's own, otherwise `internal`, logged with its stack).
 */
export function createDispatcher(handlers: Handlers, logger: Logger): Dispatch {
  return async (method, params) => {
    if (!isMethodName(method)) {
      return { ok: false, error: { code: 'unknown_method', message: `Unknown method: ${String(method).slice(0, 100)}` } };
    }
    const parsed = methods[method].params.safeParse(params ?? {});
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      const first = detail[0];
      return {
        ok: false,
        error: {
          code: 'bad_request',
          message: `Invalid params for ${method}${first ? `: ${first.path || '(root)'} ${first.message}` : ''}`,
          detail,
        },
      };
    }
    try {
      const handler = handlers[method] as (p: unknown) => unknown;
      return { ok: true, value: await handler(parsed.data) };
    } catch (err) {
      const error = toApiError(err);
      if (error.code === 'internal') logger.error({ err, method }, 'handler failed');
      return { ok: false, error };
    }
  };
}
