import type { Transport } from '@shared/api/client';
import { methods, type EventsListParams, type EventsPage, type MethodName, type PushName, type ReceiverInfo, type TunnelState, type TunnelStatus } from '@shared/api/contract';
import {
  DEFAULT_REDIRECT_URI,
  DEVELOPER_CONSOLE_URL,
  REQUIRED_SCOPES,
  type DiagnosticsReport,
  type LicenseState,
  type LiveChatStatus,
  type RegisteredWebhook,
  type WebhookName,
  type WebhooksView,
} from '@shared/api/domains/livechat';
import { DEFAULT_TUNNEL_SETTINGS, type TunnelSettings } from '@shared/api/domains/tunnel';
import type { ApiError } from '@shared/api/errors';
import type { ConnectionState } from '@shared/api/ws-transport';
import type { Result } from '@shared/api/wire';
import { diffJson } from '@shared/diff';
import { toSummary, type CapturedWebhook, type WebhookSummary } from '@shared/model/webhook';
import { compileQuery, parseQuery } from '@shared/query';

/**
 * An in-memory engine behind the Transport interface: history is an array, calls answer from it the way the
 * engine's History does, pushes are emitted on demand, and the link can be dropped and restored.
 */
export class FakeTransport implements Transport {
  readonly history: CapturedWebhook[] = [];
  readonly calls: Array<{ method: MethodName; params: Record<string, unknown> }> = [];
  receiverUrl = 'http://127.0.0.1:4567';
  /** Makes the next call of a method fail with this error. */
  readonly failures = new Map<MethodName, ApiError>();
  state: ConnectionState = 'open';
  /** The engine's tunnel: answered by `tunnel.*` calls; `setTunnel` changes it and pushes it like the engine. */
  tunnel: TunnelStatus = makeTunnelStatus({ state: 'stopped' });
  /** The engine's LiveChat side: `livechat.*` and `webhooks.*` answer from these; `setLiveChat` pushes like the engine. */
  livechat: LiveChatStatus = makeLiveChatStatus();
  webhooks: RegisteredWebhook[] = [];
  webhooksExtra: Partial<WebhooksView> = {};
  webhookNames: WebhookName[] = [
    { action: 'incoming_chat', filters: ['chat_presence', 'only_my_chats', 'source_type'], additionalData: ['chat_properties', 'chat_presence_user_ids'] },
    { action: 'chat_deactivated', filters: ['chat_presence', 'only_my_chats', 'source_type'], additionalData: ['chat_properties', 'chat_presence_user_ids'] },
    { action: 'incoming_event', filters: ['chat_presence', 'author_type', 'only_my_chats', 'source_type'], additionalData: ['chat_properties', 'chat_presence_user_ids'] },
  ];
  license: LicenseState = { ownerClientId: 'client-1', enabled: false };
  diagnostics: DiagnosticsReport = { ranAt: new Date(BASE_TIME).toISOString(), checks: [] };
  sandboxActions: string[] = ['incoming_chat', 'chat_deactivated', 'incoming_event'];
  publicUrl = 'http://127.0.0.1:4567';
  diffIgnore: string[] = [];
  /** Export jobs: the text built for each job id, read back in chunks of `exportChunkSize`. */
  readonly exports = new Map<string, string>();
  exportChunkSize = 10;
  /** When set, `events.export` waits for this before answering (so a test can cancel in between). */
  exportGate: Promise<void> | undefined;
  readonly cancelledJobs = new Set<string>();
  readonly imported: Array<{ format: string; text: string }> = [];
  private readonly pushListeners = new Set<(event: PushName, payload: unknown) => void>();
  private readonly stateListeners = new Set<(state: ConnectionState, detail?: string) => void>();
  private readonly reconnectListeners = new Set<() => void>();

  constructor(webhooks: CapturedWebhook[] = []) {
    this.history.push(...webhooks);
  }

