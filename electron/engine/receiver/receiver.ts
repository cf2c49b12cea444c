import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import type { WebhookSummary } from '@shared/model/webhook';
import type { AnswerPlan } from '../delivery/answer-plan';
import type { Clock, Logger } from '../ports';
import { readBody, type ReadBody } from './body';
import type { IncomingRequest } from './capture';

export const DEFAULT_BODY_LIMIT = 10 * 1024 * 1024;

/**
 * How long a sender may take. LiveChat gives up on a delivery after ~10 s, so nothing legitimate needs longer than the
 * request limit; a slowloris client (headers dribbled byte by byte, or a body that never ends) is cut off instead of
 * holding a socket forever. Node only looks for expired requests every `checkIntervalMs`, so that bounds how late the
 * cut-off can come (its default, 30 s, would double the limits).
 */
export interface ReceiverTimeouts {
  /** Whole request, first byte to last. */
  requestMs: number;
  /** Request line and headers. */
  headersMs: number;
  /** An idle keep-alive socket between requests; above the usual 60 s of proxies so they close first. */
  keepAliveMs: number;
  checkIntervalMs: number;
}

export const DEFAULT_RECEIVER_TIMEOUTS: ReceiverTimeouts = { requestMs: 30_000, headersMs: 10_000, keepAliveMs: 65_000, checkIntervalMs: 1_000 };

export interface ReceiverAnswer {
  status: number;
  body: unknown;
  /** Set for text bodies (response rules, pass-through) so they go out as given, not re-encoded as JSON. */
  contentType?: string;
  /** Wait this long (after the record is durable) before answering: response rules, incl. past LiveChat's 10 s. */
  delayMs?: number;
  /** Close the connection without any response (after the delay). */
  drop?: boolean;
  /** The capture's list entry (forwarding reads its id and action). */
  summary?: WebhookSummary;
}

/** Decides a non-default answer once the webhook's action is known (response rules, pass-through). */
export type AnswerDecider = (fields: { action?: string | undefined; path: string }) => AnswerPlan | undefined;

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
  /** Default DEFAULT_RECEIVER_TIMEOUTS (tests shorten them). */
  timeouts?: Partial<ReceiverTimeouts>;
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
    const timeouts = { ...DEFAULT_RECEIVER_TIMEOUTS, ...this.opts.timeouts };
    const app = Fastify({
      logger: false,
      // Slow senders (slowloris) must not hold sockets forever: see ReceiverTimeouts.
      requestTimeout: timeouts.requestMs,
      connectionTimeout: 0,
      keepAliveTimeout: timeouts.keepAliveMs,
      http: { headersTimeout: timeouts.headersMs, connectionsCheckingInterval: timeouts.checkIntervalMs },
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
      // Response rules only: the default answer pays for these two checks and nothing else.
      if (answer.delayMs !== undefined) await sleep(answer.delayMs);
      if (answer.drop === true) {
        // No status line at all: what a crashed or overloaded service looks like to LiveChat.
        reply.hijack();
        request.raw.socket.destroy();
        return reply;
      }
      reply.code(answer.status).header('cache-control', 'no-store');
      if (answer.contentType !== undefined) reply.header('content-type', answer.contentType);
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
