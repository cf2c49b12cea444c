import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { pipeline } from 'node:stream';

/**
 * A localtunnel server for tests, on 127.0.0.1 only, speaking the protocol of localtunnel/server:
 *
 * - `GET /?new` and `GET /<subdomain>` → `{ id, port, max_conn_count, url }`; `url` is `http://<id>.<Host asked on>`
 *   (so a client given `http://localhost:<port>` gets `http://<id>.localhost:<port>`), `port` a TCP listener of that
 *   tunnel that accepts the client's sockets. A subdomain already in use, like on the real server, gets a random one.
 * - Any request whose Host is `<id>.localhost[:port]` — any method, any path, WebSocket upgrades too — is relayed over
 *   one of that tunnel's client sockets, through an http.Agent that hands those sockets out (as the real server does).
 * - A tunnel nobody connects to, or whose sockets all closed, is dropped after `graceMs` (1 s on the real server).
 *
 * Test controls: start(port) to come back on the same port, kill(), giveDifferentSubdomainNextTime(), wedge(id).
 */
export interface FakeLocaltunnelServerOptions {
  /** Sockets per tunnel, announced as max_conn_count. Default 10 (the real server's effective cap). */
  maxSockets?: number;
  /** Default 1000 ms, like the real server. */
  graceMs?: number;
}

export interface Handshake {
  requested: string | null;
  given: string;
}

const SUBDOMAIN_RULE = /^(?:[a-z0-9][a-z0-9-]{4,63}[a-z0-9]|[a-z0-9]{4,63})$/;
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

export class FakeLocaltunnelServer {
  /** Tunnels created, requests (and upgrades) relayed to a client, handshakes asked. */
  readonly counters = { tunnelsCreated: 0, requestsRouted: 0, upgradesRouted: 0 };
  readonly handshakes: Handshake[] = [];
  private server: http.Server | undefined;
  private boundPort = 0;
  private readonly tunnels = new Map<string, TunnelEndpoint>();
  private differentNext = false;
  private readonly maxSockets: number;
  private readonly graceMs: number;

  constructor(opts: FakeLocaltunnelServerOptions = {}) {
    this.maxSockets = opts.maxSockets ?? 10;
    this.graceMs = opts.graceMs ?? 1000;
  }

  get port(): number {
    return this.boundPort;
  }

  /** What a LiveHook under test is given as its tunnel server: a host name, as the localtunnel client needs. */
  get host(): string {
    return `http://localhost:${this.boundPort}`;
  }

  /** The Host header that reaches tunnel `id` through this server. */
  publicHost(id: string): string {
    return `${id}.localhost:${this.boundPort}`;
  }

  tunnelIds(): string[] {
    return [...this.tunnels.keys()];
  }

  /** Connected client sockets of tunnel `id` (0 when it does not exist). */
  socketCount(id: string): number {
    return this.tunnels.get(id)?.sockets.size ?? 0;
  }

