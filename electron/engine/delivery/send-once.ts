import http from 'node:http';
import https from 'node:https';
import type { Timers } from '../tunnel/tunnel-supervisor';
import type { OutgoingRequest } from './types';

/** What the target said (or did not). */
export interface AttemptResult {
  latencyMs: number;
  status?: number;
  error?: string;
  timedOut: boolean;
  responseBody?: string;
  responseHeaders?: Record<string, string>;
}

export const RESPONSE_HEAD_BYTES = 64 * 1024;

/**
 * Keep-alive agents: a bulk replay of thousands of webhooks must not open a socket (and leave a TIME_WAIT) per send.
 * One pair per deliverer, destroyed with it.
 */
export interface Agents {
  http: http.Agent;
  https: https.Agent;
  destroy(): void;
}

export function createAgents(): Agents {
  const h = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const s = new https.Agent({ keepAlive: true, maxSockets: 64 });
  return {
    http: h,
    https: s,
    destroy() {
      h.destroy();
      s.destroy();
    },
  };
}

/**
 * One HTTP request with node:http rather than fetch: the body goes out byte for byte, headers exactly as given (no
 * added `accept-encoding`, no automatic decompression of the answer), and the deadline is ours. The deadline covers the
 * whole answer up to the status line and the first 64 KiB of its body: a target that sends headers and then stalls
 * still times out, as it would for LiveChat.
 */
export function sendOnce(
  req: OutgoingRequest,
  timeoutMs: number,
  deps: { now(): number; timers: Timers; agents: Agents },
  signal?: AbortSignal,
): Promise<AttemptResult> {
  const started = deps.now();
  return new Promise((resolve) => {
    let settled = false;
    let latencyMs: number | undefined;
    let status: number | undefined;
    let responseHeaders: Record<string, string> | undefined;
    const chunks: Buffer[] = [];
    let kept = 0;
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      resolve({ latencyMs: 0, error: `invalid URL ${req.url}`, timedOut: false });
      return;
    }
    const isHttps = url.protocol === 'https:';
    if (!isHttps && url.protocol !== 'http:') {
      resolve({ latencyMs: 0, error: `unsupported protocol ${url.protocol} (http and https only)`, timedOut: false });
      return;
    }
    const body = Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength);
    const finish = (r: Omit<AttemptResult, 'latencyMs'>): void => {
      if (settled) return;
      settled = true;
      deps.timers.clearTimeout(deadline);
      signal?.removeEventListener('abort', onAbort);
      resolve({ latencyMs: latencyMs ?? deps.now() - started, ...r });
    };
    const withAnswer = (): Omit<AttemptResult, 'latencyMs'> => {
      const r: Omit<AttemptResult, 'latencyMs'> = { timedOut: false };
      if (status !== undefined) r.status = status;
      if (responseHeaders !== undefined) r.responseHeaders = responseHeaders;
      if (chunks.length > 0 || status !== undefined) r.responseBody = Buffer.concat(chunks).toString('utf8');
      return r;
    };
    const request = (isHttps ? https : http).request(url, {
      method: req.method,
      headers: { ...req.headers, 'content-length': String(body.length) },
      agent: isHttps ? deps.agents.https : deps.agents.http,
    });
    const deadline = deps.timers.setTimeout(() => {
      const r = withAnswer();
      if (latencyMs === undefined) latencyMs = timeoutMs;
      finish({ ...r, timedOut: true, error: `timeout after ${timeoutMs} ms` });
      request.destroy();
    }, timeoutMs);
    const onAbort = (): void => {
      finish({ ...withAnswer(), error: 'cancelled' });
      request.destroy();
    };
    if (signal?.aborted) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    request.on('response', (res) => {
      latencyMs = deps.now() - started;
      status = res.statusCode;
      responseHeaders = {};
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) responseHeaders[k] = Array.isArray(v) ? v.join(', ') : v;
      res.on('data', (chunk: Buffer) => {
        if (kept >= RESPONSE_HEAD_BYTES) return;
        const part = chunk.length > RESPONSE_HEAD_BYTES - kept ? chunk.subarray(0, RESPONSE_HEAD_BYTES - kept) : chunk;
        chunks.push(part);
        kept += part.length;
      });
      res.on('end', () => finish(withAnswer()));
      res.on('error', (err) => finish({ ...withAnswer(), error: `response broken: ${err.message}` }));
      res.on('aborted', () => finish({ ...withAnswer(), error: 'response aborted by the target' }));
    });
    request.on('error', (err: NodeJS.ErrnoException) => finish({ ...withAnswer(), error: describeError(err, url) }));
    request.end(body);
  });
}

function describeError(err: NodeJS.ErrnoException, url: URL): string {
  if (err.code === 'ECONNREFUSED') return `connection refused by ${url.host} (is the service running?)`;
  if (err.code === 'ECONNRESET') return `connection reset by ${url.host}`;
  if (err.code === 'ENOTFOUND') return `host not found: ${url.hostname}`;
  return err.code ? `${err.code}: ${err.message}` : err.message;
}
