import { afterEach, describe, expect, it } from 'vitest';
import { LIVECHAT_POLICY } from '@shared/api/domains/delivery';
import { createDeliverer, type ClosableDeliverer } from '../../../electron/engine/delivery/deliverer';
import { createLogger } from '../../../electron/engine/logger';
import type { AttemptRecord } from '../../../electron/engine/delivery/types';
import { ManualTimers, settle } from '../../fakes/manual-timers';
import { startTarget, type LocalTarget } from '../../support/local-target';

const logger = createLogger({ level: 'silent', sink: { write: () => undefined } });
let target: LocalTarget | undefined;
let deliverer: ClosableDeliverer | undefined;
afterEach(async () => {
  deliverer?.close();
  await target?.close();
  target = undefined;
});

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !cond(); i++) await new Promise((r) => setTimeout(r, 2));
  if (!cond()) throw new Error('condition not reached');
}

const body = new TextEncoder().encode('{"action":"incoming_chat"}');

describe('the deliverer under LiveChat’s policy (manual timers)', () => {
  it('records a timeout at 10 s and retries after 10 s, 20 s, 30 s, then gives up like LiveChat', async () => {
    target = await startTarget(() => 'hang');
    const timers = new ManualTimers();
    deliverer = createDeliverer({ clock: timers.clock, timers, logger });
    const seen: AttemptRecord[] = [];
    const done = deliverer.deliver(
      { url: `${target.url}/hook`, method: 'POST', headers: { 'content-type': 'application/json' }, body },
      { policy: LIVECHAT_POLICY, onAttempt: (a) => seen.push(a) },
    );
    for (const [n, wait] of [[1, 10_000], [2, 20_000], [3, 30_000]] as const) {
      await until(() => target!.requests.length === n);
      expect(timers.delays()).toEqual([10_000]); // the attempt's deadline
      await timers.advance(10_000);
      await until(() => seen.length === n);
      expect(seen[n - 1]).toMatchObject({ attempt: n, timedOut: true, ok: false, latencyMs: 10_000, error: 'timeout after 10000 ms', nextInMs: wait });
      expect(timers.delays()).toEqual([wait]); // the retry, on schedule
      await timers.advance(wait);
    }
    await until(() => target!.requests.length === 4);
    await timers.advance(10_000);
    const outcome = await done;
    expect(outcome.attempts).toHaveLength(4);
    expect(outcome.attempts[3]!.nextInMs).toBeUndefined();
    expect(outcome.delivered).toBe(false);
    expect(outcome.verdict).toBe('LiveChat would have given up after 4 attempts');
    expect(timers.pending).toBe(0);
  });

  it('fails twice then succeeds → delivered on attempt 3, with the statuses on the timeline', async () => {
    target = await startTarget((n) => (n <= 2 ? 500 : 200));
    const timers = new ManualTimers();
    deliverer = createDeliverer({ clock: timers.clock, timers, logger });
    const seen: AttemptRecord[] = [];
    const done = deliverer.deliver({ url: target.url, method: 'POST', headers: {}, body }, { policy: LIVECHAT_POLICY, onAttempt: (a) => seen.push(a) });
    await until(() => seen.length === 1);
    await settle();
    expect(timers.delays()).toEqual([10_000]); // the first retry's wait (the deadline is cleared)
    await timers.advance(10_000);
    await until(() => seen.length === 2);
    await settle();
    expect(timers.delays()).toEqual([20_000]);
    await timers.advance(20_000);
    const outcome = await done;
    expect(outcome.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    expect(outcome.verdict).toBe('delivered on attempt 3');
    expect(outcome.delivered).toBe(true);
    expect(outcome.attempts[0]!.responseBody).toBe('{}');
  });

  it('a cancelled delivery stops waiting and says so', async () => {
    target = await startTarget(() => 503);
    const timers = new ManualTimers();
    deliverer = createDeliverer({ clock: timers.clock, timers, logger });
    const ac = new AbortController();
    const seen: AttemptRecord[] = [];
    const done = deliverer.deliver({ url: target.url, method: 'POST', headers: {}, body }, { policy: LIVECHAT_POLICY, signal: ac.signal, onAttempt: (a) => seen.push(a) });
    await until(() => seen.length === 1);
    ac.abort();
    const outcome = await done;
    expect(outcome.cancelled).toBe(true);
    expect(outcome.verdict).toBe('cancelled after 1 attempt');
    expect(target.requests).toHaveLength(1);
  });

  it('reports an unreachable target as an error, not a status', async () => {
    const t = await startTarget();
    const url = t.url;
    await t.close();
    deliverer = createDeliverer({ clock: { now: () => Date.now() }, logger });
    const outcome = await deliverer.deliver({ url, method: 'POST', headers: {}, body }, { policy: { name: 'single', timeoutMs: 2000, retryDelaysMs: [] } });
    expect(outcome.attempts[0]!.status).toBeUndefined();
    expect(outcome.attempts[0]!.error).toMatch(/connection refused/);
    expect(outcome.verdict).toBe('not delivered after 1 attempt');
  });
});
