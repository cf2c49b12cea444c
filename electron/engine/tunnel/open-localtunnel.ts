import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { httpGet } from './http-get';
import { isLocalhostName } from './loopback-lookup';
import { TunnelProblem } from './tunnel-problem';

export interface OpenTunnelOptions {
  /** The local port the tunnel forwards to: only ever the receiver's. */
  port: number;
  /** The localtunnel server, e.g. `https://localtunnel.me` (a host name, never an IP). */
  host: string;
  subdomain?: string;
  /** Where the client connects locally: always 127.0.0.1. */
  local_host: string;
  /** Cancels the handshake (stop, restart, the supervisor's own deadline). */
  signal?: AbortSignal;
}

/** What the supervisor needs of a tunnel client; the `localtunnel` package's Tunnel fits it. */
export interface TunnelLike {
  readonly url: string;
  close(): void;
  on(event: 'close' | 'error', listener: (err?: Error) => void): unknown;
}

export type OpenTunnel = (opts: OpenTunnelOptions) => Promise<TunnelLike>;

/** The server caps sockets at 10 whatever it announces; asking for more makes the client reconnect in a tight loop. */
const MAX_SOCKETS = 10;
const HANDSHAKE_TIMEOUT_MS = 10_000;

interface LocaltunnelClient extends EventEmitter {
  url: string;
  _init(cb: (err: Error | null, info?: unknown) => void): void;
  _getInfo(body: Record<string, unknown>): unknown;
  open(cb: (err?: Error) => void): void;
  close(): void;
}

interface HostTransformerPrototype {
  _transform(chunk: Buffer, encoding: string, cb: (err: Error | null, data?: Buffer) => void): void;
}

const requireCjs = createRequire(import.meta.url);
// The package's own entry (`localtunnel()`) cannot be used as is: its handshake retries every second, forever, with no
// timeout and no way to cancel, so a stopped LiveHook would keep polling a dead server. Its client class is reused
// with our handshake in place of `_init`; the socket pool (TunnelCluster) is the package's, unchanged.
const LocaltunnelClientClass = requireCjs('localtunnel/lib/Tunnel') as new (opts: object) => LocaltunnelClient;
const HostTransformer = requireCjs('localtunnel/lib/HeaderHostTransformer') as { prototype: HostTransformerPrototype };

// With `local_host` set, the client rewrites the Host header of the first request on each socket, and does so by
// decoding the bytes as UTF-8 and encoding them back: a webhook body whose first chunk holds invalid UTF-8 or a
// character split at the chunk edge arrives altered. LiveHook records bodies byte for byte and wants the Host the
// sender used, so the stream is passed through untouched (the receiver serves any Host).
HostTransformer.prototype._transform = function passThrough(chunk, _encoding, cb) {
  cb(null, chunk);
};

interface HandshakeAnswer {
  id: string;
  port: number;
  url: string;
  max_conn_count: number;
  ip?: string;
}

/** `GET <host>/<subdomain>` (or `/?new`) → `{ id, port, max_conn_count, url }`, checked. */
export async function handshake(host: string, subdomain: string | undefined, signal?: AbortSignal): Promise<HandshakeAnswer> {
  const base = new URL(host);
  const url = new URL(subdomain ? `/${encodeURIComponent(subdomain)}` : '/?new', base);
  const answer = await httpGet(url, { timeoutMs: HANDSHAKE_TIMEOUT_MS, signal, who: 'The tunnel server' });
  let body: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(answer.body);
    if (parsed !== null && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    body = undefined; // reported just below, with the status
  }
  if (answer.status !== 200) {
    const message = typeof body?.message === 'string' ? `: ${body.message.slice(0, 300)}` : '';
    // 4xx: the request itself is refused (invalid subdomain, banned…); asking again will not change the answer.
    const permanent = answer.status >= 400 && answer.status < 500 && answer.status !== 408 && answer.status !== 429;
    throw new TunnelProblem('http', `The tunnel server refused to open a tunnel (HTTP ${answer.status}${message})`, permanent);
  }
  if (!body) throw new TunnelProblem('protocol', `The tunnel server at ${base.host} did not answer like a localtunnel server (not JSON)`);
  const { id, port, url: publicUrl, max_conn_count: maxConn, ip } = body;
  if (typeof id !== 'string' || typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535 || typeof publicUrl !== 'string') {
    throw new TunnelProblem('protocol', `The tunnel server at ${base.host} did not answer like a localtunnel server (no id, port or url)`);
  }
  if (!URL.canParse(publicUrl) || !/^https?:$/.test(new URL(publicUrl).protocol)) {
    throw new TunnelProblem('config', `The tunnel server handed out an unusable public URL (${publicUrl.slice(0, 200)})`, true);
  }
  return {
    id,
    port,
    url: publicUrl,
    max_conn_count: Math.min(MAX_SOCKETS, Math.max(1, typeof maxConn === 'number' && Number.isInteger(maxConn) ? maxConn : 1)),
    // The client connects to `ip` when given, else to the server's host name; names under localhost are ours to resolve.
    ...(typeof ip === 'string' ? { ip } : isLocalhostName(base.hostname) ? { ip: '127.0.0.1' } : {}),
  };
}

/** The default client factory: the `localtunnel` package's client with a handshake that has a deadline and can be cancelled. */
export const openLocaltunnel: OpenTunnel = (opts) =>
  new Promise<TunnelLike>((resolve, reject) => {
    const client = new LocaltunnelClientClass({ port: opts.port, host: opts.host, subdomain: opts.subdomain, local_host: opts.local_host });
    client._init = (cb) => {
      handshake(opts.host, opts.subdomain, opts.signal).then(
        (answer) => cb(null, client._getInfo({ ...answer })),
        (err: unknown) => cb(err instanceof Error ? err : new Error(String(err))),
      );
    };
    client.open((err) => (err ? reject(err) : resolve(client)));
  });
