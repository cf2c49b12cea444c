import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { Clock, Logger } from '../ports';
import { isLocalhostName, loopbackAwareLookup } from '../tunnel/loopback-lookup';
import type { DeliveryReport } from './types';

/**
 * LiveChat's delivery rules (reference §2.2): one POST per registered webhook with `Content-Type: application/json`;
 * only HTTP 200 within ~10 s counts; otherwise up to 3 retries within about a minute, then LiveChat gives up.
 *
 * Not documented, so not invented: whether other 2xx count (they don't here — the wording is always "HTTP 200");
 * redirects (not followed: a 3xx is just not a 200); any header beyond Content-Type (none sent, not even a
 * User-Agent); auto-disabling after failures (never). The spacing of retries is not documented either: here each
 * delay in `retryDelaysMs` runs from the end of the failed attempt.
 */

export interface DeliveryOptions {
  clock: Clock;
  logger: Logger;
  timeoutMs: number;
  retryDelaysMs: readonly number[];
  /**
   * The sandbox contacts only loopback addresses (127.0.0.0/8, ::1, `localhost`, `*.localhost`) unless told
   * otherwise: it stands in for LiveChat on a machine with no internet.
   */
  allowRemoteTargets: boolean;
  onAttempt?: (report: DeliveryReport) => void;
}

export interface DeliveryJob {
  triggerId: string;
  webhookId: string;
  action: string;
  url: string;
  /** Serialised once: every retry carries the same bytes (§2.2, dedupe by body hash). */
  body: string;
}

type Outcome = { status: number } | { error: string };

export class WebhookDelivery {
  private readonly reports: DeliveryReport[] = [];
  private readonly inFlight = new Set<http.ClientRequest>();
  private readonly sleeping = new Set<{ timer: NodeJS.Timeout; wake: (slept: boolean) => void }>();
  private stopped = false;

  constructor(private readonly opts: DeliveryOptions) {}

  /** Every attempt so far, oldest first. */
  attempts(): DeliveryReport[] {
    return [...this.reports];
  }

  /** Delivers one webhook with retries; resolves with its attempts once it succeeded or gave up. */
  async deliver(job: DeliveryJob): Promise<DeliveryReport[]> {
    const mine: DeliveryReport[] = [];
    const delays = this.opts.retryDelaysMs;
    for (let attempt = 1; !this.stopped; attempt++) {
      const startedAt = this.opts.clock.now();
      const t0 = performance.now();
      const refused = this.refusal(job.url);
      const outcome = refused !== undefined ? { error: refused } : await this.post(job.url, job.body);
      const ok = 'status' in outcome && outcome.status === 200;
      const willRetry = !ok && refused === undefined && attempt <= delays.length && !this.stopped;
      const report: DeliveryReport = {
        triggerId: job.triggerId,
        webhookId: job.webhookId,
        url: job.url,
        action: job.action,
        attempt,
        startedAt,
        latencyMs: Math.round(performance.now() - t0),
        ...('status' in outcome ? { status: outcome.status } : {}),
        ...('error' in outcome ? { error: outcome.error } : outcome.status !== 200 ? { error: `HTTP ${outcome.status}` } : {}),
        ok,
        willRetry,
      };
      mine.push(report);
      this.reports.push(report);
      this.opts.logger.debug({ webhookId: job.webhookId, action: job.action, attempt, status: report.status, error: report.error }, 'sandbox delivery attempt');
      this.opts.onAttempt?.(report);
      if (!willRetry || !(await this.sleep(delays[attempt - 1]!))) break;
    }
    return mine;
  }

  /** Aborts requests in flight and cancels pending retries; running `deliver` calls resolve with what they have. */
  stop(): void {
    this.stopped = true;
    for (const s of this.sleeping) {
      clearTimeout(s.timer);
      s.wake(false);
    }
    this.sleeping.clear();
    for (const req of this.inFlight) req.destroy(new Error('sandbox stopped'));
  }

  private refusal(url: string): string | undefined {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return `not a URL: ${url}`;
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `unsupported scheme ${parsed.protocol}`;
    if (!this.opts.allowRemoteTargets && !isLoopback(parsed.hostname)) {
      return `the sandbox delivers only to loopback addresses, not ${parsed.hostname}`;
    }
    return undefined;
  }

  private sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.sleeping.delete(entry);
          resolve(true);
        }, ms),
        wake: resolve,
      };
      this.sleeping.add(entry);
    });
  }

  private post(url: string, body: string): Promise<Outcome> {
    const { timeoutMs } = this.opts;
    return new Promise((resolve) => {
      const target = new URL(url);
      const client = target.protocol === 'https:' ? https : http;
      let settled = false;
      const settle = (outcome: Outcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.inFlight.delete(req);
        resolve(outcome);
      };
      const req = client.request(
        target,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          // One connection per attempt: nothing lingers after stop(), and a retry is a fresh request like LiveChat's.
          agent: false,
          lookup: loopbackAwareLookup,
        },
        (res) => {
          // The status decides; the body is read and dropped so the receiver is not left writing into a full socket.
          res.on('error', (err) => this.opts.logger.debug({ err, url }, 'sandbox delivery: response body failed'));
          res.resume();
          settle({ status: res.statusCode ?? 0 });
        },
      );
      const timer = setTimeout(() => {
        settle({ error: `timeout after ${timeoutMs} ms` });
        req.destroy();
      }, timeoutMs);
      this.inFlight.add(req);
      req.on('error', (err: NodeJS.ErrnoException) => settle({ error: err.code ?? err.message }));
      req.end(body);
    });
  }
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (isLocalhostName(host)) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}
