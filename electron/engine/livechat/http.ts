import { AppError } from '@shared/api/errors';
import type { Timers } from '../tunnel/tunnel-supervisor';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  timers: Timers;
  /** `manual` lets the sandbox sign-in read a 302's Location itself. */
  redirect?: 'manual' | 'error';
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON; undefined when it is empty or not JSON. */
  json: unknown;
}

/**
 * One HTTP exchange with a deadline that covers the body too (a server that sends headers and then stalls must not
 * hang a sign-in). Network failures become `unavailable`, the deadline `timeout`; HTTP statuses are the caller's.
 * `what` names the other side in the error ("LiveChat", "LiveChat accounts"), never the URL's query (it may hold a code).
 */
export async function httpRequest(req: HttpRequest, what: string): Promise<HttpResponse> {
  const abort = new AbortController();
  const deadline = req.timers.setTimeout(() => abort.abort(), req.timeoutMs);
  try {
    const init: RequestInit = { method: req.method, signal: abort.signal, redirect: req.redirect ?? 'error' };
    if (req.headers) init.headers = req.headers;
    if (req.body !== undefined) init.body = req.body;
    const res = await fetch(req.url, init);
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: parseJson(text) };
  } catch (err) {
    if (abort.signal.aborted) {
      throw new AppError('timeout', `${what} did not answer within ${Math.round(req.timeoutMs / 1000)} s.`);
    }
    throw new AppError('unavailable', `Could not reach ${what} at ${originOf(req.url)}: ${causeText(err)}`);
  } finally {
    req.timers.clearTimeout(deadline);
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Not JSON (an HTML error page from a proxy, say): callers fall back to the status and the text.
    return undefined;
  }
}

export function originOf(url: string): string {
  return URL.canParse(url) ? new URL(url).origin : url;
}

/** fetch wraps the useful part (ECONNREFUSED, ENOTFOUND…) in `cause`. */
function causeText(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return err instanceof Error ? err.message : String(err);
}

export function sleep(ms: number, timers: Timers): Promise<void> {
  return new Promise((resolve) => {
    timers.setTimeout(resolve, ms);
  });
}

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  baseMs: number;
  capMs: number;
}

export const DEFAULT_RATE_LIMIT_RETRY: RetryPolicy = { retries: 4, baseMs: 1_000, capMs: 20_000 };

/**
 * The wait before retry `attempt` (1-based) after `too_many_requests`: exponential with "equal jitter" (half fixed,
 * half random), so it is never zero — LiveChat unblocks "after some time", and an instant retry only adds to the
 * count. A `Retry-After` in seconds, when sent, is honoured up to the cap.
 */
export function rateLimitDelay(attempt: number, policy: RetryPolicy, random: () => number, retryAfter: string | null): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt - 1, 30));
  const jittered = Math.floor(ceiling / 2 + Math.min(Math.max(random(), 0), 1) * (ceiling / 2));
  const asked = retryAfter !== null && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter.trim()) * 1000 : 0;
  return Math.min(policy.capMs, Math.max(jittered, asked));
}
