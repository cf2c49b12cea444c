import { describe, expect, it } from 'vitest';
import type { TriggerRecord } from '../../../shared/api/domains/simulator';
import type { CapturedWebhook } from '../../../shared/model/webhook';
import type { DeliverOptions, Deliverer, OutgoingRequest } from '../../../electron/engine/delivery/types';
import { createLogger } from '../../../electron/engine/logger';
import { createMemorySettingsStore } from '../../../electron/engine/ports';
import type { IncomingRequest } from '../../../electron/engine/receiver/capture';
import { SCENARIOS_SETTING, stepsFromCaptures } from '../../../electron/engine/simulator/saved-scenarios';
import { Simulator } from '../../../electron/engine/simulator/simulator';
import { ManualTimers } from '../../fakes/manual-timers';

/** The simulator's own rules with its edges replaced: a capture that records, a deliverer that records, manual time. */
function setup(opts: { deliver?: (req: OutgoingRequest, o: DeliverOptions | undefined) => boolean } = {}) {
  const timers = new ManualTimers(Date.UTC(2026, 10, 27, 12));
  const captured: IncomingRequest[] = [];
  const sent: Array<{ req: OutgoingRequest; opts: DeliverOptions | undefined }> = [];
  const pushes: TriggerRecord[] = [];
  const settings = createMemorySettingsStore();
  const deliverer: Deliverer = {
    async deliver(req, o) {
      sent.push({ req, opts: o });
      const ok = opts.deliver?.(req, o) ?? true;
      return { deliveryId: `d${sent.length}`, url: req.url, delivered: ok, verdict: ok ? 'delivered on attempt 1' : 'not delivered after 1 attempt', attempts: [{ attempt: 1, startedAt: '', latencyMs: 1, timedOut: false, ok, status: ok ? 200 : 500 }] };
    },
  };
  const simulator = new Simulator({
    clock: timers.clock,
    timers,
    logger: createLogger({ sink: { write() {} } }),
    settings,
    capture: async (req) => {
      captured.push(req);
      return { status: 200, body: { received: true, id: `w${captured.length}` } };
    },
    deliverer,
    sandbox: () => undefined,
    getWebhook: async () => undefined,
    emit: (r) => void pushes.push(r),
    randomSeed: () => 99,
  });
  return { simulator, timers, captured, sent, pushes, settings };
}

