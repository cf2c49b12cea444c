import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TriggerRecord } from '../../shared/api/domains/simulator';
import { startEngine, tempDir, type RunningEngine } from '../support/engine';
import { startTarget, type LocalTarget } from '../support/local-target';
import { connectClient } from '../support/ws-client';

/**
 * The simulator through the contract, against a real engine: into LiveHook's own history (source `simulator`), to a
 * developer's service on 127.0.0.1 under the delivery policy, and through the sandbox LiveChat to what is registered.
 */

let dir: Awaited<ReturnType<typeof tempDir>>;
let running: RunningEngine | undefined;
let target: LocalTarget | undefined;
const closers: Array<() => void> = [];

beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await running?.stop();
  running = undefined;
  await target?.close();
  target = undefined;
  await dir.remove();
});

async function start(overrides: Parameters<typeof startEngine>[1] = {}) {
  running = await startEngine(dir.path, overrides);
  const { client, close } = await connectClient(running.control.url, running.token);
  closers.push(close);
  const triggers = new Map<string, TriggerRecord>();
  client.on('simulator.trigger', (r) => void triggers.set(r.id, r));
  const finished = async (id: string, timeout = 10_000): Promise<TriggerRecord> => {
    await expect.poll(() => triggers.get(id)?.done, { timeout }).toBe(true);
    return triggers.get(id)!;
  };
  return { client, engine: running.engine, finished };
}

type Obj = Record<string, unknown>;

describe('simulator into LiveHook itself', () => {
  it('generated webhooks appear in events.list with source simulator, coherent, checked like any capture', async () => {
    const { client } = await start();
    const record = await client.call('simulator.send', { action: 'incoming_event', count: 3, seed: 5, destination: { kind: 'self' } });
    expect(record).toMatchObject({ kind: 'send', label: 'incoming_event × 3', total: 3, done: true, seed: 5 });
    expect(record.items.map((i) => i.verdict)).toEqual(['captured', 'captured', 'captured']);

    const page = await client.call('events.list', {});
    expect(page.items).toHaveLength(3);
    expect(page.items.every((i) => i.source === 'simulator' && i.action === 'incoming_event')).toBe(true);
    expect(new Set(page.items.map((i) => i.id))).toEqual(new Set(record.items.map((i) => i.capturedId)));
    expect(new Set(page.items.map((i) => i.chatId)).size).toBe(1);
    expect(page.items.every((i) => i.findingCount === undefined)).toBe(true);
    const detail = await client.call('events.get', { id: record.items[2]!.capturedId! });
    expect(detail.path).toBe('/livechat/incoming_event');
    expect(detail.livechat.eventId).toMatch(/^[A-Z0-9]{10}_\d+$/);
    // Unknown secrets are reported as such: nothing pretends to be a registration of LiveHook's.
    expect(detail.secret).toBe('unknown');
  });

  it('sends an edited body byte for byte; the same body again is a retry of the first', async () => {
    const { client } = await start();
    const generated = await client.call('simulator.generate', { action: 'thread_tagged', seed: 77, set: ['payload.tag=escalated'] });
    expect(generated.findings).toEqual([]);
    expect(JSON.parse(generated.body)).toMatchObject({ action: 'thread_tagged', payload: { tag: 'escalated' } });
    const edited = generated.body.replace('"escalated"', '"escalated-twice"');
    const record = await client.call('simulator.send', { body: edited, count: 2, destination: { kind: 'self' } });
    const [first, second] = record.items.map((i) => i.capturedId!);
    const raw = await client.call('events.get', { id: first! });
    expect(Buffer.from(raw.bodyBase64, 'base64').toString('utf8')).toBe(edited);
    const retry = await client.call('events.get', { id: second! });
    expect(retry).toMatchObject({ retryOf: first, attempt: 2, source: 'simulator' });
  });

  it('a request from outside cannot claim to be the simulator, whatever it sends', async () => {
    const { client, engine } = await start();
    await fetch(`${engine.receiverUrl}/livechat/incoming_event`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'LiveHook simulator', 'x-livehook-source': 'simulator' },
      body: '{"action":"incoming_event","source":"simulator"}',
    });
    const page = await client.call('events.list', {});
    expect(page.items.map((i) => i.source)).toEqual(['local']);
  });

  it('same seed, same bodies: byte-identical generate answers', async () => {
    const { client } = await start();
    const a = await client.call('simulator.generate', { action: 'incoming_chat', seed: 123, additionalData: true });
    const b = await client.call('simulator.generate', { action: 'incoming_chat', seed: 123, additionalData: true });
    const c = await client.call('simulator.generate', { action: 'incoming_chat', seed: 124, additionalData: true });
    expect(a.body).toBe(b.body);
    expect(a.startAt).toBe(b.startAt);
    expect((JSON.parse(c.body) as { payload: { chat: { id: string } } }).payload.chat.id).not.toBe((JSON.parse(a.body) as { payload: { chat: { id: string } } }).payload.chat.id);
    const fresh = await client.call('simulator.generate', { action: 'incoming_chat' });
    expect(Number.isInteger(fresh.seed)).toBe(true);
    expect(fresh.summary).toMatch(/chat/i);
  });

  it('answers bad params with a clear bad_request', async () => {
    const { engine } = await start();
    const cases: Array<[string, unknown, RegExp]> = [
      ['simulator.generate', { action: 'nope' }, /Unknown action "nope"/],
      ['simulator.generate', { action: 'incoming_event', eventType: 'sticker' }, /Unknown event type "sticker"/],
      ['simulator.generate', { action: 'incoming_event', set: ['payload.chat_id'] }, /should look like path=value/],
      ['simulator.send', { destination: { kind: 'self' } }, /either a body to send or an action/],
      ['simulator.send', { action: 'incoming_chat', destination: { kind: 'url', url: 'ftp://x' } }, /Only http and https/],
      ['simulator.send', { action: 'incoming_chat', destination: { kind: 'url', url: 'not a url' } }, /is not a URL/],
      ['simulator.run', { name: 'no-such', destination: { kind: 'self' } }, /No scenario named "no-such"/],
    ];
    for (const [method, params, message] of cases) {
      const r = await engine.dispatch(method, params);
      expect(r.ok, method).toBe(false);
      if (!r.ok) expect(r.error.message, JSON.stringify(params)).toMatch(message);
    }
    const sandbox = await engine.dispatch('simulator.send', { action: 'incoming_chat', destination: { kind: 'sandbox' } });
    expect(sandbox).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/Sandbox account/) } });
  });
});