  async call(method: MethodName, params: unknown): Promise<Result<unknown>> {
    const p = (params ?? {}) as Record<string, unknown>;
    this.calls.push({ method, params: p });
    await Promise.resolve();
    const failure = this.failures.get(method);
    if (failure) {
      this.failures.delete(method);
      return { ok: false, error: failure };
    }
    // The engine's edge checks params against the contract first; the message is built the same way.
    const parsed = methods[method].params.safeParse(p);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      const first = detail[0]!;
      return { ok: false, error: { code: 'bad_request', message: `Invalid params for ${method}: ${first.path || '(root)'} ${first.message}`, detail } };
    }
    switch (method) {
      case 'events.list':
        return this.list(p as EventsListParams);
      case 'events.histogram':
        return this.histogram(p.query as string | undefined);
      case 'events.retries': {
        const w = this.history.find((x) => x.id === p.id);
        if (!w) return { ok: false, error: { code: 'not_found', message: `No webhook ${String(p.id)}` } };
        const head = w.retryOf ?? w.id;
        const attempts = this.sorted().filter((x) => x.id === head || x.retryOf === head).map(toSummary);
        return { ok: true, value: { attempts } };
      }
      case 'events.chat': {
        const items = this.sorted()
          .filter((w) => w.chatId === p.chatId)
          .map((w) => ({ summary: toSummary(w), text: `${w.action ?? 'request'} in chat ${String(p.chatId)}` }));
        return { ok: true, value: { chatId: p.chatId, items, truncated: false } };
      }
      case 'events.previous': {
        const w = this.history.find((x) => x.id === p.id);
        if (!w) return { ok: false, error: { code: 'not_found', message: `No webhook ${String(p.id)}` } };
        const same = (x: CapturedWebhook): boolean => (p.by === 'chat' ? x.chatId === w.chatId : x.action === w.action);
        const before = this.sorted().filter((x) => x.seq < w.seq && same(x));
        return { ok: true, value: { id: before.at(-1)?.id ?? null } };
      }
      case 'events.diff': {
        const a = this.history.find((x) => x.id === p.a);
        const b = this.history.find((x) => x.id === p.b);
        if (!a || !b) return { ok: false, error: { code: 'not_found', message: 'No such webhook' } };
        const result = diffJson(a.json, b.json, { ignore: (p.ignore as string[] | undefined) ?? [] });
        return { ok: true, value: { ...result, a: toSummary(a), b: toSummary(b) } };
      }
      case 'events.getDiffIgnore':
        return { ok: true, value: { paths: [...this.diffIgnore] } };
      case 'events.setDiffIgnore':
        this.diffIgnore = [...(p.paths as string[])];
        return { ok: true, value: { paths: [...this.diffIgnore] } };
      case 'events.pin': {
        const w = this.history.find((x) => x.id === p.id);
        if (!w) return { ok: false, error: { code: 'not_found', message: `No webhook ${String(p.id)}` } };
        if (p.pinned === true) w.pinned = true;
        else delete w.pinned;
        const summary = toSummary(w);
        this.emit('event.updated', summary);
        return { ok: true, value: summary };
      }
      case 'events.export':
        return this.export(p);
      case 'events.exportChunk': {
        const text = this.exports.get(String(p.jobId));
        if (text === undefined) return { ok: false, error: { code: 'not_found', message: `No export ${String(p.jobId)}` } };
        const index = p.index as number;
        const size = this.exportChunkSize;
        return { ok: true, value: { text: text.slice(index * size, (index + 1) * size), last: (index + 1) * size >= text.length } };
      }
      case 'events.cancelJob':
        this.cancelledJobs.add(String(p.jobId));
        return { ok: true, value: { cancelled: true } };
      case 'events.import': {
        this.imported.push({ format: String(p.format), text: String(p.text) });
        const lines = String(p.text).split('\n').filter((l) => l.trim() !== '');
        let imported = 0;
        const errors: string[] = [];
        for (const [i, line] of lines.entries()) {
          try {
            const parsed = JSON.parse(line) as { path?: string };
            const seq = (this.sorted().at(-1)?.seq ?? 0) + 1;
            this.history.push(makeWebhook(seq, { source: 'import', path: parsed.path ?? '/imported' }));
            imported += 1;
          } catch {
            errors.push(`line ${i + 1}: not JSON`);
          }
        }
        return { ok: true, value: { imported, skipped: errors.length, errors } };
      }
      case 'events.get': {
        const found = this.history.find((w) => w.id === p.id);
        if (!found) return { ok: false, error: { code: 'not_found', message: `No webhook ${String(p.id)}` } };
        return { ok: true, value: found };
      }
      case 'events.clear': {
        // Like the engine: pinned webhooks stay.
        const kept = this.history.filter((w) => w.pinned === true);
        const removed = this.history.length - kept.length;
        this.history.splice(0, this.history.length, ...kept);
        this.emit('events.cleared', { removed });
        return { ok: true, value: { removed } };
      }
      case 'receiver.info': {
        const info: ReceiverInfo = {
          localUrl: this.receiverUrl,
          port: 4567,
          bodyLimitBytes: 1024 * 1024,
          dataDir: '/tmp/livehook-test',
          count: this.history.length,
          journalWarnings: [],
        };
        return { ok: true, value: info };
      }
      case 'tunnel.status':
        return { ok: true, value: this.tunnel };
      case 'tunnel.start':
        // Like the supervisor: answers at once, progress comes as pushes.
        if (this.tunnel.state === 'stopped' || this.tunnel.state === 'failed') this.setTunnel({ state: 'connecting' }, { reconnects: 0 });
        return { ok: true, value: this.tunnel };
      case 'tunnel.stop':
        if (this.tunnel.state !== 'stopped') this.setTunnel({ state: 'stopped' });
        return { ok: true, value: this.tunnel };
      case 'tunnel.configure': {
        const change = Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as Partial<TunnelSettings>;
        this.setTunnel(stateOf(this.tunnel), { settings: { ...this.tunnel.settings, ...change } });
        return { ok: true, value: this.tunnel };
      }
      case 'livechat.status':
        return { ok: true, value: this.livechat };
      case 'livechat.signIn': {
        const mode = p.mode as 'oauth' | 'pat' | 'sandbox';
        if (mode === 'oauth') {
          this.livechat = makeLiveChatStatus({
            state: 'signingIn',
            pending: {
              authorizeUrl: `https://accounts.livechat.com/?client_id=${String(p.clientId)}&code_challenge=abc`,
              redirectUri: DEFAULT_REDIRECT_URI,
              startedAt: new Date(BASE_TIME).toISOString(),
              expiresAt: new Date(BASE_TIME + 600_000).toISOString(),
            },
          });
          return { ok: true, value: this.livechat };
        }
        this.livechat = signedIn(mode === 'sandbox' ? 'sandbox' : 'livechat', mode === 'pat' ? String(p.clientId) : 'client-1', mode === 'pat' ? 'pat' : 'oauth');
        return { ok: true, value: this.livechat };
      }
      case 'livechat.cancelSignIn':
      case 'livechat.signOut':
        this.livechat = makeLiveChatStatus();
        return { ok: true, value: method === 'livechat.signOut' ? { ...this.livechat, revoked: true } : this.livechat };
      case 'livechat.configure':
        return { ok: true, value: this.livechat };
      case 'livechat.diagnostics':
        return { ok: true, value: this.diagnostics };
      case 'webhooks.names':
        return { ok: true, value: this.webhookNames };
      case 'webhooks.list':
        return { ok: true, value: this.view() };
      case 'webhooks.register': {
        const registered = (p.actions as string[]).map((action, i) => {
          const id = `wh-${this.webhooks.length + i + 1}`;
          return { id, action, url: `${this.publicUrl}/livechat/${id}` };
        });
        for (const r of registered) this.webhooks.push(makeRegisteredWebhook(r));
        return { ok: true, value: { view: this.view(), registered, failed: [], licenseWebhooksEnabled: this.license.enabled } };
      }
      case 'webhooks.unregister': {
        const ids = p.ids as string[];
        this.webhooks = this.webhooks.filter((w) => !ids.includes(w.id));
        return { ok: true, value: { view: this.view(), unregistered: ids, failed: [] } };
      }
      case 'webhooks.restore':
        return { ok: true, value: { view: this.view(), restored: [], failed: [] } };
      case 'webhooks.cleanup':
        return { ok: true, value: { view: this.view(), removed: [], failed: [] } };
      case 'webhooks.licenseState':
        return { ok: true, value: this.license };
      case 'webhooks.enableLicense':
      case 'webhooks.disableLicense':
        this.license = { ...this.license, enabled: method === 'webhooks.enableLicense' };
        return { ok: true, value: this.license };
      case 'sandbox.actions':
        return { ok: true, value: this.sandboxActions };
      case 'sandbox.trigger':
        return { ok: true, value: { action: p.action } };
      default:
        return { ok: false, error: { code: 'unknown_method', message: `The fake does not know ${method}` } };
    }
  }

  onPush(listener: (event: PushName, payload: unknown) => void): () => void {
    this.pushListeners.add(listener);
    return () => this.pushListeners.delete(listener);
  }

  emit(event: PushName, payload: unknown): void {
    for (const l of this.pushListeners) l(event, payload);
  }

  /** The tunnel changes state: stored, then pushed as `tunnel.status` (lost while the link is down). */
  setTunnel(state: TunnelState, extra: Partial<Omit<TunnelStatus, 'state'>> = {}): TunnelStatus {
    const { tunnel } = this;
    this.tunnel = makeTunnelStatus(state, {
      reconnects: tunnel.reconnects,
      lastError: tunnel.lastError,
      lastErrorAt: tunnel.lastErrorAt,
      lastUrl: state.state === 'online' ? state.url : tunnel.lastUrl,
      settings: tunnel.settings,
      ...extra,
    });
    if (this.state === 'open') this.emit('tunnel.status', this.tunnel);
    return this.tunnel;
  }

  /** The registrations as `webhooks.list` answers them. */
  view(): WebhooksView {
    return {
      signedIn: this.livechat.state === 'signedIn',
      ownerClientId: this.livechat.account?.clientId ?? null,
      publicUrl: this.publicUrl,
      webhooks: [...this.webhooks],
      vanished: [],
      stale: [],
      repointing: null,
      problems: [],
      checkedAt: new Date(BASE_TIME).toISOString(),
      ...this.webhooksExtra,
    };
  }

  /** LiveChat's sign-in state changes: stored, then pushed as `livechat.status`. */
  setLiveChat(status: LiveChatStatus): void {
    this.livechat = status;
    if (this.state === 'open') this.emit('livechat.status', status);
  }

  /** A webhook arrives: it is stored, then pushed (unless the link is down, when the push is lost). */
  capture(webhook: CapturedWebhook, opts: { push?: boolean } = {}): void {
    this.history.push(webhook);
    if ((opts.push ?? true) && this.state === 'open') this.emit('event.captured', toSummary(webhook));
  }

  callsOf(method: MethodName): Array<Record<string, unknown>> {
    return this.calls.filter((c) => c.method === method).map((c) => c.params);
  }

  // The Connection side, shaped like the WebSocket transport's.
  onState(listener: (state: ConnectionState, detail?: string) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  drop(): void {
    this.setState('reconnecting', 'retrying in 0.3 s');
  }

  reconnect(): void {
    this.setState('open');
    for (const l of this.reconnectListeners) l();
  }

  private setState(state: ConnectionState, detail?: string): void {
    this.state = state;
    for (const l of this.stateListeners) l(state, detail);
  }

  private sorted(): CapturedWebhook[] {
    return [...this.history].sort((a, b) => a.seq - b.seq);
  }

  /** Like the engine: the contract's `query` (shared/query), plus the older `actions` and `text`. */
  private matcher(params: Pick<EventsListParams, 'actions' | 'text' | 'query'>): ((w: CapturedWebhook) => boolean) | ApiError {
    const actions = params.actions && params.actions.length > 0 ? new Set(params.actions) : undefined;
    const words = (params.text ?? '').toLowerCase().split(/\s+/).filter((w) => w.length > 0);
    let compiled: ((w: CapturedWebhook) => boolean) | undefined;
    if (params.query !== undefined && params.query.trim() !== '') {
      const parsed = parseQuery(params.query);
      if (!parsed.ok) return { code: 'bad_request', message: parsed.error.message, detail: { start: parsed.error.start, end: parsed.error.end } };
      const test = compileQuery(parsed.query, BASE_TIME + 10_000_000);
      compiled = (w) => test({ summary: toSummary(w), contains: (needle) => JSON.stringify(w.json ?? null).toLowerCase().includes(needle) });
    }
    return (w) => {
      if (actions && !actions.has(w.action ?? '')) return false;
      if (compiled && !compiled(w)) return false;
      const text = [w.path, w.action, w.chatId, w.threadId, w.webhookId, w.organizationId, JSON.stringify(w.json ?? null)]
        .join('\n')
        .toLowerCase();
      return words.every((word) => text.includes(word));
    };
  }

  private list(params: EventsListParams): Result<EventsPage> {
    const limit = params.limit ?? 100;
    const match = this.matcher(params);
    if (typeof match !== 'function') return { ok: false, error: match };
    const all = this.sorted();
    const headSeq = all.at(-1)?.seq ?? 0;
    let matching = all.filter(match);
    let summaries: WebhookSummary[];
    if (params.groupRetries) {
      matching = matching.filter((w) => w.retryOf === undefined);
      summaries = matching.map((w) => {
        const n = 1 + all.filter((x) => x.retryOf === w.id).length;
        return n > 1 ? { ...toSummary(w), attempts: n } : toSummary(w);
      });
    } else {
      summaries = matching.map(toSummary);
    }
    const facets = (): EventsPage['facets'] => {
      const counts = new Map<string, number>();
      for (const w of summaries) counts.set(w.action ?? '', (counts.get(w.action ?? '') ?? 0) + 1);
      return [...counts].map(([action, count]) => ({ action, count })).sort((a, b) => b.count - a.count || a.action.localeCompare(b.action));
    };
    const withFacets = (page: EventsPage): Result<EventsPage> => ({ ok: true, value: params.facets ? { ...page, facets: facets() } : page });
    if (params.afterSeq !== undefined) {
      const after = summaries.filter((w) => w.seq > params.afterSeq!);
      return withFacets({ items: after.slice(0, limit), total: after.length, hasMore: after.length > limit, headSeq });
    }
    const newestFirst = [...summaries].reverse();
    const older = params.beforeSeq === undefined ? newestFirst : newestFirst.filter((w) => w.seq < params.beforeSeq!);
    return withFacets({ items: older.slice(0, limit), total: summaries.length, hasMore: older.length > limit, headSeq });
  }

  /** One-minute buckets over the matching history. */
  private histogram(query: string | undefined): Result<unknown> {
    const match = this.matcher({ query });
    if (typeof match !== 'function') return { ok: false, error: match };
    const matching = this.sorted().filter(match);
    if (matching.length === 0) return { ok: true, value: { bucketMs: 60_000, start: 0, buckets: [] } };
    const bucketMs = 60_000;
    const start = Math.floor(Date.parse(matching[0]!.receivedAt) / bucketMs) * bucketMs;
    const buckets: Array<{ start: number; total: number; counts: Record<string, number> }> = [];
    for (const w of matching) {
      const at = Math.floor((Date.parse(w.receivedAt) - start) / bucketMs);
      while (buckets.length <= at) buckets.push({ start: start + buckets.length * bucketMs, total: 0, counts: {} });
      const b = buckets[at]!;
      b.total += 1;
      b.counts[w.action ?? ''] = (b.counts[w.action ?? ''] ?? 0) + 1;
    }
    return { ok: true, value: { bucketMs, start, buckets } };
  }

  /** NDJSON of the chosen webhooks (one `{"path":…,"id":…}` line each), progress pushed per webhook. */
  private async export(p: Record<string, unknown>): Promise<Result<unknown>> {
    const jobId = String(p.jobId);
    let chosen: CapturedWebhook[];
    if (Array.isArray(p.ids)) chosen = (p.ids as string[]).map((id) => this.history.find((w) => w.id === id)).filter((w): w is CapturedWebhook => w !== undefined);
    else {
      const match = this.matcher({ query: p.query as string | undefined });
      if (typeof match !== 'function') return { ok: false, error: match };
      chosen = this.sorted().filter(match);
    }
    chosen.forEach((_, i) => this.emit('events.jobProgress', { jobId, done: i + 1, total: chosen.length }));
    if (this.exportGate) await this.exportGate;
    if (this.cancelledJobs.has(jobId)) return { ok: true, value: { jobId, count: 0, cancelled: true, chunks: 0, bytes: 0, fileName: 'x', mimeType: 'x' } };
    const text = chosen.map((w) => `${JSON.stringify({ path: w.path, id: w.id, secret: p.includeSecrets === true })}\n`).join('');
    this.exports.set(jobId, text);
    const chunks = Math.max(1, Math.ceil(text.length / this.exportChunkSize));
    const fileName = `livehook-test.${p.format === 'har' ? 'har' : 'ndjson'}`;
    return { ok: true, value: { jobId, count: chosen.length, cancelled: false, chunks, bytes: text.length, fileName, mimeType: 'application/x-ndjson' } };
  }
}

