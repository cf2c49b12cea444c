import { describe, expect, it } from 'vitest';
import type { DeliveryRecord, ForwardingState, ResponseRule } from '@shared/api/domains/delivery';
import type { CapturedWebhook } from '@shared/model/webhook';
import { call, chatBody, collect, current, engine, forget, post, sha, target, until } from './delivery-harness';

const eventBody = '{"webhook_id":"we","action":"incoming_event","payload":{"chat_id":"C1","event":{"type":"message"}}}';

describe('forwarding (acknowledge)', () => {
  it('answers 200 at once and forwards each capture to the matching enabled targets', async () => {
    await engine();
    const all = await target();
    const chatsOnly = await target();
    const off = await target();
    await call('targets.save', { url: all.url });
    await call('targets.save', { url: chatsOnly.url, actions: ['incoming_chat'] });
    await call('targets.save', { url: off.url, enabled: false });
    const done = collect('delivery.done');
    const a = await post('/hooks', chatBody());
    const b = await post('/hooks', eventBody);
    expect([a.status, b.status]).toEqual([200, 200]);
    await until(() => done.length === 3, 'three forwards');
    expect(all.requests).toHaveLength(2);
    expect(chatsOnly.requests).toHaveLength(1);
    expect(off.requests).toHaveLength(0);
    const id = (JSON.parse(a.body) as { id: string }).id;
    const captured = await call<CapturedWebhook>('events.get', { id });
    expect(sha(chatsOnly.requests[0]!.body)).toBe(captured.bodySha256);
    expect(chatsOnly.requests[0]!.headers['x-livehook-forwarded']).toBe(id);
    const forwards = await call<DeliveryRecord[]>('delivery.list', { webhookId: id });
    expect(forwards.map((d) => [d.kind, d.verdict]).sort()).toEqual([
      ['forward', 'delivered on attempt 1'],
      ['forward', 'delivered on attempt 1'],
    ]);
    const state = await call<ForwardingState>('forwarding.configure', { enabled: false });
    expect(state.enabled).toBe(false);
    await post('/hooks', chatBody(2));
    expect(all.requests).toHaveLength(2);
  });
});

describe('forwarding (pass-through)', () => {
  it('the sender hears the target’s status, and it is recorded with the capture', async () => {
    await engine();
    const t = await target(() => 418);
    await call('targets.save', { url: t.url });
    await call('forwarding.configure', { mode: 'pass-through' });
    const res = await post('/hooks', chatBody());
    expect(res.status).toBe(418);
    expect(res.body).toBe('{}');
    expect(t.requests).toHaveLength(1);
    const list = await call<{ items: { id: string; answer: { status: number; passThrough?: { status?: number } } }[] }>('events.list', {});
    const summary = list.items[0]!;
    expect(summary.answer.status).toBe(418);
    expect(summary.answer.passThrough?.status).toBe(418);
    const [d] = await call<DeliveryRecord[]>('delivery.list', { webhookId: summary.id });
    expect(d).toMatchObject({ kind: 'pass-through', delivered: false, verdict: 'not delivered after 1 attempt' });
  });

  it('a target slower than the policy timeout makes the sender get a 504, recorded', async () => {
    await engine();
    const t = await target(() => 'hang');
    await call('targets.save', { url: t.url });
    await call('forwarding.configure', { mode: 'pass-through' });
    const res = await post('/hooks', chatBody());
    expect(res.status).toBe(504);
    expect(JSON.parse(res.body)).toMatchObject({ error: 'gateway_timeout' });
    const captured = await call<CapturedWebhook>('events.get', { id: (await call<{ items: { id: string }[] }>('events.list', {})).items[0]!.id });
    expect(captured.answer.passThrough).toMatchObject({ error: 'timeout after 300 ms', url: t.url });
    expect(t.requests).toHaveLength(1); // one attempt: LiveChat does the retrying
  });
});

