import http from 'node:http';
import https from 'node:https';
import { loopbackAwareLookup } from './loopback-lookup';
import { networkProblem, seconds, TunnelProblem } from './tunnel-problem';

export interface HttpGetOptions {
  /** The whole exchange (connect, answer, body) must finish within this. */
  timeoutMs: number;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Who is asked, for error words: "The tunnel server", "The public URL". */
  who: string;
  /** Words when the deadline passes; default "<who> did not answer within N s". */
  timeoutWords?: string;
  /** Keep at most this many body bytes (default 64 KiB); the rest is not read. */
  maxBytes?: number;
}

export interface HttpGetAnswer {
  status: number;
  body: string;
}

/**
 * One GET with a hard deadline and no connection reuse. Requests through a tunnel whose far end is gone simply hang
 * (localtunnel sends no 502), so nothing here may wait without a timer; and a fresh socket per call means a stale
 * keep-alive connection can never answer for a tunnel that no longer exists.
 */
export function httpGet(url: URL, opts: HttpGetOptions): Promise<HttpGetAnswer> {
  const where = `${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
  const maxBytes = opts.maxBytes ?? 64 * 1024;
  return new Promise<HttpGetAnswer>((resolve, reject) => {
    let settled = false;
    const finish = (err: TunnelProblem | undefined, answer?: HttpGetAnswer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      opts.signal?.removeEventListener('abort', onAbort);
      if (err) {
        req.destroy();
        reject(err);
      } else {
        resolve(answer!);
      }
    };
    const onAbort = (): void => finish(new TunnelProblem('aborted', `${opts.who} request was cancelled`));
    const deadline = setTimeout(
      () => finish(new TunnelProblem('timeout', opts.timeoutWords ?? `${opts.who} did not answer within ${seconds(opts.timeoutMs)}`)),
      opts.timeoutMs,
    );

    const transport = url.protocol === 'https:' ? https : http;
    const req = transport.request(url, { method: 'GET', headers: opts.headers, agent: false, lookup: loopbackAwareLookup });
    req.on('error', (err) => finish(networkProblem(err, opts.who, where)));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = (): void => {
        finish(undefined, { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        res.destroy();
      };
      res.on('data', (chunk: Buffer) => {
        if (size >= maxBytes) return;
        chunks.push(chunk.subarray(0, maxBytes - size));
        size += Math.min(chunk.length, maxBytes - size);
        if (size >= maxBytes) done();
      });
      res.on('end', done);
      res.on('error', (err) => finish(networkProblem(err, opts.who, where)));
    });
    if (opts.signal?.aborted) {
      onAbort();
      return;
    }
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    req.end();
  });
}
