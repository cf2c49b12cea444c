import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '@shared/api/errors';
import type { Logger } from '../ports';

/** What the browser tab is told once the callback was handled. */
export interface CallbackAnswer {
  ok: boolean;
  /** Plain words for the tab ("Signed in — you can close this tab" or what went wrong). */
  message: string;
}

export interface LoopbackCallbackOptions {
  /** `http://localhost:5573/callback`; port 0 = any free port (the sandbox, which whitelists nothing). */
  redirectUri: string;
  logger: Logger;
  /** Handles the first request to the callback path; its answer becomes the page. */
  onCallback(query: URLSearchParams): Promise<CallbackAnswer>;
}

/**
 * The loopback redirect target of a desktop OAuth sign-in (reference §5.5 step 3a): a tiny HTTP server on 127.0.0.1,
 * on the port the user whitelisted, that waits for LiveChat to send the browser back with `?code=…&state=…`. It
 * handles one callback, then only tells later visitors that the sign-in is over. It lives only while a sign-in waits.
 */
export class LoopbackCallback {
  private handled = false;
  private answering = false;
  private closed: Promise<void> | undefined;
  private actualUri: string;

  private constructor(
    private readonly server: Server,
    private readonly path: string,
    private readonly opts: LoopbackCallbackOptions,
    uri: string,
  ) {
    this.actualUri = uri;
  }

  static async start(opts: LoopbackCallbackOptions): Promise<LoopbackCallback> {
    const wanted = new URL(opts.redirectUri);
    // Bound to loopback only: nothing off this computer can post a code to it.
    const host = wanted.hostname === '[::1]' ? '::1' : '127.0.0.1';
    const port = wanted.port === '' ? 0 : Number(wanted.port);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException): void => {
        reject(
          err.code === 'EADDRINUSE'
            ? new AppError(
                'conflict',
                `Port ${port} is already used by another program, so LiveHook cannot receive the sign-in there. Close that program, or choose another redirect URI (and whitelist it in Developer Console).`,
              )
            : new AppError('unavailable', `LiveHook could not listen on ${host}:${port} for the sign-in: ${err.message}`),
        );
      };
      server.once('error', onError);
      server.listen({ host, port }, () => {
        server.off('error', onError);
        resolve();
      });
    });
    const bound = (server.address() as AddressInfo).port;
    // LiveChat compares the redirect URI as written, trailing slash included (§5.4): keep the input, only fill in the port.
    const uri = port === 0 ? `${wanted.protocol}//${wanted.hostname}:${bound}${pathAsWritten(opts.redirectUri)}` : opts.redirectUri;
    const callback = new LoopbackCallback(server, wanted.pathname, opts, uri);
    server.on('request', (req, res) => callback.handle(req, res));
    opts.logger.debug({ port: bound }, 'sign-in callback listening');
    return callback;
  }

  /** The redirect URI as sent to LiveChat (with the real port when it was 0). */
  get redirectUri(): string {
    return this.actualUri;
  }

  /** Stops listening now, dropping any connection (a request being answered is cut off: see `closeSoon`). */
  close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.closed;
  }

  /** Stops listening once the tab has its answer (or now, when no answer is being written). */
  closeSoon(): void {
    if (!this.answering) void this.close();
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://loopback');
    if (req.method !== 'GET' || url.pathname !== this.path) {
      answer(res, 404, 'Not found', 'This address only receives LiveChat sign-ins for LiveHook.');
      return;
    }
    if (this.handled) {
      answer(res, 410, 'Sign-in already finished', 'This sign-in is already finished. You can close this tab.');
      return;
    }
    this.handled = true;
    this.answering = true;
    // One callback per sign-in: once the tab has its page, nothing is left to listen for.
    const done = (): void => {
      this.answering = false;
      void this.close();
    };
    this.opts.onCallback(url.searchParams).then(
      (result) => answer(res, result.ok ? 200 : 400, result.ok ? 'Signed in' : 'Sign-in failed', result.message, done),
      (err: unknown) => {
        this.opts.logger.error({ err }, 'sign-in callback failed');
        answer(res, 500, 'Sign-in failed', 'LiveHook could not finish the sign-in. Go back to LiveHook and try again.', done);
      },
    );
  }
}

/** `http://localhost:0/callback` → `/callback`; `http://localhost:0` → `` (URL would say `/`). */
function pathAsWritten(uri: string): string {
  const afterScheme = uri.indexOf('//') + 2;
  const slash = uri.indexOf('/', afterScheme);
  return slash === -1 ? '' : uri.slice(slash);
}

function answer(res: ServerResponse, status: number, title: string, message: string, then?: () => void): void {
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>LiveHook — ${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#222}h1{font-size:1.3rem}</style>
</head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>
`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // The page must not load anything, nor tell another site the URL it was opened with (it carries the code).
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
  });
  res.end(body, then);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
