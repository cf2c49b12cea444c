import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../shared/api/client';
import { AppError } from '../../shared/api/errors';
import { validateHar } from '../../shared/export';
import { connectClient } from '../support/ws-client';
import { useEngineWorld, type RunningEngine } from '../support/engine';
import { example, post, withPayload } from './inspector-support';

const world = useEngineWorld();
let running: RunningEngine | undefined;

const SECRET = (example('incoming_event') as { secret_key: string }).secret_key;

async function readExport(client: ApiClient, jobId: string, chunks: number): Promise<string> {
  let text = '';
  for (let i = 0; i < chunks; i++) {
    const chunk = await client.call('events.exportChunk', { jobId, index: i });
    expect(chunk.last).toBe(i === chunks - 1);
    text += chunk.text;
  }
  return text;
}

describe('export', () => {
  it('writes NDJSON of a query with secret_key redacted unless asked, and HAR of a selection that validates', async () => {
    running = await world.start();
    const url = running.engine.receiverUrl;
    const a = await post(url, example('incoming_event'));
    const b = await post(url, withPayload('incoming_event', { event: { type: 'message', text: 'second' } }));
    await post(url, example('incoming_chat'));
    const { client, close } = await connectClient(running.control.url, running.token);

    const redacted = await client.call('events.export', { jobId: 'n1', format: 'ndjson', query: 'action:incoming_event' });
    expect(redacted).toMatchObject({ jobId: 'n1', count: 2, cancelled: false, mimeType: 'application/x-ndjson' });
    expect(redacted.fileName).toMatch(/^livehook-.*\.ndjson$/);
    const text = await readExport(client, 'n1', redacted.chunks);
    expect(Buffer.byteLength(text)).toBe(redacted.bytes);
    const bodies = text
      .trim()
      .split('\n')
      .map((l) => Buffer.from((JSON.parse(l) as { bodyBase64: string }).bodyBase64, 'base64').toString());
    expect(bodies).toHaveLength(2);
    for (const body of bodies) {
      expect(body).not.toContain(SECRET);
      expect(body).toContain('"secret_key":"[redacted]"');
    }
    // Read to the end: the job is gone.
    const gone = await client.call('events.exportChunk', { jobId: 'n1', index: 0 }).catch((e: unknown) => e);
    expect((gone as AppError).code).toBe('not_found');

    // Credential headers a sender attached are redacted the same way.
    const withAuth = await fetch(`${url}/hooks/livechat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sender-credential-123' },
      body: JSON.stringify(example('incoming_chat')),
    });
    const authId = ((await withAuth.json()) as { id: string }).id;
    const authExport = await client.call('events.export', { jobId: 'n3', format: 'ndjson', ids: [authId] });
    const authLine = await readExport(client, 'n3', authExport.chunks);
    expect(authLine).not.toContain('sender-credential-123');
    expect((JSON.parse(authLine) as { headers: Record<string, string> }).headers.authorization).toBe('[redacted]');

    const secret = await client.call('events.export', { jobId: 'n2', format: 'ndjson', query: 'action:incoming_event', includeSecrets: true });
    const line = (await readExport(client, 'n2', secret.chunks)).split('\n')[0]!;
    expect(Buffer.from((JSON.parse(line) as { bodyBase64: string }).bodyBase64, 'base64').toString()).toContain(SECRET);

    const har = await client.call('events.export', { jobId: 'h1', format: 'har', ids: [b, a] });
    const doc = JSON.parse(await readExport(client, 'h1', har.chunks)) as { log: { entries: { request: { url: string } }[] } };
    expect(validateHar(doc)).toEqual([]);
    expect(doc.log.entries).toHaveLength(2);

    const curl = await client.call('events.export', { jobId: 'c1', format: 'curl', ids: [a] });
    const command = await readExport(client, 'c1', curl.chunks);
    expect(command).toContain('curl');
    expect(command).toContain(running.engine.receiverUrl);

    const bad = await client.call('events.export', { jobId: 'x', format: 'har' }).catch((e: unknown) => e);
    expect((bad as AppError).code).toBe('bad_request');
    const unknownId = await client.call('events.export', { jobId: 'y', format: 'har', ids: ['nope'] }).catch((e: unknown) => e);
    expect((unknownId as AppError).code).toBe('not_found');
    close();
  });

  it('reports progress and stops when cancelled', async () => {
    running = await world.start();
    const one = await post(running.engine.receiverUrl, example('incoming_event'));
    const { client, close } = await connectClient(running.control.url, running.token);
    // Grow history quickly through an import of the same line, many times.
    const seed = await client.call('events.export', { jobId: 'seed', format: 'ndjson', ids: [one], includeSecrets: true });
    const line = (await readExport(client, 'seed', seed.chunks)).trim();
    // The control WebSocket takes messages up to 4 MiB.
    const copies = Math.floor(3_000_000 / (line.length + 1));
    const many = Array.from({ length: copies }, () => line).join('\n');
    const imported = await client.call('events.import', { format: 'ndjson', text: many, jobId: 'imp' });
    expect(imported).toMatchObject({ imported: copies, skipped: 0 });
    expect(copies).toBeGreaterThan(500);

    const progress: { done: number; total: number }[] = [];
    let cancelSent = false;
    const off = client.on('events.jobProgress', (p) => {
      if (p.jobId !== 'big') return;
      progress.push(p);
      if (!cancelSent) {
        cancelSent = true;
        void client.call('events.cancelJob', { jobId: 'big' });
      }
    });
    const result = await client.call('events.export', { jobId: 'big', format: 'har', query: '' });
    off();
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress[0]!.total).toBe(copies + 1);
    expect(result.cancelled).toBe(true);
    expect(result.count).toBeLessThan(copies + 1);
    expect(result.chunks).toBe(0);
    expect(await client.call('events.cancelJob', { jobId: 'big' })).toEqual({ cancelled: false });
    close();
  });
});

describe('import', () => {
  it('reads a HAR export back: same count, byte-exact bodies, original times, source import', async () => {
    running = await world.start();
    const url = running.engine.receiverUrl;
    const raw = `{ "action":"incoming_event", "webhook_id":"w-raw", "payload": {"chat_id":"PJ0MRSHTDG"}, "z":"é✓" }`;
    const ids = [await post(url, example('incoming_chat')), await post(url, raw), await post(url, 'not json at all', '/text')];
    const { client, close } = await connectClient(running.control.url, running.token);
    const originals = await Promise.all(ids.map((id) => client.call('events.get', { id })));
    const har = await client.call('events.export', { jobId: 'h', format: 'har', query: '', includeSecrets: true });
    const text = await readExport(client, 'h', har.chunks);
    expect((await client.call('events.clear', {})).removed).toBe(3);

    const result = await client.call('events.import', { format: 'har', text });
    expect(result).toEqual({ imported: 3, skipped: 0, errors: [] });
    const list = await client.call('events.list', { query: 'source:import' });
    expect(list.total).toBe(3);
    const back = await Promise.all(list.items.reverse().map((s) => client.call('events.get', { id: s.id })));
    for (let i = 0; i < 3; i++) {
      expect(back[i]!.bodyBase64).toBe(originals[i]!.bodyBase64);
      expect(back[i]!.bodySha256).toBe(originals[i]!.bodySha256);
      expect(back[i]!.receivedAt).toBe(originals[i]!.receivedAt);
      expect(back[i]!.path).toBe(originals[i]!.path);
      expect(back[i]!.source).toBe('import');
    }
    expect(back[1]!.action).toBe('incoming_event');
    expect((await client.call('events.list', { query: 'é✓' })).total).toBe(1);

    const broken = await client.call('events.import', { format: 'ndjson', text: '{"nope":1}\nnot json\n' });
    expect(broken.imported).toBe(0);
    expect(broken.skipped).toBe(2);
    expect(broken.errors).toHaveLength(2);
    close();
  });
});
