import { loadExamples } from '../support/livechat-examples';

/** Helpers shared by the inspector's integration tests (not a test file itself). */

export function example(action: string): Record<string, unknown> {
  const found = loadExamples().find((e) => e.action === action);
  if (!found) throw new Error(`no example body for ${action}`);
  return structuredClone(found.body);
}

/** An example body with its payload fields changed (chat id, event text…). */
export function withPayload(action: string, patch: Record<string, unknown>, top: Record<string, unknown> = {}): Record<string, unknown> {
  const body = example(action);
  body.payload = { ...(body.payload as Record<string, unknown>), ...patch };
  return { ...body, ...top };
}

export async function post(receiverUrl: string, body: unknown, path = '/hooks/livechat'): Promise<string> {
  const res = await fetch(`${receiverUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const ack = (await res.json()) as { id: string };
  return ack.id;
}
