import type { Transport } from '@shared/api/client';
import { methods, type EventsListParams, type EventsPage, type MethodName, type PushName, type ReceiverInfo, type TunnelState, type TunnelStatus } from '@shared/api/contract';
import { DEFAULT_TUNNEL_SETTINGS, type TunnelSettings } from '@shared/api/domains/tunnel';
import type { ApiError } from '@shared/api/errors';
import type { ConnectionState } from '@shared/api/ws-transport';
import type { Result } from '@shared/api/wire';
import { toSummary, type CapturedWebhook } from '@shared/model/webhook';

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
        return { ok: true, value: this.list(p as EventsListParams) };
      case 'events.get': {
        const found = this.history.find((w) => w.id === p.id);
        if (!found) return { ok: false, error: { code: 'not_found', message: `No webhook ${String(p.id)}` } };
        return { ok: true, value: found };
      }
      case 'events.clear': {
        const removed = this.history.length;
        this.history.length = 0;
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

  private list(params: EventsListParams): EventsPage {
    const limit = params.limit ?? 100;
    const actions = params.actions && params.actions.length > 0 ? new Set(params.actions) : undefined;
    const words = (params.text ?? '').toLowerCase().split(/\s+/).filter((w) => w.length > 0);
    const match = (w: CapturedWebhook): boolean => {
      if (actions && !actions.has(w.action ?? '')) return false;
      const text = [w.path, w.action, w.chatId, w.threadId, w.webhookId, w.organizationId, JSON.stringify(w.json ?? null)]
        .join('\n')
        .toLowerCase();
      return words.every((word) => text.includes(word));
    };
    const all = [...this.history].sort((a, b) => a.seq - b.seq);
    const headSeq = all.at(-1)?.seq ?? 0;
    const matching = all.filter(match);
    if (params.afterSeq !== undefined) {
      const after = matching.filter((w) => w.seq > params.afterSeq!);
      return { items: after.slice(0, limit).map(toSummary), total: after.length, hasMore: after.length > limit, headSeq };
    }
    const newestFirst = matching.reverse();
    const older = params.beforeSeq === undefined ? newestFirst : newestFirst.filter((w) => w.seq < params.beforeSeq!);
    return { items: older.slice(0, limit).map(toSummary), total: matching.length, hasMore: older.length > limit, headSeq };
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
