/**
 * The closed set of error codes that cross the engine ↔ renderer seam. A handler either returns a value or throws
 * an AppError; anything else thrown is reported as `internal` (and logged by the engine with its stack).
 */
export const ERROR_CODES = [
  'bad_request', // the arguments did not match the contract
  'unknown_method', // no such method in the contract
  'not_found', // the thing asked for does not exist (webhook id, target…)
  'unauthorized', // missing or wrong control token
  'forbidden', // refused by policy (origin, host, scope)
  'conflict', // the state does not allow it now
  'payload_too_large',
  'unavailable', // a dependency (tunnel, LiveChat, disk) is not reachable now
  'timeout',
  'livechat_error', // LiveChat answered with an error; detail carries its type and message
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  code: ErrorCode;
  message: string;
  detail?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail?: unknown;

  constructor(code: ErrorCode, message: string, detail?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.detail = detail;
  }

  toJSON(): ApiError {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Turns anything thrown into the wire shape without leaking stacks. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof AppError) return err.toJSON();
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}