/** A complete TunnelStatus as the engine sends it: `state` plus the panel's fields, defaults for those not given. */
export function makeTunnelStatus(state: TunnelState, extra: Partial<Omit<TunnelStatus, 'state'>> = {}): TunnelStatus {
  const settings: TunnelSettings = { ...DEFAULT_TUNNEL_SETTINGS, ...extra.settings };
  return {
    reconnects: 0,
    lastError: state.state === 'reconnecting' ? state.lastError : null,
    lastErrorAt: null,
    onlineSince: state.state === 'online' ? state.since : null,
    lastUrl: state.state === 'online' ? state.url : null,
    ...extra,
    settings,
    ...state,
  } as TunnelStatus;
}

/** A signed-out LiveChatStatus as the engine sends it; override any field. */
export function makeLiveChatStatus(extra: Partial<LiveChatStatus> = {}): LiveChatStatus {
  return {
    state: 'signedOut',
    mode: 'livechat',
    account: null,
    pending: null,
    lastError: null,
    apiNotice: null,
    settings: { clientId: null, redirectUri: DEFAULT_REDIRECT_URI, unregisterOnQuit: false },
    setup: { redirectUri: DEFAULT_REDIRECT_URI, scopes: [...REQUIRED_SCOPES], consoleUrl: DEVELOPER_CONSOLE_URL },
    endpoints: { accountsUrl: 'https://accounts.livechat.com', apiUrl: 'https://api.livechatinc.com' },
    ...extra,
  };
}

