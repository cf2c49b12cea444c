import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Clock, Logger } from '../ports';
import { readBody, type ReadBody } from './body';
import type { IncomingRequest } from './capture';

export const DEFAULT_BODY_LIMIT = 10 * 1024 * 1024;

export interface ReceiverAnswer {
  status: number;
  body: unknown;
}

export interface ReceiverOptions {
  host: string;
  port: number;
  bodyLimitBytes: number;
  logger: Logger;
  clock: Clock;
  /** Records the request durably and decides the answer. Must resolve only once the record is on disk. */
  capture(req: IncomingRequest): Promise<ReceiverAnswer>;
  /** Text for `GET /`; the tunnel probe asks `GET /?nonce=…` and expects the nonce echoed. */
  healthText(): string;
}

const LOOPBACK_HOSTS = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/i;

/**
 * The public side of LiveHook: the only server the tunnel reaches. It serves webhook routes and a health text and
 * nothing else — the control API lives on a different port, so nothing arriving here can reach it.
 */
export class Receiver {
  private app: FastifyInstance | undefined;
  private boundPort = 0;

  constructor(private readonly opts: ReceiverOptions) {}

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `http://${this.opts.host === '0.0.0.0' ? '127.0.0.1' : this.opts.host}:${this.boundPort}`;
  }

  async start(): Promise<void> {
    const { logger, clock, bodyLimitBytes } = this.opts;
    const app = Fastify({
      logger: false,
      // Slow senders (slowloris) must not hold sockets forever; LiveChat itself gives up after ~10 s.
      requestTimeout: 60_000,
      connectionTimeout: 0,
      keepAliveTimeout: 65_000,
      forceCloseConnections: true,
      return503OnClosing: true,
      routerOptions: { maxParamLength: 2000 },
    });

    // Every body is read by us, as bytes, whatever its Content-Type (or none): the raw bytes are the record.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (request, payload, done) => {
      // The arrival time, taken here rather than in an onRequest hook: a hook per request is measurable overhead.
      (request as unknown as { livehookStart: number }).livehookStart = clock.now();
      readBody(payload, bodyLimitBytes, () => clock.now()).then(
        (body) => done(null, body),
        (err: Error) => done(err, undefined),
      );
    });

    app.get('/', async (request, reply) => {
      const nonce = (request.query as Record<string, unknown>).nonce;
      reply.header('content-type', 'text/plain; charset=utf-8').header('cache-control', 'no-store');
      return typeof nonce === 'string' ? `${this.opts.healthText()}\nnonce=${nonce.slice(0, 200)}\n` : `${this.opts.healthText()}\n`;
    });

    app.post('/*', async (request, reply) => {
      const startedAtMs = (request as unknown as { livehookStart?: number }).livehookStart ?? clock.now();
      const body = (request.body as ReadBody | undefined) ?? { bytes: Buffer.alloc(0), size: 0, truncated: false, readMs: 0 };
      const url = request.raw.url ?? '/';
      const q = url.indexOf('?');
      const host = request.headers.host ?? '';
      const incoming: IncomingRequest = {
        // Requests relayed by the tunnel carry the public host name; local ones a loopback host.
        source: LOOPBACK_HOSTS.test(host) ? 'local' : 'tunnel',
        method: request.method,
        path: q === -1 ? url : url.slice(0, q),
        query: q === -1 ? '' : url.slice(q + 1),
        headers: request.headers as Record<string, string | string[]>,
        remoteAddress: request.socket.remoteAddress ?? '',
        body: body.bytes,
        bodySize: body.size,
        bodyTruncated: body.truncated,
        startedAtMs,
        bodyMs: body.readMs,
      };
      let answer: ReceiverAnswer;
      try {
        answer = await this.opts.capture(incoming);
      } catch (err) {
        // The record is not durable: say so with a 5xx so LiveChat retries, rather than acking what we may lose.
        logger.error({ err, path: incoming.path }, 'could not record webhook');
        answer = { status: 503, body: { error: 'unavailable', message: 'LiveHook could not store this webhook; retry.' } };
      }
      reply.code(answer.status).header('cache-control', 'no-store');
      return answer.body;
    });

    app.setNotFoundHandler(async (request, reply) => {
      reply.code(request.method === 'GET' || request.method === 'HEAD' ? 404 : 405);
      return {
        error: request.method === 'GET' || request.method === 'HEAD' ? 'not_found' : 'method_not_allowed',
        message: 'This is a LiveHook webhook receiver: send webhooks with POST to any path.',
      };
    });

    app.setErrorHandler(async (error, request, reply) => {
      const err = error as Error & { statusCode?: number };
      const status = typeof err.statusCode === 'number' && err.statusCode >= 400 ? err.statusCode : 500;
      logger.warn({ err, path: request.url, status }, 'receiver request failed');
      reply.code(status);
      return { error: status === 500 ? 'internal' : 'bad_request', message: err.message };
    });

    await app.listen({ host: this.opts.host, port: this.opts.port });
    this.boundPort = (app.server.address() as AddressInfo).port;
    this.app = app;
    logger.info({ url: this.url }, 'receiver listening');
  }

  async stop(): Promise<void> {
    const app = this.app;
    this.app = undefined;
    if (app) await app.close();
  }
}
