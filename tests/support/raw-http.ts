import { connect, type Socket } from 'node:net';
import { Agent, request } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTP request with exactly the headers given (no Content-Type added, unlike fetch), optionally chunked.
 * `body` as an array of chunks is sent with Transfer-Encoding: chunked.
 */
export function rawPost(
  url: string,
  opts: { path?: string; method?: string; headers?: Record<string, string | number>; body?: Buffer | Buffer[]; agent?: Agent } = {},
): Promise<RawAnswer> {
  const target = new URL(url);
  const chunked = Array.isArray(opts.body);
  const headers: Record<string, string | number> = { ...opts.headers };
  if (!chunked && opts.body !== undefined && headers['content-length'] === undefined) headers['content-length'] = opts.body.length;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        method: opts.method ?? 'POST',
        path: opts.path ?? '/livechat',
        headers,
        ...(opts.agent ? { agent: opts.agent } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (chunked) {
      for (const c of opts.body as Buffer[]) req.write(c);
      req.end();
    } else {
      req.end(opts.body);
    }
  });
}

/**
 * Sends raw bytes on a fresh TCP connection and collects everything until the server closes it (send
 * `Connection: close`). The client does not half-close: a FIN right after the request makes some servers drop the answer.
 */
export function rawExchange(host: string, port: number, bytes: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host, port }, () => socket.write(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', reject);
  });
}