describe('simulator to a URL', () => {
  it('delivers under the delivery policy, retrying a failing target until its 200', async () => {
    target = await startTarget((n) => (n === 1 ? 500 : 200));
    const { client, finished } = await start();
    await client.call('delivery.setPolicy', { name: 'custom', timeoutMs: 2_000, retryDelaysMs: [20, 20] });
    const started = await client.call('simulator.send', { action: 'incoming_chat', seed: 3, destination: { kind: 'url', url: `${target.url}/hooks` } });
    const record = await finished(started.id);
    expect(record.items).toHaveLength(1);
    expect(record.items[0]).toMatchObject({ delivered: true, attempts: 2, lastStatus: 200, verdict: 'delivered on attempt 2' });
    expect(target.requests).toHaveLength(2);
    expect(target.requests[0]!.path).toBe('/hooks');
    expect(target.requests[0]!.headers['content-type']).toBe('application/json');
    expect(target.requests[0]!.body.equals(target.requests[1]!.body)).toBe(true);
    const body = JSON.parse(target.requests[0]!.body.toString('utf8')) as Obj;
    expect(body).toMatchObject({ action: 'incoming_chat', payload: { chat: { id: expect.stringMatching(/^[A-Z0-9]{10}$/) } } });
    // Nothing was put in LiveHook's own history.
    expect((await client.call('events.list', {})).items).toEqual([]);
    expect((await client.call('simulator.recent', {}))[0]).toMatchObject({ id: started.id, done: true });
    // The send is a delivery like any other: in the delivery log with its attempts, under its own kind.
    const log = await client.call('delivery.list', {});
    const sim = log.find((d) => d.deliveryId === record.items[0]!.deliveryId);
    expect(sim).toMatchObject({ kind: 'simulation', delivered: true, url: `${target.url}/hooks` });
    expect(sim!.attempts.map((a) => a.status)).toEqual([500, 200]);
  });

  it('runs the retry storm against a URL: the same bytes on each retry, one attempt each', async () => {
    target = await startTarget();
    const { client, finished } = await start();
    await client.call('delivery.setPolicy', { name: 'custom', timeoutMs: 2_000, retryDelaysMs: [30, 30, 30] });
    const started = await client.call('simulator.run', { name: 'retry-storm', speed: 0, destination: { kind: 'url', url: target.url } });
    const record = await finished(started.id);
    expect(record.items.every((i) => i.delivered && i.attempts === 1)).toBe(true);
    const bodies = target.requests.map((r) => r.body.toString('utf8'));
    expect(bodies).toHaveLength(record.total);
    const counts = new Map<string, number>();
    for (const b of bodies) counts.set(b, (counts.get(b) ?? 0) + 1);
    expect([...counts.values()].sort()).toEqual([1, 1, 4]);
  });
});