/** Signed in, in `mode`, with every required scope. */
export function signedIn(mode: LiveChatStatus['mode'] = 'livechat', clientId = 'client-1', method: 'oauth' | 'pat' = 'oauth', extra: Partial<LiveChatStatus> = {}): LiveChatStatus {
  return makeLiveChatStatus({
    state: 'signedIn',
    mode,
    account: {
      method,
      accountId: 'agent@example.com',
      organizationId: 'org-1',
      clientId,
      scopes: [...REQUIRED_SCOPES],
      missingScopes: [],
      expiresAt: method === 'oauth' ? new Date(BASE_TIME + 3_600_000).toISOString() : null,
      region: 'dal',
    },
    ...extra,
  });
}

export function makeRegisteredWebhook(r: { id: string; action: string; url: string } & Partial<RegisteredWebhook>): RegisteredWebhook {
  return {
    type: 'license',
    description: 'LiveHook',
    filters: null,
    additionalData: null,
    owner: 'this-install',
    tracked: true,
    pointsAtPublicUrl: true,
    ...r,
  };
}

function stateOf(status: TunnelStatus): TunnelState {
  switch (status.state) {
    case 'online':
      return { state: 'online', url: status.url, since: status.since };
    case 'reconnecting':
      return { state: 'reconnecting', attempt: status.attempt, nextRetryInMs: status.nextRetryInMs, lastError: status.lastError };
    case 'failed':
      return { state: 'failed', reason: status.reason };
    default:
      return { state: status.state };
  }
}

