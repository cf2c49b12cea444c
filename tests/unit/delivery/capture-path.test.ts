import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryService, type CaptureStore } from '../../../electron/engine/delivery/delivery-service';
import { createLogger } from '../../../electron/engine/logger';
import { createMemorySettingsStore } from '../../../electron/engine/ports';
import type { IncomingRequest } from '../../../electron/engine/receiver/capture';
import type { AnswerDecider } from '../../../electron/engine/receiver/receiver';

const logger = createLogger({ level: 'silent', sink: { write: () => undefined } });
const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** Records how the service called the store's capture. */
function fakeStore(): CaptureStore & { seen: Array<number | AnswerDecider | undefined>; options: unknown[] } {
  const seen: Array<number | AnswerDecider | undefined> = [];
  const options: unknown[] = [];
  return {
    seen,
    options,
    capture: async (_req, answer, opts) => {
      seen.push(answer);
      options.push(opts);
      const plan = typeof answer === 'function' ? answer({ action: 'incoming_chat', path: '/x' }) : undefined;
      return { status: plan?.status ?? 200, body: { received: true, id: 'W1' } };
    },
    get: async () => undefined,
    list: () => ({ items: [], total: 0, hasMore: false, headSeq: 0 }),
  };
}

const req = { source: 'local', method: 'POST', path: '/x', query: '', headers: {}, remoteAddress: '', body: Buffer.from('{}'), bodySize: 2, bodyTruncated: false, startedAtMs: 0, bodyMs: 0 } as IncomingRequest;

async function service(store: CaptureStore) {
  const dir = await mkdtemp(join(tmpdir(), 'livehook-capture-path-'));
  dirs.push(dir);
  const noop = () => undefined;
  return DeliveryService.open({ store, settings: createMemorySettingsStore(), logger, clock: { now: () => 0 }, dir, durable: false, emit: { attempt: noop, done: noop, rulesChanged: noop, forwardingChanged: noop } });
}

describe('the receiver’s capture path', () => {
  it('with no rule and no target, hands the request straight to the store: no decider, acked once durable', async () => {
    const store = fakeStore();
    const s = await service(store);
    const answer = await s.capture(req);
    expect(store.seen).toEqual([200]);
    expect(store.options).toEqual([{ ack: 'durable' }]);
    expect(answer.status).toBe(200);
    await s.close();
  });

  it('with a rule on, passes a decider that applies it; off again, back to the plain path', async () => {
    const store = fakeStore();
    const s = await service(store);
    const rule = s.rules.addPreset('outage-2m');
    expect((await s.capture(req)).status).toBe(503);
    expect(typeof store.seen[0]).toBe('function');
    expect(store.options[0]).toBeUndefined(); // a rule's answer is recorded with the capture's summary
    s.rules.setEnabled(rule.id, false);
    await s.capture(req);
    expect(store.seen[1]).toBe(200);
    expect(store.options[1]).toEqual({ ack: 'durable' });
    await s.close();
  });
});
