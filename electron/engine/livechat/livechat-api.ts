import { AppError } from '@shared/api/errors';
import { LIVECHAT_API_VERSION, type LiveChatApiNotice, type WebhookFilters, type WebhookType } from '@shared/api/domains/livechat';
import { z } from 'zod';
import { systemClock, type Clock, type Logger } from '../ports';
import { systemTimers, type Timers } from '../tunnel/tunnel-supervisor';
import { authorizationHeader, regionOf, type Credential } from './credentials';
import { DEFAULT_RATE_LIMIT_RETRY, httpRequest, rateLimitDelay, sleep, type HttpResponse, type RetryPolicy } from './http';
import { liveChatError, misdirectedRegion, parseLiveChatError, unexpectedAnswer, type LiveChatErrorInfo } from './livechat-errors';

export interface LiveChatEndpoints {
  accountsUrl: string;
  apiUrl: string;
}

/** Where the client gets its credential; owned by the sign-in (LiveChatAuth), or fixed while a PAT is being checked. */
export interface ApiAuth {
  /** The credential to use now (refreshed first when close to expiry). Throws `unauthorized` when signed out. */
  current(): Promise<Credential>;
  /**
   * LiveChat answered `authentication` to `used`: a fresh credential to retry once with (after a refresh), or
   * undefined when there is none (the caller then reports `unauthorized`).
   */
  rejected(used: Credential, error: LiveChatErrorInfo): Promise<Credential | undefined>;
}

export interface LiveChatApiOptions {
  endpoints: () => LiveChatEndpoints;
  auth: ApiAuth;
  logger: Logger;
  clock?: Clock;
  timers?: Timers;
  /** [0, 1): jitter source. */
  random?: () => number;
  /** Per request, body included. Default 15 s (LiveChat's own server-side timeout). */
  timeoutMs?: number;
  rateLimit?: Partial<RetryPolicy>;
  /** Path version; default 3.6. */
  version?: string;
  onNotice?: (notice: LiveChatApiNotice) => void;
}

export interface RegisterWebhookRequest {
  action: string;
  secret_key: string;
  url: string;
  owner_client_id: string;
  type: WebhookType;
  description?: string;
  filters?: WebhookFilters;
  additional_data?: string[];
}

/** One item of list_webhooks, as far as LiveHook reads it. `secret_key`, when LiveChat includes it, is dropped here. */
export interface ListedWebhook {
  id: string;
  url: string;
  action: string;
  type: string;
  description: string | null;
  filters: Record<string, unknown> | null;
  additionalData: string[] | null;
  ownerClientId: string | null;
}

export interface ListedWebhookName {
  action: string;
  filters: string[];
  additionalData: string[];
}

// Replies are an edge: checked, but extra fields are always fine (LiveChat adds fields without notice, reference §9.9).
const RegisterReply = z.looseObject({ id: z.string().min(1) });
const StateReply = z.looseObject({ license_webhooks_enabled: z.boolean() });
const ListedWebhookItem = z.looseObject({
  id: z.string().min(1),
  url: z.string(),
  action: z.string(),
  type: z.string().optional(),
  description: z.string().nullish(),
  filters: z.record(z.string(), z.unknown()).nullish(),
  additional_data: z.array(z.string()).nullish(),
  owner_client_id: z.string().nullish(),
});
const WebhookNameItem = z.looseObject({
  action: z.string().min(1),
  filters: z.array(z.string()).nullish(),
  additional_data: z.array(z.string()).nullish(),
});

/**
 * The Configuration API's webhook methods (reference §4), over `POST <apiUrl>/v3.6/configuration/action/<method>`.
 * Handles what every caller would otherwise repeat: the auth header, `X-Region` from the token prefix and one retry in
 * the region a `misdirected_request` names, one retry after a refresh when the token was refused, backoff on
 * `too_many_requests`, a deadline per request, and LiveChat's `Legacy` / `Deprecation` headers.
 */
