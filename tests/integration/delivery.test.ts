import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { DeliveryRecord, ReplayProgress } from '@shared/api/domains/delivery';
import type { CapturedWebhook } from '@shared/model/webhook';
import { call, capture, chatBody, collect, current, engine, forget, sha, target, until } from './delivery-harness';

describe('replay', () => {
  it('sends the exact captured bytes with the original headers minus hop-by-hop ones', async () => {
    await engine();
    const t = await target();
    const raw = Buffer.from(chatBody(), 'utf8');
    const id = await capture(raw, { 'x-custom': 'kept', 'x-region': 'dal', 'keep-alive': 'timeout=5' });
    const record = await call<DeliveryRecord>('replay.send', { id, to: { url: `${t.url}/livechat/webhooks` }, wait: true });
    const captured = await call<CapturedWebhook>('events.get', { id });
    expect(record.verdict).toBe('delivered on attempt 1');
    expect(t.requests).toHaveLength(1);
    const got = t.requests[0]!;
    expect(sha(got.body)).toBe(captured.bodySha256);
    expect(got.body.equals(raw)).toBe(true);
    expect(got.path).toBe('/livechat/webhooks');
    expect(got.headers['x-custom']).toBe('kept');
    expect(got.headers['x-region']).toBe('dal');
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['keep-alive']).toBeUndefined();
    expect(got.headers['content-length']).toBe(String(raw.length));
    expect(got.headers.host).toBe(new URL(t.url).host);
    expect(got.headers['x-livehook-replay']).toBe(id);
    expect(got.headers['x-livehook-delivery']).toBe(record.deliveryId);
    expect(await call<DeliveryRecord[]>('delivery.list', { webhookId: id })).toEqual([record]);
  });

  it('refuses an edited body that is not JSON with a clear message; a valid edit is sent and marked edited', async () => {
    await engine();
    const t = await target();
    const id = await capture(chatBody());
    await expect(call('replay.send', { id, to: { url: t.url }, body: '{"action": "incoming_chat",' })).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/^Invalid JSON: .+Fix the body before replaying it\.$/),
    });
    const check = await call<{ ok: boolean; findings: unknown[] }>('replay.check', { id, body: '{"action":"incoming_chat","payload":{}}' });
    expect(check.ok).toBe(true);
    expect(check.findings.length).toBeGreaterThan(0); // payload.chat missing: a warning, not a refusal
    const edited = '{"action":"incoming_chat","payload":{"chat":{"id":"EDITED"}}}';
    const r = await call<DeliveryRecord>('replay.send', { id, to: { url: t.url }, body: edited, wait: true });
    expect(r.edited).toBe(true);
    expect(t.requests[0]!.body.toString()).toBe(edited);
    expect(t.requests).toHaveLength(1);
  });

  it('a target that fails twice then succeeds: delivered on attempt 3, pushed attempt by attempt', async () => {
    await engine();
    const t = await target((n) => (n <= 2 ? 500 : 200));
    const attempts = collect('delivery.attempt');
    const done = collect('delivery.done');
    const id = await capture(chatBody());
    const saved = await call<{ id: string }>('targets.save', { url: t.url });
    const r = await call<DeliveryRecord>('replay.send', { id, to: { targetId: saved.id }, wait: true });
    expect(r.verdict).toBe('delivered on attempt 3');
    expect(r.attempts.map((a) => [a.status, a.ok, a.nextInMs])).toEqual([
      [500, false, 20],
      [500, false, 20],
      [200, true, undefined],
    ]);
    expect(attempts.filter((p) => p.deliveryId === r.deliveryId).map((p) => p.attempt.attempt)).toEqual([1, 2, 3]);
    expect(done.find((d) => d.deliveryId === r.deliveryId)?.targetId).toBe(saved.id);
  });

  it('a target that sleeps past the timeout: each timeout recorded, retried on schedule, LiveChat gives up', async () => {
    await engine();
    const t = await target(() => 'hang');
    const id = await capture(chatBody());
    const r = await call<DeliveryRecord>('replay.send', { id, to: { url: t.url }, wait: true });
    expect(r.attempts).toHaveLength(4);
    expect(r.attempts.every((a) => a.timedOut && a.error === 'timeout after 300 ms' && a.latencyMs >= 300)).toBe(true);
    expect(r.attempts.map((a) => a.nextInMs)).toEqual([20, 20, 20, undefined]);
    expect(r.verdict).toBe('not delivered after 4 attempts');
    expect(t.requests).toHaveLength(4);
    await call('delivery.setPolicy', { name: 'single' });
    await expect(call('delivery.setPolicy', { name: 'single', timeoutMs: 5 })).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('the idempotency check flags a target that answers the same webhook differently', async () => {
    await engine();
    let n = 0;
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        n++;
        res.writeHead(n === 1 ? 201 : 200, { 'content-type': 'application/json' }).end(JSON.stringify({ processed: n, ok: true }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const id = await capture(chatBody());
      const report = await call<{ differs: boolean; sameStatus: boolean; bodyDiff?: { changes: { path: string }[] }; verdict: string }>('replay.idempotency', { id, to: { url } });
      expect(report.differs).toBe(true);
      expect(report.sameStatus).toBe(false);
      expect(report.bodyDiff?.changes.map((c) => c.path)).toEqual(['processed']);
      expect(report.verdict).toMatch(/201 then 200/);
      const t = await target();
      const same = await call<{ differs: boolean; verdict: string }>('replay.idempotency', { id, to: { url: t.url } });
      expect(same.differs).toBe(false);
      expect(t.requests).toHaveLength(2);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('deliveries survive a restart', async () => {
    await engine();
    const t = await target();
    const id = await capture(chatBody());
    const r = await call<DeliveryRecord>('replay.send', { id, to: { url: t.url }, wait: true });
    await current().stop();
    forget();
    await engine();
    const back = await call<DeliveryRecord[]>('delivery.list', { webhookId: id });
    expect(back).toEqual([r]);
    const stats = await call<{ key: string; attempts: number; ok: number; bins: number[] }[]>('delivery.stats');
    expect(stats).toHaveLength(1);
    expect(stats[0]).toMatchObject({ key: t.url, attempts: 1, ok: 1 });
    expect(stats[0]!.bins.reduce((a, b) => a + b, 0)).toBe(1);
  });
});

describe('bulk replay', () => {
  async function captureMany(n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i += 50) {
      const batch = await Promise.all(Array.from({ length: Math.min(50, n - i) }, (_, k) => capture(chatBody(i + k))));
      ids.push(...batch);
    }
    return ids;
  }

  it('replays 1,000 webhooks in order with progress, and a query selects what to replay', async () => {
    await engine();
    const t = await target();
    const ids = await captureMany(1000);
    const progress = collect('replay.progress');
    const first = await call<ReplayProgress>('replay.bulk', { jobId: 'j1', ids, to: { url: t.url }, concurrency: 1 });
    expect(first).toMatchObject({ total: 1000, state: 'running' });
    await until(() => progress.at(-1)?.state === 'finished', 'bulk replay finished');
    const last = progress.at(-1)!;
    expect(last).toEqual({ jobId: 'j1', total: 1000, done: 1000, delivered: 1000, failed: 0, state: 'finished' });
    const running_ = progress.filter((p) => p.state === 'running');
    expect(running_.length).toBeGreaterThanOrEqual(90);
    expect(running_.map((p) => p.done)).toEqual([...running_.map((p) => p.done)].sort((a, b) => a - b));
    // Concurrency 1: the target saw them in the order given.
    expect(t.requests.map((r) => r.headers['x-livehook-replay'])).toEqual(ids);
    const byQuery = collect('replay.progress');
    await call('replay.bulk', { jobId: 'j2', query: 'chat:C7', to: { url: t.url } });
    await until(() => byQuery.at(-1)?.state === 'finished');
    expect(byQuery.at(-1)).toMatchObject({ total: 1, delivered: 1 });
  });

  it('can be cancelled midway', async () => {
    await engine();
    const slow = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => setTimeout(() => res.writeHead(200).end('{}'), 3));
    });
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
      const ids = await captureMany(1000);
      const progress = collect('replay.progress');
      await call('replay.bulk', { jobId: 'jc', ids, to: { url }, concurrency: 4 });
      await until(() => (progress.at(-1)?.done ?? 0) >= 100, 'some progress');
      expect(await call('replay.cancel', { jobId: 'jc' })).toEqual({ cancelled: true });
      await until(() => progress.at(-1)?.state === 'cancelled', 'cancelled');
      const last = progress.at(-1)!;
      expect(last.done).toBeGreaterThanOrEqual(100);
      expect(last.done).toBeLessThan(1000);
      expect(await call('replay.cancel', { jobId: 'jc' })).toEqual({ cancelled: false });
      await expect(call('replay.bulk', { jobId: 'jx', to: { url } })).rejects.toMatchObject({ code: 'bad_request' });
    } finally {
      slow.closeAllConnections();
      await new Promise<void>((r) => slow.close(() => r()));
    }
  });
});