const BASE_TIME = Date.UTC(2025, 0, 15, 9, 30, 0);

/** A plausible LiveChat `incoming_chat` webhook; override any field. */
export function makeWebhook(seq: number, overrides: Partial<CapturedWebhook> = {}): CapturedWebhook {
  const chatId = overrides.chatId ?? `CHAT${String(seq).padStart(6, '0')}`;
  const action = 'action' in overrides ? overrides.action : 'incoming_chat';
  const json = 'json' in overrides ? overrides.json : { action, webhook_id: `wh-${seq}`, organization_id: 'org-1', payload: { chat: { id: chatId } } };
  const body = overrides.bodyBase64 ?? btoa(JSON.stringify(json));
  const webhook: CapturedWebhook = {
    id: `01J${String(seq).padStart(10, '0')}`,
    seq,
    receivedAt: new Date(BASE_TIME + seq * 1000).toISOString(),
    source: 'local',
    method: 'POST',
    path: '/webhook',
    bodySize: atob(body).length,
    bodyTruncated: false,
    contentType: 'application/json',
    chatId,
    webhookId: `wh-${seq}`,
    organizationId: 'org-1',
    answer: { status: 200, delayMs: 0, latencyMs: 3.2 },
    query: '',
    headers: { 'content-type': 'application/json', 'user-agent': 'curl/8.5.0' },
    remoteAddress: '127.0.0.1',
    bodyBase64: body,
    bodySha256: '0'.repeat(64),
    json,
    livechat: { hasSecretKey: false, kind: 'webhook', action, chatId, webhookId: `wh-${seq}`, organizationId: 'org-1' },
    timing: { startedAtMs: BASE_TIME + seq * 1000, bodyMs: 0.4, persistMs: 2.1 },
    ...overrides,
  };
  if (action !== undefined) webhook.action = action;
  else delete webhook.action;
  return webhook;
}

export function makeWebhooks(count: number, from = 1): CapturedWebhook[] {
  return Array.from({ length: count }, (_, i) => makeWebhook(from + i));
}

/** A frame scheduler the test flushes by hand, so "one update per frame" is observable. */
export function manualFrames(): { schedule: (callback: () => void) => void; flush(): void; readonly pending: number } {
  const queue: Array<() => void> = [];
  return {
    schedule: (callback) => queue.push(callback),
    flush() {
      for (const callback of queue.splice(0)) callback();
    },
    get pending() {
      return queue.length;
    },
  };
}
