import { LIVECHAT_POLICY } from '@shared/api/domains/delivery';
import type { SimulatorDestination, TriggerItem } from '@shared/api/domains/simulator';
import { AppError } from '@shared/api/errors';
import type { Deliverer, PolicySpec } from '../delivery/types';
import type { DeliveryReport, LiveChatSandbox } from '../livechat-sandbox/sandbox';
import { toSandboxDelivery } from '../livechat-sandbox/sandbox-delivery';
import type { Clock } from '../ports';
import type { IncomingRequest } from '../receiver/capture';
import type { ReceiverAnswer } from '../receiver/receiver';

/**
 * Where one simulated webhook goes and what became of it.
 *
 * `self` hands the request to the receiver's own capture with source `simulator` — the same path as a webhook from
 * the network (journal, response rules, forwarding, retry grouping) — but from inside the engine: nothing a request
 * from outside can send (a header, a path) marks a webhook as simulated.
 */

export interface DestinationDeps {
  clock: Clock;
  /** The receiver's capture (response rules and forwarding included). */
  capture(req: IncomingRequest): Promise<ReceiverAnswer>;
  deliverer: Deliverer;
  /** The delivery policy in force (for single attempts of retry steps). */
  policy?: () => PolicySpec;
  sandbox(): LiveChatSandbox | undefined;
}

export interface OneSend {
  body: string;
  action?: string;
  /** A LiveChat retry of an earlier step: one attempt, no retries of its own. */
  retry: boolean;
}

/** Refuses a destination that cannot work before anything is sent. */
export function checkDestination(dest: SimulatorDestination, deps: DestinationDeps): void {
  if (dest.kind === 'url') {
    let url: URL;
    try {
      url = new URL(dest.url);
    } catch {
      throw new AppError('bad_request', `"${dest.url.slice(0, 200)}" is not a URL: give a full one, like http://localhost:3000/webhooks.`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AppError('bad_request', `Only http and https URLs can receive webhooks, not ${url.protocol}.`);
  }
  if (dest.kind === 'sandbox' && deps.sandbox() === undefined) {
    throw new AppError('conflict', 'The sandbox LiveChat is not running: sign in with the Sandbox account in the LiveChat panel first.');
  }
}

export async function sendOne(dest: SimulatorDestination, send: OneSend, item: TriggerItem, deps: DestinationDeps, signal: AbortSignal): Promise<void> {
  if (dest.kind === 'self') return sendToSelf(send, item, deps);
  if (dest.kind === 'url') return sendToUrl(dest.url, send, item, deps, signal);
  return sendToSandbox(send, item, deps);
}

async function sendToSelf(send: OneSend, item: TriggerItem, deps: DestinationDeps): Promise<void> {
  const bytes = Buffer.from(send.body, 'utf8');
  const startedAtMs = deps.clock.now();
  const answer = await deps.capture({
    source: 'simulator',
    method: 'POST',
    // Where LiveHook registers each action with LiveChat, so path-based response rules apply as to real deliveries.
    path: `/livechat/${send.action ?? 'webhook'}`,
    query: '',
    headers: { 'content-type': 'application/json', 'content-length': String(bytes.length), 'user-agent': 'LiveHook simulator' },
    remoteAddress: '',
    body: bytes,
    bodySize: bytes.length,
    bodyTruncated: false,
    startedAtMs,
    bodyMs: 0,
  });
  const id = answer.summary?.id ?? idIn(answer.body);
  if (id !== undefined) item.capturedId = id;
  item.answerStatus = answer.status;
  item.delivered = id !== undefined;
  item.verdict = id === undefined ? `not captured (LiveHook answered ${answer.status})` : answer.status === 200 ? 'captured' : `captured; LiveHook answered ${answer.status}`;
}

async function sendToUrl(url: string, send: OneSend, item: TriggerItem, deps: DestinationDeps, signal: AbortSignal): Promise<void> {
  const policy = deps.policy?.() ?? LIVECHAT_POLICY;
  const outcome = await deps.deliverer.deliver(
    { url, method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.from(send.body, 'utf8') },
    {
      signal,
      // A retry step is itself one of LiveChat's attempts: it gets the policy's timeout and no retries of its own.
      ...(send.retry ? { policy: { name: 'single', timeoutMs: policy.timeoutMs, retryDelaysMs: [] } } : {}),
    },
  );
  item.deliveryId = outcome.deliveryId;
  item.attempts = outcome.attempts.length;
  const last = outcome.attempts.at(-1);
  if (last?.status !== undefined) item.lastStatus = last.status;
  item.delivered = outcome.delivered;
  item.verdict = outcome.delivered || last?.error === undefined ? outcome.verdict : `${outcome.verdict} (${last.error})`;
}

async function sendToSandbox(send: OneSend, item: TriggerItem, deps: DestinationDeps): Promise<void> {
  const sandbox = deps.sandbox();
  if (sandbox === undefined) {
    item.verdict = 'not sent: the sandbox LiveChat stopped';
    return;
  }
  const body = parseChatWebhook(send.body);
  const reports = await sandbox.trigger({
    action: body.action,
    payload: body.payload,
    additional_data: isObj(body.additional_data) ? body.additional_data : {},
    ...(body.requester === undefined ? {} : { requester: body.requester }),
  });
  item.sandbox = reports.map(toSandboxDelivery);
  const byWebhook = new Map<string, DeliveryReport>();
  for (const r of reports) byWebhook.set(r.webhookId, r);
  const finals = [...byWebhook.values()];
  const ok = finals.filter((r) => r.ok).length;
  item.delivered = finals.length > 0 && ok === finals.length;
  item.verdict =
    finals.length === 0
      ? `no webhook registered for ${body.action} in the sandbox (or its filters left this event out)`
      : `delivered to ${ok} of ${finals.length} registered webhook${finals.length === 1 ? '' : 's'}`;
}

/** The sandbox builds its own envelope (its webhook ids and secrets): it needs the action and the payload. */
export function parseChatWebhook(text: string): { action: string; payload: unknown; additional_data?: unknown; requester?: unknown } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new AppError('bad_request', `The sandbox LiveChat sends chat webhooks: the body must be JSON (${(err as Error).message}).`);
  }
  if (!isObj(json) || typeof json.action !== 'string' || !Object.hasOwn(json, 'payload')) {
    throw new AppError('bad_request', 'The sandbox LiveChat sends chat webhooks: the body needs an "action" and a "payload" (app webhooks cannot go through it).');
  }
  return json as { action: string; payload: unknown };
}

function idIn(body: unknown): string | undefined {
  return isObj(body) && typeof body.id === 'string' ? body.id : undefined;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