export class LiveChatApi {
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly timeoutMs: number;
  private readonly rateLimit: RetryPolicy;
  private readonly version: string;
  private notice: LiveChatApiNotice | undefined;
  private readonly loggedNotices = new Set<string>();

  constructor(private readonly opts: LiveChatApiOptions) {
    this.logger = opts.logger;
    this.clock = opts.clock ?? systemClock;
    this.timers = opts.timers ?? systemTimers;
    this.random = opts.random ?? Math.random;
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.rateLimit = { ...DEFAULT_RATE_LIMIT_RETRY, ...opts.rateLimit };
    this.version = opts.version ?? LIVECHAT_API_VERSION;
  }

  /** The same client with another credential source (checking a PAT before it becomes the session's). */
  withAuth(auth: ApiAuth): LiveChatApi {
    return new LiveChatApi({ ...this.opts, auth, onNotice: (n) => this.noteNotice(n) });
  }

  /** The last Legacy/Deprecation header seen, if any. */
  get lastNotice(): LiveChatApiNotice | undefined {
    return this.notice;
  }

  async registerWebhook(req: RegisterWebhookRequest): Promise<{ id: string }> {
    const reply = RegisterReply.safeParse(await this.call('register_webhook', req));
    if (!reply.success) throw this.badReply('register_webhook', 'no webhook id');
    return { id: reply.data.id };
  }

  async listWebhooks(ownerClientId: string): Promise<ListedWebhook[]> {
    const reply = await this.call('list_webhooks', { owner_client_id: ownerClientId });
    if (!Array.isArray(reply)) throw this.badReply('list_webhooks', 'not a list');
    const out: ListedWebhook[] = [];
    for (const item of reply) {
      const parsed = ListedWebhookItem.safeParse(item);
      if (!parsed.success) {
        // One odd item must not hide the others; it is logged by shape only (items can carry a secret_key).
        this.logger.warn({ problem: parsed.error.issues[0]?.message, path: parsed.error.issues[0]?.path.join('.') }, 'list_webhooks item skipped');
        continue;
      }
      const w = parsed.data;
      out.push({
        id: w.id,
        url: w.url,
        action: w.action,
        type: w.type ?? 'license',
        description: w.description ?? null,
        filters: w.filters ?? null,
        additionalData: w.additional_data ?? null,
        ownerClientId: w.owner_client_id ?? null,
      });
    }
    return out;
  }

  async unregisterWebhook(id: string, ownerClientId: string): Promise<void> {
    await this.call('unregister_webhook', { id, owner_client_id: ownerClientId });
  }

  /** No auth needed (reference §4). */
  async listWebhookNames(version?: string): Promise<ListedWebhookName[]> {
    const reply = await this.call('list_webhook_names', version === undefined ? {} : { version }, { auth: false });
    if (!Array.isArray(reply)) throw this.badReply('list_webhook_names', 'not a list');
    return reply.flatMap((item) => {
      const parsed = WebhookNameItem.safeParse(item);
      if (!parsed.success) return [];
      return [{ action: parsed.data.action, filters: parsed.data.filters ?? [], additionalData: parsed.data.additional_data ?? [] }];
    });
  }

  async enableLicenseWebhooks(ownerClientId: string): Promise<void> {
    await this.call('enable_license_webhooks', { owner_client_id: ownerClientId });
  }

  async disableLicenseWebhooks(ownerClientId: string): Promise<void> {
    await this.call('disable_license_webhooks', { owner_client_id: ownerClientId });
  }

  /** `owner_client_id` is always sent: required with a PAT, and it wins over the token's client with OAuth (v3.5+). */
  async getLicenseWebhooksState(ownerClientId: string): Promise<boolean> {
    const reply = StateReply.safeParse(await this.call('get_license_webhooks_state', { owner_client_id: ownerClientId }));
    if (!reply.success) throw this.badReply('get_license_webhooks_state', 'no license_webhooks_enabled');
    return reply.data.license_webhooks_enabled;
  }