describe('simulator through the sandbox LiveChat', () => {
  it('reaches the registered webhook with its secret, and says when nothing is registered', async () => {
    const { client, finished } = await start({ livechat: { sandbox: { delivery: { timeoutMs: 2_000, retryDelaysMs: [100] } } } });
    await client.call('livechat.signIn', { mode: 'sandbox' });
    await client.call('webhooks.register', { actions: ['incoming_event'], type: 'license' });

    const started = await client.call('simulator.send', { action: 'incoming_event', eventType: 'file', destination: { kind: 'sandbox' } });
    const record = await finished(started.id);
    expect(record.items[0]).toMatchObject({ delivered: true, verdict: 'delivered to 1 of 1 registered webhook' });
    expect(record.items[0]!.sandbox![0]).toMatchObject({ action: 'incoming_event', status: 200, ok: true });
    await expect.poll(async () => (await client.call('events.list', {})).items.length, { timeout: 5_000 }).toBe(1);
    const [item] = (await client.call('events.list', {})).items;
    expect(item).toMatchObject({ action: 'incoming_event', secret: 'ok', source: 'local' });
    const captured = await client.call('events.get', { id: item!.id });
    expect((captured.json as { payload: { event: { type: string } } }).payload.event.type).toBe('file');

    const nothing = await finished((await client.call('simulator.send', { action: 'thread_tagged', destination: { kind: 'sandbox' } })).id);
    expect(nothing.items[0]).toMatchObject({ delivered: false, verdict: expect.stringMatching(/^no webhook registered for thread_tagged in the sandbox/) });
  });
});

describe('scenarios', () => {
  it('runs the customer chat into LiveHook, one chat throughout, with a push per step', async () => {
    const { client, finished } = await start();
    const list = await client.call('simulator.scenarios', {});
    expect(list.map((s) => s.name)).toEqual(['customer-chat', 'transfer', 'agent-offline', 'config-burst', 'retry-storm']);
    const started = await client.call('simulator.run', { name: 'customer-chat', speed: 0, seed: 8, destination: { kind: 'self' } });
    expect(started.kind).toBe('scenario');
    const record = await finished(started.id);
    expect(record.items).toHaveLength(list[0]!.steps);
    const page = await client.call('events.list', { limit: 100 });
    expect(page.items).toHaveLength(record.total);
    expect(new Set(page.items.map((i) => i.chatId))).toEqual(new Set([page.items[0]!.chatId]));
    expect(page.items.at(-1)!.action).toBe('incoming_chat');
    expect(page.items[0]!.action).toBe('chat_deactivated');
  });

  it('saves a scenario from captured webhooks and replays their exact bodies in order', async () => {
    const { client, finished } = await start();
    const sent = await client.call('simulator.send', { action: 'incoming_event', count: 3, seed: 2, destination: { kind: 'self' } });
    const ids = sent.items.map((i) => i.capturedId!);
    const info = await client.call('simulator.saveScenario', { name: 'my-three', ids: [ids[2]!, ids[0]!, ids[1]!] });
    expect(info).toMatchObject({ name: 'my-three', builtIn: false, steps: 3, title: 'my-three' });
    expect((await client.call('simulator.scenarios', {})).map((s) => s.name)).toContain('my-three');

    target = await startTarget();
    const run = await finished((await client.call('simulator.run', { name: 'my-three', speed: 0, destination: { kind: 'url', url: target.url } })).id);
    expect(run.items.every((i) => i.delivered)).toBe(true);
    const originals = await Promise.all(ids.map(async (id) => Buffer.from((await client.call('events.get', { id })).bodyBase64, 'base64').toString('utf8')));
    expect(target.requests.map((r) => r.body.toString('utf8'))).toEqual(originals);

    expect(await client.call('simulator.deleteScenario', { name: 'my-three' })).toEqual({ deleted: true });
    const refused = await running!.engine.dispatch('simulator.saveScenario', { name: 'customer-chat', ids });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const missing = await running!.engine.dispatch('simulator.saveScenario', { name: 'gone', ids: ['nope'] });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('repeats a recent trigger exactly, and cancels a scenario at real pace', async () => {
    const { client, finished } = await start();
    const first = await client.call('simulator.send', { action: 'incoming_chat', destination: { kind: 'self' } });
    const again = await client.call('simulator.repeat', { id: first.id });
    expect(again.id).not.toBe(first.id);
    const [a, b] = await Promise.all([first, again].map(async (r) => (await client.call('events.get', { id: r.items[0]!.capturedId! })).bodyBase64));
    expect(a).toBe(b);

    const slow = await client.call('simulator.run', { name: 'agent-offline', speed: 1, destination: { kind: 'self' } });
    await expect.poll(async () => (await client.call('simulator.recent', {})).find((r) => r.id === slow.id)?.items.length, { timeout: 5_000 }).toBe(1);
    expect(await client.call('simulator.cancel', { id: slow.id })).toEqual({ cancelled: true });
    const record = await finished(slow.id);
    expect(record).toMatchObject({ done: true, cancelled: true });
    expect(record.items).toHaveLength(1);
    expect((await client.call('simulator.recent', {})).map((r) => r.id)).toEqual([slow.id, again.id, first.id]);
  });
});