  async start(port = 0): Promise<number> {
    if (this.server) throw new Error('fake localtunnel server already running');
    const server = http.createServer((req, res) => this.onRequest(req, res));
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
    server.on('clientError', (_err, socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.boundPort = (server.address() as AddressInfo).port;
    return this.boundPort;
  }

  /** Everything goes at once, as in a crash: the listener, every tunnel's TCP listener, every client socket. */
  async kill(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const tunnel of this.tunnels.values()) tunnel.destroy();
    this.tunnels.clear();
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  /** The next handshake gets a random subdomain whatever it asked for (the name was taken, the server restarted…). */
  giveDifferentSubdomainNextTime(): void {
    this.differentNext = true;
  }

  /** Tunnel `id` keeps its client sockets but never relays or answers anything again. */
  wedge(id: string): void {
    const tunnel = this.tunnels.get(id);
    if (!tunnel) throw new Error(`no tunnel ${id}`);
    tunnel.wedged = true;
  }

  private tunnelFor(hostHeader: string | undefined): { id?: string; tunnel?: TunnelEndpoint } {
    const match = /^([a-z0-9-]+)\.localhost(?::\d+)?$/i.exec(hostHeader ?? '');
    if (!match) return {};
    const id = match[1]!.toLowerCase();
    return { id, tunnel: this.tunnels.get(id) };
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const { id, tunnel } = this.tunnelFor(req.headers.host);
    if (id !== undefined) {
      if (!tunnel) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end(`no active client for '${id}'\n`);
        return;
      }
      this.counters.requestsRouted++;
      tunnel.relay(req, res);
      return;
    }
    const url = req.url ?? '/';
    if (req.method === 'GET' && url === '/?new') {
      void this.newTunnel(null, req, res);
      return;
    }
    const asked = /^\/([^/?#]+)$/.exec(url);
    if (req.method === 'GET' && asked) {
      const requested = decodeURIComponent(asked[1]!);
      if (!SUBDOMAIN_RULE.test(requested)) {
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'Invalid subdomain. Subdomains must be lowercase and between 4 and 63 alphanumeric characters.' }));
        return;
      }
      void this.newTunnel(requested, req, res);
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Not Found' }));
  }

  private async newTunnel(requested: string | null, req: IncomingMessage, res: ServerResponse): Promise<void> {
    let id = requested ?? randomId();
    if (this.differentNext || this.tunnels.has(id)) {
      this.differentNext = false;
      do id = randomId();
      while (this.tunnels.has(id));
    }
    const tunnel = new TunnelEndpoint(id, this.maxSockets, this.graceMs, () => {
      if (this.tunnels.get(id) === tunnel) this.tunnels.delete(id);
    });
    this.tunnels.set(id, tunnel);
    try {
      await tunnel.listen();
    } catch (err) {
      this.tunnels.delete(id);
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: (err as Error).message }));
      return;
    }
    this.counters.tunnelsCreated++;
    this.handshakes.push({ requested, given: id });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id, port: tunnel.port, max_conn_count: this.maxSockets, url: `http://${id}.${req.headers.host}` }));
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const { tunnel } = this.tunnelFor(req.headers.host);
    if (!tunnel) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.counters.upgradesRouted++;
    tunnel.relayUpgrade(req, socket, head);
  }
}

/** One tunnel: its TCP listener for the client's sockets, those sockets, and the agent that lends them out. */
class TunnelEndpoint {
  readonly sockets = new Set<Socket>();
  wedged = false;
  port = 0;
  private readonly idle: Socket[] = [];
  private readonly waiting: Array<(err: Error | null, socket?: Socket) => void> = [];
  private readonly held = new Set<{ destroy(): void }>();
  private readonly tcp = net.createServer((socket) => this.onClientSocket(socket));
  private readonly agent: http.Agent;
  private grace: NodeJS.Timeout | undefined;
  private gone = false;

  constructor(
    readonly id: string,
    private readonly maxSockets: number,
    private readonly graceMs: number,
    private readonly onGone: () => void,
  ) {
    // keepAlive with one free socket, as on the real server: the other sockets stay free for upgrades.
    this.agent = new ClientSocketAgent((cb) => this.takeSocket(cb), { keepAlive: true, maxFreeSockets: 1 });
    this.tcp.on('error', () => this.destroy());
    this.startGrace();
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.tcp.once('error', reject);
      this.tcp.listen({ host: '127.0.0.1', port: 0 }, () => {
        this.tcp.off('error', reject);
        this.port = (this.tcp.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  relay(req: IncomingMessage, res: ServerResponse): void {
    if (this.wedged) return this.hold(req, res);
    const out = http.request(
      { agent: this.agent, method: req.method, path: req.url, headers: forwardHeaders(req) },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, withoutHopByHop(answer.rawHeaders));
        pipeline(answer, res, (err) => {
          if (err) res.destroy();
        });
      },
    );
    out.on('error', (err) => {
      if (res.headersSent) res.destroy();
      else res.writeHead(502, { 'content-type': 'text/plain' }).end(`tunnel relay failed: ${err.message}\n`);
    });
    pipeline(req, out, (err) => {
      if (err) out.destroy();
    });
  }

  relayUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.wedged) return this.hold(req, socket);
    this.takeSocket((err, conn) => {
      if (err || !conn) {
        socket.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      if (!socket.writable) {
        conn.destroy();
        return;
      }
      // The request head as it came (WebSocket requests are relayed as raw bytes, like on the real server).
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      conn.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) conn.write(head);
      this.held.add(socket);
      socket.once('close', () => this.held.delete(socket));
      conn.pipe(socket).pipe(conn);
      conn.on('error', () => socket.destroy());
      conn.once('close', () => socket.destroy());
      socket.once('close', () => conn.destroy());
    });
  }

