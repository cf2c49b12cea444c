import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { connectClient, nextPushes } from '../support/ws-client';
import { useEngineWorld, type RunningEngine } from '../support/engine';
import { loadExamples } from '../support/livechat-examples';

const world = useEngineWorld();
let running: RunningEngine | undefined;

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('a webhook on the wire', () => {
  it('is acked 200, pushed as event.captured, and events.get returns the exact bytes', async () => {
    running = await world.start();
    const { client, close } = await connectClient(running.control.url, running.token);
    const example = loadExamples().find((e) => e.action === 'incoming_event')!;
    // Odd spacing and key order on purpose: the raw bytes, not a re-serialisation, must come back.
    const raw = Buffer.from(`{ "action" :"incoming_event",\n"webhook_id":"w1", "payload": ${JSON.stringify(example.body.payload)}, "z": "é✓"}`);
    const pushed = nextPushes(client, 'event.captured', 1);
    const res = await fetch(`${running.engine.receiverUrl}/hooks/livechat?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-custom': 'kept' },
      body: raw,
    });
    expect(res.status).toBe(200);
    const ack = (await res.json()) as { received: boolean; id: string };
    expect(ack.received).toBe(true);

    const [summary] = await pushed;
    expect(summary!.id).toBe(ack.id);
    expect(summary!.action).toBe('incoming_event');
    expect(summary!.chatId).toBe('PJ0MRSHTDG');
    expect(summary!.path).toBe('/hooks/livechat');

    const record = await client.call('events.get', { id: ack.id });
    const bytes = Buffer.from(record.bodyBase64, 'base64');
    expect(bytes.equals(raw)).toBe(true);
    expect(record.bodySha256).toBe(sha(raw));
    expect(record.headers['x-custom']).toBe('kept');
    expect(record.query).toBe('x=1');
    expect(record.livechat.webhookId).toBe('w1');
    expect((record.json as { z: string }).z).toBe('é✓');
    expect(record.answer.status).toBe(200);
    expect(record.timing.persistMs).toBeGreaterThanOrEqual(0);
    close();
  });

  it('keeps history across a restart, newest first, with filters by action and by text', async () => {
    running = await world.start();
    const examples = loadExamples().filter((e) => ['incoming_chat', 'incoming_event', 'chat_deactivated'].includes(e.action));
    for (const ex of examples) {
      const res = await fetch(`${running.engine.receiverUrl}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ex.body) });
      expect(res.status).toBe(200);
    }
    await running.stop();

    running = await world.start();
    const { client, close } = await connectClient(running.control.url, running.token);
    const page = await client.call('events.list', {});
    expect(page.total).toBe(3);
    expect(page.items.map((i) => i.action)).toEqual(examples.map((e) => e.action).reverse());
    expect((await client.call('events.list', { actions: ['chat_deactivated'] })).items).toHaveLength(1);
    expect((await client.call('events.list', { text: 'K600PKZON8' })).total).toBeGreaterThanOrEqual(1);
    expect((await client.call('events.list', { text: 'no-such-text-anywhere' })).total).toBe(0);

    // Catch-up after a reconnect: everything after a seq, oldest first.
    const first = page.items.at(-1)!;
    const missed = await client.call('events.list', { afterSeq: first.seq });
    expect(missed.items.map((i) => i.seq)).toEqual(page.items.slice(0, 2).map((i) => i.seq).reverse());
    close();
  });

  it('records a body that is not JSON, or not an object, with the parse error', async () => {
    running = await world.start();
    const { client, close } = await connectClient(running.control.url, running.token);
    const cases: Array<[string, string | undefined, RegExp]> = [
      ['not json at all', 'text/plain', /Invalid JSON/],
      ['[1,2,3]', 'application/json', /array/],
      ['"a string"', undefined, /string/],
      ['', 'application/json', /Empty body/],
    ];
    for (const [body, type, error] of cases) {
      const headers: Record<string, string> = type ? { 'content-type': type } : {};
      const res = await fetch(`${running.engine.receiverUrl}/bad`, { method: 'POST', headers, body });
      expect(res.status).toBe(200);
      const { id } = (await res.json()) as { id: string };
      const record = await client.call('events.get', { id });
      expect(record.parseError).toMatch(error);
      expect(Buffer.from(record.bodyBase64, 'base64').toString()).toBe(body);
    }
    close();
  });

  it('answers 413 with a clear JSON error over the body limit and still records the attempt', async () => {
    running = await world.start({ receiver: { bodyLimitBytes: 100 * 1024 } });
    const { client, close } = await connectClient(running.control.url, running.token);
    const big = Buffer.alloc(300 * 1024, 'a');
    const res = await fetch(`${running.engine.receiverUrl}/big`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-trace': 't1' }, body: big });
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: string; message: string; id: string };
    expect(body.error).toBe('payload_too_large');
    expect(body.message).toMatch(/307200 bytes is over LiveHook's limit of 102400/);
    const record = await client.call('events.get', { id: body.id });
    expect(record.bodyTruncated).toBe(true);
    expect(record.bodySize).toBe(300 * 1024);
    expect(Buffer.from(record.bodyBase64, 'base64').length).toBe(64 * 1024);
    expect(record.headers['x-trace']).toBe('t1');
    expect(record.answer.status).toBe(413);
    close();
  });

  it('checks each capture against the action catalogue: reference bodies are clean, a broken one has findings', async () => {
    running = await world.start();
    const { client, close } = await connectClient(running.control.url, running.token);
    const example = loadExamples().find((e) => e.action === 'chat_deactivated')!;
    const post = async (body: unknown) => {
      const res = await fetch(`${running!.engine.receiverUrl}/lc`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return ((await res.json()) as { id: string }).id;
    };
    const clean = await client.call('events.get', { id: await post(example.body) });
    expect(clean.findings).toBeUndefined();
    // Not one of LiveHook's registrations: the secret can be neither confirmed nor refuted.
    expect(clean.secret).toBe('unknown');

    const broken = structuredClone(example.body) as { payload: Record<string, unknown> };
    delete broken.payload.chat_id;
    const record = await client.call('events.get', { id: await post(broken) });
    expect(record.findings).toEqual([expect.objectContaining({ path: 'payload.chat_id', severity: 'error' })]);
    const page = await client.call('events.list', { limit: 1 });
    expect(page.items[0]!.findingCount).toBe(1);
    close();
  });

  it('answers GET / with a health text that echoes a nonce', async () => {
    running = await world.start();
    const res = await fetch(`${running.engine.receiverUrl}/?nonce=abc123`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/LiveHook receiver is up[\s\S]*nonce=abc123/);
  });

  it('refuses a second engine on the same data dir', async () => {
    running = await world.start();
    await expect(world.start()).rejects.toThrow(/already using/);
  });
});
