import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { buildCsp } from '@shared/security/csp';
import { WS_PATH, WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX } from '@shared/api/ipc';
import { parseRequestEnvelope, type PushEnvelope, type ResponseEnvelope } from '@shared/api/wire';
import type { Logger } from '../ports';
import type { Engine } from '../types';
import { bearerToken, hostAllowed, originAllowed, protocolToken, tokenMatches } from './guard';

export interface ControlServerOptions {
  engine: Pick<Engine, 'dispatch' | 'onPush'>;
  token: string;
  /** 0 = any free port. Always bound to 127.0.0.1. */
  port: number;
  /** The built renderer (index.html + assets). */
  staticDir: string;
  logger: Logger;
}

/** Same policy as the desktop window. */
const CSP = buildCsp();

/** A client that cannot keep up (e.g. a hidden tab) is dropped rather than buffering without bound. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

/**
 * The headless shell's control server: the built UI and the contract over one WebSocket, on 127.0.0.1 only, on a
 * port of its own (never the receiver's), behind a per-run token with Host and Origin checks.
 */
export class ControlServer {
  private app: FastifyInstance | undefined;
  private boundPort = 0;

  constructor(private readonly opts: ControlServerOptions) {}

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `http://127.0.0.1:${this.boundPort}`;
  }

  /** The page to open: the token travels in the fragment, which browsers never send to a server. */
  get inspectorUrl(): string {
    return `${this.url}/#token=${this.opts.token}`;
  }

  async start(): Promise<void> {
    const { logger, token, engine } = this.opts;
    const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
    await app.register(fastifyWebsocket, {
      options: {
        // `events.import` carries a whole file (up to 64 MiB of text, more once JSON-escaped in the envelope). Only a
        // client that passed the token check on 127.0.0.1 can send one.
        maxPayload: 128 * 1024 * 1024,
        handleProtocols: (protocols: Set<string>) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
      },
    });

    // Every request, static files included, must name our loopback host and come from our own origin.
    app.addHook('onRequest', async (request, reply) => {
      const port = this.boundPort;
      if (!hostAllowed(request.headers.host, port)) {
        logger.warn({ host: request.headers.host, path: pathOnly(request.url) }, 'control request refused: foreign Host');
        return deny(reply, 403, 'forbidden', 'Host not allowed.');
      }
      if (!originAllowed(request.headers.origin, port)) {
        logger.warn({ origin: request.headers.origin, path: pathOnly(request.url) }, 'control request refused: foreign Origin');
        return deny(reply, 403, 'forbidden', 'Origin not allowed.');
      }
      reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer').header('x-frame-options', 'DENY');
      return undefined;
    });

    const requireToken = async (request: FastifyRequest, reply: FastifyReply) => {
      const given = request.url.startsWith(WS_PATH)
        ? protocolToken(request.headers['sec-websocket-protocol'] as string | undefined, WS_TOKEN_PROTOCOL_PREFIX)
        : bearerToken(request.headers.authorization);
      if (!tokenMatches(token, given)) {
        logger.warn({ path: pathOnly(request.url), present: given !== undefined }, 'control request refused: bad token');
        return deny(reply, 401, 'unauthorized', 'Missing or wrong LiveHook token.');
      }
      return undefined;
    };

    app.get(WS_PATH, { websocket: true, onRequest: requireToken }, (socket) => this.serveSocket(socket));

    app.post<{ Params: { method: string } }>('/api/call/:method', { onRequest: requireToken }, async (request) => {
      return engine.dispatch(request.params.method, request.body ?? {});
    });

    if (existsSync(this.opts.staticDir)) {
      await app.register(fastifyStatic, {
        root: this.opts.staticDir,
        index: ['index.html'],
        setHeaders: (res) => {
          res.header('content-security-policy', CSP);
          res.header('cache-control', 'no-store');
        },
      });
    } else {
      logger.warn({ staticDir: this.opts.staticDir }, 'renderer build not found: the inspector page will not load (run npm run build)');
      app.get('/', async (_request, reply) => {
        reply.code(503).type('text/plain; charset=utf-8');
        return 'The LiveHook UI is not built. Run `npm run build`, then start `livehook serve` again.\n';
      });
    }

    await app.listen({ host: '127.0.0.1', port: this.opts.port });
    this.boundPort = (app.server.address() as AddressInfo).port;
    this.app = app;
    logger.info({ url: this.url }, 'control server listening');
  }

  private serveSocket(socket: WebSocket): void {
    const { engine, logger } = this.opts;
    let seq = 0;
    const unsubscribe = engine.onPush((event, payload) => {
      if (socket.readyState !== socket.OPEN) return;
      if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
        logger.warn({ buffered: socket.bufferedAmount }, 'control client too slow: closing it');
        socket.close(1013, 'client too slow');
        return;
      }
      const frame: PushEnvelope = { type: 'push', seq: ++seq, event, payload };
      socket.send(JSON.stringify(frame));
    });
    socket.on('message', (data, isBinary) => {
      const request = isBinary ? undefined : parseRequestEnvelope(data.toString());
      if (request === undefined) {
        logger.warn({ bytes: (data as Buffer).length, isBinary }, 'control client sent a malformed frame: ignored');
        return;
      }
      void engine.dispatch(request.method, request.params).then((result) => {
        if (socket.readyState !== socket.OPEN) return;
        const frame: ResponseEnvelope = { type: 'response', id: request.id, result };
        socket.send(JSON.stringify(frame));
      });
    });
    socket.on('close', unsubscribe);
    socket.on('error', (err) => logger.warn({ err }, 'control socket error'));
  }

  async stop(): Promise<void> {
    const app = this.app;
    this.app = undefined;
    if (app) await app.close();
  }
}

/**
 * What refusals log: the path without its query. A user who pastes the inspector link with `?token=` instead of
 * `#token=` (or a probe that guesses) would otherwise put a token into the log file.
 */
function pathOnly(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : `${url.slice(0, q)}?…`;
}

function deny(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').send({ ok: false, error: { code, message } });
}