  destroy(): void {
    if (this.gone) return;
    this.gone = true;
    clearTimeout(this.grace);
    for (const cb of this.waiting.splice(0)) cb(new Error('tunnel closed'));
    for (const h of this.held) h.destroy();
    this.held.clear();
    this.agent.destroy();
    for (const s of this.sockets) s.destroy();
    this.tcp.close();
    this.onGone();
  }

  private hold(req: IncomingMessage, target: { destroy(): void }): void {
    this.held.add(target);
    req.once('close', () => this.held.delete(target));
  }

  private takeSocket(cb: (err: Error | null, socket?: Socket) => void): void {
    if (this.gone) {
      cb(new Error('tunnel closed'));
      return;
    }
    let socket = this.idle.shift();
    while (socket && socket.destroyed) socket = this.idle.shift();
    if (socket) cb(null, socket);
    else this.waiting.push(cb);
  }

  private onClientSocket(socket: Socket): void {
    if (this.gone || this.sockets.size >= this.maxSockets) {
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    clearTimeout(this.grace);
    socket.on('error', () => socket.destroy());
    socket.once('close', () => {
      this.sockets.delete(socket);
      const at = this.idle.indexOf(socket);
      if (at >= 0) this.idle.splice(at, 1);
      if (this.sockets.size === 0 && !this.gone) this.startGrace();
    });
    const next = this.waiting.shift();
    if (next) setImmediate(() => next(null, socket));
    else this.idle.push(socket);
  }

  private startGrace(): void {
    clearTimeout(this.grace);
    this.grace = setTimeout(() => this.destroy(), this.graceMs);
  }
}

/** An http.Agent whose "connections" are the tunnel client's sockets, lent out one request (or upgrade) at a time. */
class ClientSocketAgent extends http.Agent {
  constructor(
    private readonly take: (cb: (err: Error | null, socket?: Socket) => void) => void,
    options: http.AgentOptions,
  ) {
    super(options);
  }

  override createConnection(_options: http.ClientRequestArgs, cb?: (err: Error | null, stream: Duplex) => void): undefined {
    // Returning nothing and answering through the callback lets the agent wait for a client socket to arrive.
    this.take((err, socket) => cb?.(err, socket as Duplex));
    return undefined;
  }
}

function randomId(): string {
  return `lt${randomBytes(4).toString('hex')}`;
}

/** Hop-by-hop headers belong to one connection; Node frames the relayed message itself. */
function withoutHopByHop(raw: string[]): string[] {
  const named = new Set<string>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() === 'connection') for (const n of raw[i + 1]!.split(',')) named.add(n.trim().toLowerCase());
  }
  const kept: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (!HOP_BY_HOP.has(name) && !named.has(name)) kept.push(raw[i]!, raw[i + 1]!);
  }
  return kept;
}

/** The request's own headers, names and order kept, plus what the public server's front (nginx) adds. */
function forwardHeaders(req: IncomingMessage): string[] {
  return [...withoutHopByHop(req.rawHeaders), 'X-Forwarded-For', req.socket.remoteAddress ?? '', 'X-Forwarded-Proto', 'http'];
}