describe('response rules', () => {
  async function ruled(add: Record<string, unknown>): Promise<ResponseRule> {
    return call<ResponseRule>('rules.add', { name: 'test rule', match: { kind: 'all' }, scope: { kind: 'manual' }, ...add });
  }

  it('answer with a status and body, recorded with the capture', async () => {
    await engine();
    const rule = await ruled({ answer: { status: 503, delayMs: 0, body: '{"down":true}' } });
    const res = await post('/hooks', chatBody());
    expect(res.status).toBe(503);
    expect(res.body).toBe('{"down":true}');
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const list = await call<{ items: { answer: { status: number; rule?: { id: string; name: string } } }[] }>('events.list', {});
    expect(list.items[0]!.answer).toMatchObject({ status: 503, rule: { id: rule.id, name: 'test rule' } });
  });

  it('a delay holds the answer back and is recorded', async () => {
    await engine();
    await ruled({ answer: { status: 200, delayMs: 400, body: 'slow ok' } });
    const captured = collect('event.captured');
    let answered = false;
    const pending = post('/hooks', chatBody()).then((r) => {
      answered = true;
      return r;
    });
    // Durable first, then the wait: the webhook is listed while its sender still waits for an answer.
    await until(() => captured.length === 1, 'the capture');
    expect(answered).toBe(false);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.body).toBe('slow ok');
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    const list = await call<{ items: { answer: { delayMs: number } }[] }>('events.list', {});
    expect(list.items[0]!.answer.delayMs).toBe(400);
  });

  it('drop the connection: no response at all, and the webhook is still captured', async () => {
    await engine();
    await ruled({ answer: { status: 200, delayMs: 0, drop: true } });
    const res = await post('/hooks', chatBody());
    expect(res.status).toBeUndefined();
    expect(res.error).toMatch(/socket hang up|ECONNRESET/);
    const list = await call<{ items: { answer: { dropped?: boolean } }[]; total: number }>('events.list', {});
    expect(list.total).toBe(1);
    expect(list.items[0]!.answer.dropped).toBe(true);
  });

  it('match by action or path; the next-N scope runs out; presets; removing a rule restores the 200', async () => {
    await engine();
    const changes = collect('rules.changed');
    await ruled({ name: 'events', match: { kind: 'action', actions: ['incoming_event'] }, answer: { status: 500, delayMs: 0 } });
    await ruled({ name: 'legacy path', match: { kind: 'path', prefix: '/legacy' }, answer: { status: 410, delayMs: 0 }, scope: { kind: 'count', count: 1 } });
    expect((await post('/hooks', eventBody)).status).toBe(500);
    expect((await post('/hooks', chatBody())).status).toBe(200);
    expect((await post('/legacy/x', chatBody())).status).toBe(410);
    expect((await post('/legacy/x', chatBody())).status).toBe(200);
    const rules = await call<ResponseRule[]>('rules.list');
    expect(rules.map((r) => [r.name, r.enabled, r.applied])).toEqual([
      ['events', true, 1],
      ['legacy path', false, 1],
    ]);
    expect(changes.length).toBeGreaterThanOrEqual(3);
    for (const r of rules) await call('rules.remove', { id: r.id });
    const other = await call<ResponseRule>('rules.preset', { preset: 'fail-every-other' });
    expect(other.name).toBe('Fail every other delivery');
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post('/hooks', chatBody(i))).status);
    expect(statuses).toEqual([200, 500, 200, 500]);
    await call('rules.setEnabled', { id: other.id, enabled: false });
    expect((await post('/hooks', chatBody(9))).status).toBe(200);
    await expect(call('rules.remove', { id: 'nope' })).resolves.toEqual({ removed: false });
  });

  it('a rule wins over pass-through (the developer asked for that answer); the target is still forwarded to', async () => {
    await engine();
    const t = await target(() => 200);
    await call('targets.save', { url: t.url });
    await call('forwarding.configure', { mode: 'pass-through' });
    await call('rules.preset', { preset: 'outage-2m' });
    const done = collect('delivery.done');
    const res = await post('/hooks', chatBody());
    expect(res.status).toBe(503);
    await until(() => done.length === 1, 'the forward');
    expect(done[0]!.kind).toBe('forward');
    expect(t.requests).toHaveLength(1);
  });
});

describe('stopping the engine', () => {
  it('does not wait out a forward’s retry schedule: the forward is cancelled and journaled as such', async () => {
    await engine({ 'delivery.policy': { name: 'custom', timeoutMs: 300, retryDelaysMs: [60_000] } });
    const t = await target(() => 500);
    await call('targets.save', { url: t.url });
    const attempts = collect('delivery.attempt');
    const res = await post('/hooks', chatBody());
    const id = (JSON.parse(res.body) as { id: string }).id;
    await until(() => attempts.length === 1, 'the first attempt');
    expect(attempts[0]!.attempt.nextInMs).toBe(60_000);
    await current().stop();
    forget();
    await engine();
    const [d] = await call<DeliveryRecord[]>('delivery.list', { webhookId: id });
    expect(d).toMatchObject({ kind: 'forward', delivered: false, verdict: 'cancelled after 1 attempt' });
  });
});
