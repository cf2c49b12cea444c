import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Timers } from '../../../electron/engine/tunnel/tunnel-supervisor';

export interface SeenRequest {
  method: string;
  path: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown;
}

export interface Answer {
  status?: number;
  body?: unknown;
  /** Sent as is (not JSON-encoded). */
  raw?: string;
  headers?: Record<string, string>;
  /** Never answer (timeouts). */
  hang?: boolean;
}

export interface FakeServer {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/** A tiny stand-in for one LiveChat endpoint family: every request is recorded and answered by `answer`. */
export async function startFake(answer: (req: SeenRequest, n: number) => Answer | Promise<Answer>): Promise<FakeServer> {
  const requests: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = body === '' ? undefined : JSON.parse(body);
      } catch {
        json = undefined;
      }
      const seen: SeenRequest = { method: req.method ?? '', path: (req.url ?? '/').split('?')[0]!, url: new URL(req.url ?? '/', 'http://fake'), headers: req.headers, body, json };
      requests.push(seen);
      void Promise.resolve(answer(seen, requests.length)).then((a) => {
        if (a.hang) return;
        const text = a.raw ?? (a.body === undefined ? '' : JSON.stringify(a.body));
        res.writeHead(a.status ?? 200, { 'content-type': a.raw !== undefined ? 'text/html' : 'application/json', ...a.headers }).end(text);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Real timers with waits below `realAbove` compressed to zero, every asked delay recorded: backoff runs instantly
 * and can be asserted on, while request deadlines (at or above `realAbove`) keep their real length.
 */
export class CompressedTimers implements Timers {
  readonly delays: number[] = [];

  constructor(private readonly realAbove = 10_000) {}

  setTimeout(fn: () => void, ms: number): unknown {
    this.delays.push(ms);
    return setTimeout(fn, ms >= this.realAbove ? ms : 0);
  }

  clearTimeout(handle: unknown): void {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  }
}

/** A port that was free a moment ago (for the fixed-port loopback, which must not be 5573 in tests). */
export async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