  private async call(method: string, body: object, opts: { auth: boolean } = { auth: true }): Promise<unknown> {
    let credential = opts.auth ? await this.opts.auth.current() : undefined;
    let region = credential ? regionOf(credential) : undefined;
    let redirected = false;
    let refreshed = false;
    let rateLimited = 0;
    for (;;) {
      const res = await this.send(method, body, credential, region);
      if (res.status >= 200 && res.status < 300) return res.json ?? {};
      const error = parseLiveChatError(res.json);
      if (error?.type === 'misdirected_request' && !redirected) {
        const named = misdirectedRegion(error);
        if (named !== undefined) {
          redirected = true;
          this.logger.info({ method, from: region ?? null, to: named }, 'LiveChat named another region; retrying there once');
          region = named;
          continue;
        }
      }
      if ((error?.type === 'too_many_requests' || res.status === 429) && rateLimited < this.rateLimit.retries) {
        rateLimited++;
        const delay = rateLimitDelay(rateLimited, this.rateLimit, this.random, res.headers.get('retry-after'));
        this.logger.warn({ method, attempt: rateLimited, retryInMs: delay }, 'LiveChat says too many requests; backing off');
        await sleep(delay, this.timers);
        continue;
      }
      if (credential && (error?.type === 'authentication' || (res.status === 401 && !error))) {
        const info = error ?? { type: 'authentication', message: `HTTP ${res.status}` };
        const next = refreshed ? undefined : await this.opts.auth.rejected(credential, info);
        if (next) {
          refreshed = true;
          credential = next;
          region = regionOf(next);
          continue;
        }
        throw new AppError('unauthorized', `LiveChat no longer accepts LiveHook's sign-in (${info.message}). Sign in again.`, {
          type: info.type,
          message: info.message,
          data: info.data ?? null,
        });
      }
      if (error) throw liveChatError(error);
      throw unexpectedAnswer('LiveChat', res.status, res.text);
    }
  }

  private async send(method: string, body: object, credential: Credential | undefined, region: string | undefined): Promise<HttpResponse> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (credential) headers.authorization = authorizationHeader(credential);
    if (region !== undefined) headers['x-region'] = region;
    const url = `${this.opts.endpoints().apiUrl.replace(/\/+$/, '')}/v${this.version}/configuration/action/${method}`;
    const started = this.clock.now();
    const res = await httpRequest({ method: 'POST', url, headers, body: JSON.stringify(body), timeoutMs: this.timeoutMs, timers: this.timers }, 'LiveChat');
    this.logger.debug({ method, status: res.status, ms: this.clock.now() - started, region: region ?? null }, 'LiveChat call');
    this.readNoticeHeaders(method, res.headers);
    return res;
  }

  private readNoticeHeaders(method: string, headers: Headers): void {
    const legacy = headers.get('legacy');
    const deprecation = headers.get('deprecation');
    if (legacy === null && deprecation === null) return;
    this.noteNotice({ legacy, deprecation, method, seenAt: new Date(this.clock.now()).toISOString() });
  }

  private noteNotice(notice: LiveChatApiNotice): void {
    // Every answer of a legacy version carries the header: only a different one is news.
    if (this.notice && this.notice.legacy === notice.legacy && this.notice.deprecation === notice.deprecation) return;
    this.notice = notice;
    const key = `${notice.legacy ?? ''}|${notice.deprecation ?? ''}`;
    if (!this.loggedNotices.has(key)) {
      this.loggedNotices.add(key);
      this.logger.warn(
        { legacy: notice.legacy, deprecation: notice.deprecation, method: notice.method, version: this.version },
        notice.deprecation !== null
          ? `LiveChat says API v${this.version} is deprecated (until ${notice.deprecation})`
          : `LiveChat says API v${this.version} is legacy (until ${notice.legacy ?? '?'})`,
      );
    }
    this.opts.onNotice?.(notice);
  }

  private badReply(method: string, what: string): AppError {
    return new AppError('livechat_error', `LiveChat's answer to ${method} was not what LiveHook expected (${what}).`, {
      type: 'unexpected_response',
      message: what,
      data: null,
    });
  }
}