describe('Simulator', () => {
  it('paces a scenario at the requested speed: 10× faster is a tenth of the waits', async () => {
    const { simulator, timers, captured } = setup();
    const total = simulator.scenarios().find((s) => s.name === 'customer-chat')!.durationMs;
    const { done } = simulator.run({ name: 'customer-chat', speed: 10, destination: { kind: 'self' } });
    await timers.advance(0);
    expect(captured).toHaveLength(1);
    await timers.advance(Math.floor(total / 20));
    expect(captured.length).toBeGreaterThan(1);
    expect(captured.length).toBeLessThan(11);
    await timers.advance(total / 10);
    const record = await done;
    expect(record).toMatchObject({ done: true, total: 11 });
    expect(captured).toHaveLength(11);
    expect(captured.every((c) => c.source === 'simulator' && c.headers['content-type'] === 'application/json')).toBe(true);
    expect(captured.map((c) => c.path)).toContain('/livechat/chat_deactivated');
  });

  it('cancels between steps: nothing more is sent, and the record says so', async () => {
    const { simulator, timers, captured, pushes } = setup();
    const { record, done } = simulator.run({ name: 'transfer', destination: { kind: 'self' } });
    await timers.advance(0);
    expect(captured).toHaveLength(1);
    expect(timers.delays()).toEqual([7_000]);
    await timers.advance(7_000);
    expect(captured).toHaveLength(2);
    expect(simulator.cancel(record.id)).toBe(true);
    const finished = await done;
    expect(finished).toMatchObject({ done: true, cancelled: true });
    expect(finished.items).toHaveLength(2);
    await timers.advance(60_000);
    expect(captured).toHaveLength(2);
    expect(pushes.at(-1)).toMatchObject({ id: record.id, done: true, cancelled: true });
    expect(simulator.cancel(record.id)).toBe(false);
  });

  it('sends retry steps to a URL as single attempts under the policy’s timeout, other steps under the policy', async () => {
    const { simulator, sent } = setup();
    await simulator.run({ name: 'retry-storm', speed: 0, destination: { kind: 'url', url: 'http://127.0.0.1:9/hook' } }).done;
    const single = sent.filter((s) => s.opts?.policy !== undefined);
    expect(single).toHaveLength(3);
    expect(single.every((s) => s.opts!.policy!.retryDelaysMs.length === 0 && s.opts!.policy!.timeoutMs === 10_000)).toBe(true);
    expect(new Set(single.map((s) => Buffer.from(s.req.body).toString('utf8'))).size).toBe(1);
    expect(sent.every((s) => s.req.method === 'POST' && s.req.headers['content-type'] === 'application/json')).toBe(true);
  });

  it('reports a failed delivery in the item, and keeps going', async () => {
    const { simulator } = setup({ deliver: (req) => !Buffer.from(req.body).toString('utf8').includes('"incoming_chat"') });
    const record = await simulator.run({ name: 'transfer', speed: 0, destination: { kind: 'url', url: 'http://127.0.0.1:9/' } }).done;
    expect(record.items[0]).toMatchObject({ action: 'incoming_chat', delivered: false, lastStatus: 500, verdict: 'not delivered after 1 attempt' });
    expect(record.items.slice(1).every((i) => i.delivered)).toBe(true);
  });

  it('draws a seed when none is given and returns it; the same seed reproduces the body', () => {
    const { simulator } = setup();
    const a = simulator.generate({ action: 'chat_transferred' });
    expect(a.seed).toBe(99);
    const b = simulator.generate({ action: 'chat_transferred', seed: 99, startAt: a.startAt });
    expect(b.body).toBe(a.body);
    expect(simulator.generate({ action: 'chat_transferred', seed: 99 }).startAt).not.toBe(a.startAt);
  });

  it('keeps the last 20 triggers, newest first, and repeats one exactly', async () => {
    const { simulator, captured } = setup();
    for (let i = 0; i < 22; i++) await simulator.send({ action: 'thread_tagged', destination: { kind: 'self' } }).done;
    const recent = simulator.recent();
    expect(recent).toHaveLength(20);
    await simulator.repeat(recent[5]!.id).done;
    expect(captured.at(-1)!.body.equals(captured[22 - 1 - 5]!.body)).toBe(true);
    expect(() => simulator.repeat('nope')).toThrow(/No recent trigger nope/);
  });

  it('skips saved scenarios that do not have the expected shape', () => {
    const { simulator, settings } = setup();
    settings.set(SCENARIOS_SETTING, [
      { name: 'good', title: 'Good', description: '', steps: [{ delayMs: 0, body: '{}' }, { delayMs: 5, body: '{}', retryOf: 0 }] },
      { name: 'bad', title: 'Bad', description: '', steps: [{ delayMs: -1, body: '{}' }] },
      'junk',
    ]);
    const saved = simulator.scenarios().filter((s) => !s.builtIn);
    expect(saved).toEqual([{ name: 'good', title: 'Good', description: '', builtIn: false, steps: 2, durationMs: 5 }]);
  });
});

describe('a scenario from captures', () => {
  const capture = (seq: number, at: string, body: string, extra: Partial<CapturedWebhook> = {}): CapturedWebhook =>
    ({
      id: `id${seq}`,
      seq,
      receivedAt: at,
      bodyBase64: Buffer.from(body).toString('base64'),
      bodyTruncated: false,
      bodySha256: `sha-${body}`,
      webhookId: 'wh',
      action: 'incoming_event',
      ...extra,
    }) as CapturedWebhook;

  it('orders by arrival, keeps the spacing (long gaps shortened), and marks repeated bodies as retries', () => {
    const steps = stepsFromCaptures([
      capture(3, '2026-11-27T10:00:12.000Z', '{"b":1}'),
      capture(1, '2026-11-27T10:00:00.000Z', '{"a":1}'),
      capture(2, '2026-11-27T10:00:02.500Z', '{"a":1}'),
      capture(4, '2026-11-27T13:00:00.000Z', '{"c":1}'),
    ]);
    expect(steps.map((s) => [s.body, s.delayMs, s.retryOf])).toEqual([
      ['{"a":1}', 0, undefined],
      ['{"a":1}', 2_500, 0],
      ['{"b":1}', 9_500, undefined],
      ['{"c":1}', 600_000, undefined],
    ]);
  });

  it('refuses truncated bodies', () => {
    expect(() => stepsFromCaptures([capture(1, '2026-11-27T10:00:00.000Z', '{', { bodyTruncated: true })])).toThrow(/cut at the size limit/);
  });
});
