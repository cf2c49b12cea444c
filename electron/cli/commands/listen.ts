import { createClient, type Transport } from '@shared/api/client';
import type { DeliveryRecord, ForwardingState } from '@shared/api/domains/delivery';
import type { WebhookSummary } from '@shared/model/webhook';
import { parseUrl } from '../args';
import { UsageError } from '../usage';
import type { Io } from './events-query';

export const LISTEN_OPTIONS = {
  'forward-to': { type: 'string' },
  actions: { type: 'string' },
  mode: { type: 'string' },
} as const;

export interface ListenOptions {
  url: string;
  actions: string[];
  mode: 'acknowledge' | 'pass-through';
}

export function parseListenOptions(values: Record<string, unknown>): ListenOptions {
  const url = parseUrl(typeof values['forward-to'] === 'string' ? values['forward-to'] : undefined, '--forward-to');
  const modeFlag = typeof values.mode === 'string' ? values.mode : 'ack';
  if (modeFlag !== 'ack' && modeFlag !== 'acknowledge' && modeFlag !== 'pass-through') {
    throw new UsageError(`--mode must be ack or pass-through, got "${modeFlag}"`);
  }
  const actions = typeof values.actions === 'string' ? values.actions.split(',').map((a) => a.trim()).filter((a) => a.length > 0) : [];
  return { url, actions, mode: modeFlag === 'pass-through' ? 'pass-through' : 'acknowledge' };
}

/**
 * Turns forwarding on for this run (a target for `--forward-to`, the chosen mode) and prints one line per webhook once
 * its delivery is done. Returns the function that puts the saved forwarding settings back as they were.
 */
export async function startListening(transport: Transport, opts: ListenOptions, json: boolean, io: Io): Promise<() => Promise<void>> {
  const client = createClient(transport);
  const before: ForwardingState = await client.call('forwarding.get', {});
  const target = await client.call('targets.save', { url: opts.url, ...(opts.actions.length > 0 ? { actions: opts.actions } : {}), enabled: true });
  // Other saved targets stay as they are but are paused for this run, so only --forward-to gets webhooks.
  const paused = before.targets.filter((t) => t.enabled && t.id !== target.id);
  for (const t of paused) await client.call('targets.save', { id: t.id, url: t.url, ...(t.actions ? { actions: t.actions } : {}), enabled: false });
  await client.call('forwarding.configure', { enabled: true, mode: opts.mode });

  const captured = new Map<string, WebhookSummary>();
  const offCaptured = client.on('event.captured', (s) => {
    const forwarded = opts.actions.length === 0 || opts.actions.includes(s.action ?? '');
    if (forwarded) {
      captured.set(s.id, s);
      if (captured.size > 10_000) captured.delete(captured.keys().next().value!);
      return;
    }
    io.out(json ? JSON.stringify({ id: s.id, receivedAt: s.receivedAt, action: s.action ?? null, forwarded: false, answer: s.answer.status }) : `${line(s)}  not forwarded (action not in --actions)`);
  });
  const offDone = client.on('delivery.done', (d) => {
    if (d.targetId !== target.id || (d.kind !== 'forward' && d.kind !== 'pass-through')) return;
    const s = d.webhookId ? captured.get(d.webhookId) : undefined;
    if (d.webhookId) captured.delete(d.webhookId);
    io.out(json ? JSON.stringify(jsonLine(d, s)) : describe(d, s));
  });
  if (!json) io.out(`Forwarding to ${opts.url} (${opts.mode === 'pass-through' ? 'pass-through: LiveChat hears your status' : 'acknowledge: LiveChat gets 200 at once'}${opts.actions.length > 0 ? `; actions ${opts.actions.join(', ')}` : ''}).`);

  return async () => {
    offCaptured();
    offDone();
    await client.call('forwarding.configure', { enabled: before.enabled, mode: before.mode });
    if (!before.targets.some((t) => t.id === target.id)) await client.call('targets.remove', { id: target.id });
    for (const t of paused) await client.call('targets.save', { id: t.id, url: t.url, ...(t.actions ? { actions: t.actions } : {}), enabled: true });
  };
}

function line(s: WebhookSummary | undefined): string {
  if (!s) return '';
  const ids = [s.chatId && `chat ${s.chatId}`, s.threadId && `thread ${s.threadId}`].filter(Boolean).join(' ');
  return `${s.receivedAt.slice(11, 23)}  ${(s.action ?? '(no action)').padEnd(28)} ${ids}`.trimEnd();
}

function describe(d: DeliveryRecord, s: WebhookSummary | undefined): string {
  const last = d.attempts.at(-1);
  const status = last?.status !== undefined ? String(last.status) : last?.timedOut ? 'timeout' : 'error';
  const latency = last ? `${Math.round(last.latencyMs)} ms` : '';
  const head = s ? line(s) : `${d.startedAt.slice(11, 23)}  ${(d.action ?? '(no action)').padEnd(28)}`;
  return `${head}  → ${status} ${latency}  ${d.verdict}${last?.error ? ` (${last.error})` : ''}`;
}

function jsonLine(d: DeliveryRecord, s: WebhookSummary | undefined): Record<string, unknown> {
  const last = d.attempts.at(-1);
  return {
    id: d.webhookId ?? null,
    receivedAt: s?.receivedAt ?? null,
    action: d.action ?? s?.action ?? null,
    chatId: s?.chatId ?? null,
    threadId: s?.threadId ?? null,
    forwarded: true,
    mode: d.kind,
    targetStatus: last?.status ?? null,
    latencyMs: last ? Math.round(last.latencyMs) : null,
    attempts: d.attempts.length,
    delivered: d.delivered,
    verdict: d.verdict,
    ...(last?.error ? { error: last.error } : {}),
  };
}
