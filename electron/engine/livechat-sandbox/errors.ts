/**
 * The two error formats LiveChat speaks (reference §4 "Errors", §5.2).
 *
 * HTTP status codes per Configuration API error type are not documented (§4, §10) — clients must key on `error.type`.
 * The sandbox picks conventional ones so that a client which also looks at the status sees something sensible.
 */

const STATUS_BY_TYPE: Record<string, number> = {
  validation: 400,
  limit_reached: 400,
  unsupported_version: 400,
  authentication: 401,
  authorization: 403,
  not_found: 404,
  already_exists: 409,
  // Not 421: Node's fetch (undici) silently re-sends a request answered 421 on a new connection, so a client would
  // never see the error the first time — and a `failNext` would be used up by that invisible retry.
  misdirected_request: 400,
  too_many_requests: 429,
  internal: 500,
  service_unavailable: 503,
};

/** A Configuration API error: `{"error": {"type", "message", "data"?}}`. */
export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly type: string,
    message: string,
    readonly data?: unknown,
    status?: number,
  ) {
    super(message);
    this.status = status ?? STATUS_BY_TYPE[type] ?? 400;
  }

  toBody(): { error: { type: string; message: string; data?: unknown } } {
    return { error: { type: this.type, message: this.message, ...(this.data !== undefined ? { data: this.data } : {}) } };
  }
}

export const validation = (message: string): ApiError => new ApiError('validation', message);

/**
 * An Accounts (`/v2/token`, `/v2/info`) error: `{"error": "<code>", "error_description": "…"}`, with 401 for an
 * unauthorized client or bad parameters, 403 for a refused grant, 422 for missing parameters, 429 when busy (§5.2).
 */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    description: string,
  ) {
    super(description);
  }

  toBody(): { error: string; error_description: string } {
    return { error: this.code, error_description: this.message };
  }
}

/** What LiveChat says when a code is reused, expired or presented with another redirect_uri (§5.6, §9.7). */
export const NOT_AUTHORIZED_FOR_METHOD = 'The client is not authorized to request a token using this method.';
