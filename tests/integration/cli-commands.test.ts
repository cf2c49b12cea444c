import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkWebhookBody } from '../../shared/livechat/catalogue';
import { validateHar } from '../../shared/export';
import { BIN, REPO, runCli, startServe, type ServeProcess } from '../support/serve-process';
import { tempDir } from '../support/engine';
import { startTarget, type LocalTarget } from '../support/local-target';

/** Each `livehook` command: success, failure (exit 1) and bad usage (exit 2, one line on stderr), `--json` parsed back. */

let dir: Awaited<ReturnType<typeof tempDir>>;
let serve: ServeProcess | undefined;
let target: LocalTarget | undefined;

beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await serve?.stop('SIGKILL');
  serve = undefined;
  await target?.close();
  target = undefined;
  await dir.remove();
});

interface JsonRecord {
  id: string;
  action?: string;
  source: string;
  status: number;
  bodyBase64: string;
  bodySha256: string;
}

const lines = (out: string) => out.trim().split('\n').filter((l) => l.length > 0);
const jsonLines = <T>(out: string): T[] => lines(out).map((l) => JSON.parse(l) as T);

function expectUsage(r: { code: number | null; stderr: string }, pattern: RegExp): void {
  expect(r.code).toBe(2);
  expect(lines(r.stderr)).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
}

describe('livehook trigger / events', () => {
  it('generates valid webhooks into history, reproducibly by seed, and finds them with a query', async () => {
    const d = ['--data-dir', dir.path];
    const a = await runCli(['trigger', 'incoming_event', '--seed', '42', '--count', '3', '--set', 'payload.event.text="from the CLI"', '--json', ...d]);
    expect(a.code).toBe(0);
    const record = JSON.parse(a.stdout) as { items: Array<{ delivered: boolean; capturedId: string }>; seed: number };
    expect(record.seed).toBe(42);
    expect(record.items).toHaveLength(3);
    expect(record.items.every((i) => i.delivered)).toBe(true);

    const b = await runCli(['trigger', 'incoming_event', '--seed', '42', '--count', '3', '--set', 'payload.event.text="from the CLI"', ...d]);
    expect(b.code).toBe(0);
    expect(b.stdout).toMatch(/captured/);

    const found = await runCli(['events', 'action:incoming_event', '"from the CLI"', '--json', ...d]);
    expect(found.code).toBe(0);
    const recs = jsonLines<JsonRecord>(found.stdout);
    expect(recs).toHaveLength(6);
    expect(recs.every((r) => r.source === 'simulator' && r.status === 200)).toBe(true);
    // The same seed gives byte-identical bodies.
    expect(recs.slice(0, 3).map((r) => r.bodySha256)).toEqual(recs.slice(3).map((r) => r.bodySha256));
    for (const r of recs) {
      const body = JSON.parse(Buffer.from(r.bodyBase64, 'base64').toString()) as { payload: { event: { text: string } } };
      expect(body.payload.event.text).toBe('from the CLI');
      expect(checkWebhookBody(body).findings.filter((f) => f.severity === 'error')).toEqual([]);
    }

    const none = await runCli(['events', 'action:incoming_chat', ...d]);
    expect(none.stdout).toMatch(/0 webhook\(s\) match/);

    expectUsage(await runCli(['events', 'acton:incoming_chat', ...d]), /unknown field "acton"/);
    expectUsage(await runCli(['trigger', ...d]), /give one action or scenario/);
    expectUsage(await runCli(['trigger', 'incoming_chat', '--seed', 'abc', ...d]), /--seed must be/);
    expectUsage(await runCli(['trigger', 'incoming_chat', '--set', 'nope', ...d]), /--set needs path=value/);
    const unknown = await runCli(['trigger', 'no_such_action', ...d]);
    expect(unknown.code).toBe(1);
    expect(lines(unknown.stderr)).toHaveLength(1);
  });

  it('runs a scenario compressed and sends to a URL with the policy', async () => {
    const d = ['--data-dir', dir.path];
    const run = await runCli(['trigger', 'customer-chat', '--speed', '0', '--seed', '3', '--json', ...d]);
    expect(run.code).toBe(0);
    const rec = JSON.parse(run.stdout) as { kind: string; items: Array<{ action: string; delivered: boolean }> };
    expect(rec.kind).toBe('scenario');
    expect(rec.items[0]!.action).toBe('incoming_chat');
    expect(rec.items.at(-1)!.action).toBe('chat_deactivated');
    const chats = jsonLines<JsonRecord & { chatId?: string }>((await runCli(['events', 'source:simulator', '--json', ...d])).stdout);
    expect(new Set(chats.map((c) => c.chatId).filter(Boolean)).size).toBe(1);

    // A target that fails once; the saved policy (a custom schedule with one quick retry) applies to simulated sends.
    target = await startTarget((n) => (n === 1 ? 500 : 200));
    await writeFile(join(dir.path, 'settings.json'), JSON.stringify({ 'delivery.policy': { name: 'custom', timeoutMs: 2000, retryDelaysMs: [50] } }));
    const sent = await runCli(['trigger', 'incoming_chat', '--to', `${target.url}/hooks`, '--json', ...d]);
    expect(sent.code).toBe(0);
    const item = (JSON.parse(sent.stdout) as { items: Array<{ verdict: string; attempts: number }> }).items[0]!;
    expect(item.verdict).toBe('delivered on attempt 2');
    expect(target.requests).toHaveLength(2);
    expect(target.requests[0]!.body.equals(target.requests[1]!.body)).toBe(true);
    expectUsage(await runCli(['trigger', 'incoming_chat', '--to', 'ftp://x', ...d]), /--to must be an http\(s\) URL/);
  });
});

describe('livehook export / import', () => {
  it('exports a query to HAR and NDJSON (secrets redacted by default) and imports them into another data dir', async () => {
    const d = ['--data-dir', dir.path];
    expect((await runCli(['trigger', 'incoming_chat', '--count', '2', ...d])).code).toBe(0);
    expect((await runCli(['trigger', 'chat_deactivated', ...d])).code).toBe(0);
    const har = join(dir.path, 'out.har');
    const ex = await runCli(['export', 'action:incoming_chat', '--har', har, '--json', ...d]);
    expect(ex.code).toBe(0);
    expect(JSON.parse(ex.stdout)).toMatchObject({ exported: 2, format: 'har', secretsRedacted: true });
    const harDoc = JSON.parse(await readFile(har, 'utf8')) as unknown;
    expect(validateHar(harDoc)).toEqual([]);
    expect(JSON.stringify(harDoc)).not.toMatch(/"secret_key\\?":\s*\\?"(?!\[redacted\])/);

    const nd = join(dir.path, 'out.ndjson');
    expect((await runCli(['export', '--ndjson', nd, '--include-secrets', ...d])).code).toBe(0);
    expect(lines(await readFile(nd, 'utf8'))).toHaveLength(3);

    const other = await tempDir();
    try {
      const im = await runCli(['import', har, '--json', '--data-dir', other.path]);
      expect(im.code).toBe(0);
      expect(JSON.parse(im.stdout)).toMatchObject({ imported: 2, skipped: 0 });
      const back = jsonLines<JsonRecord>((await runCli(['events', 'source:import', '--json', '--data-dir', other.path])).stdout);
      expect(back.map((r) => r.action)).toEqual(['incoming_chat', 'incoming_chat']);
      const im2 = await runCli(['import', nd, '--data-dir', other.path]);
      expect(im2.stdout).toMatch(/Imported 3 webhook/);
    } finally {
      await other.remove();
    }

    expectUsage(await runCli(['export', ...d]), /exactly one of --har/);
    expectUsage(await runCli(['import', join(dir.path, 'x.txt'), ...d]), /cannot tell the format/);
    const missing = await runCli(['import', join(dir.path, 'missing.har'), ...d]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read/);
    await writeFile(join(dir.path, 'bad.ndjson'), 'not json\n{"also": "no body"\n');
    const bad = await runCli(['import', join(dir.path, 'bad.ndjson'), ...d]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/line 1/);
  });
});

describe('livehook replay', () => {
  it('replays byte-exact to a URL and exits 1 when the target fails', async () => {
    const d = ['--data-dir', dir.path];
    expect((await runCli(['trigger', 'incoming_chat', ...d])).code).toBe(0);
    const [rec] = jsonLines<JsonRecord>((await runCli(['events', 'action:incoming_chat', '--json', ...d])).stdout);
    target = await startTarget((n) => (n === 1 ? 200 : 503));
    const ok = await runCli(['replay', rec!.id, '--to', `${target.url}/lc`, '--single', '--json', ...d]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ delivered: true, verdict: 'delivered on attempt 1' });
    expect(createHash('sha256').update(target.requests[0]!.body).digest('hex')).toBe(rec!.bodySha256);
    expect(target.requests[0]!.path).toBe('/lc');

    const fail = await runCli(['replay', rec!.id, '--to', `${target.url}/lc`, '--single', ...d]);
    expect(fail.code).toBe(1);
    expect(fail.stdout).toMatch(/503/);
    const notFound = await runCli(['replay', 'NOPE', '--to', target.url, ...d]);
    expect(notFound.code).toBe(1);
    expect(lines(notFound.stderr)).toHaveLength(1);
    expectUsage(await runCli(['replay', rec!.id, ...d]), /--to URL is required/);
  });
});

describe('commands beside a running livehook serve', () => {
  it('events --follow prints new matching webhooks; one-shot commands talk to the running instance', async () => {
    serve = await startServe(['--data-dir', dir.path]);
    const follow = spawn(process.execPath, [BIN, 'events', 'action:incoming_chat', '--follow', '--json', '--data-dir', dir.path], { cwd: REPO });
    const got: string[] = [];
    const following = new Promise<void>((resolve) => {
      createInterface({ input: follow.stderr }).on('line', (l) => {
        if (l.startsWith('Following new webhooks')) resolve();
      });
    });
    const seen = new Promise<void>((resolve) => {
      createInterface({ input: follow.stdout }).on('line', (l) => {
        got.push(l);
        if (got.length === 1) resolve();
      });
    });
    try {
      // The trigger goes through the running instance (the data dir is locked by it).
      await following;
      const t = await runCli(['trigger', 'incoming_chat', '--data-dir', dir.path]);
      expect(t.code).toBe(0);
      await fetch(`${serve.ready.receiverUrl}/x`, { method: 'POST', body: '{"action":"incoming_event"}' });
      await seen;
      const first = JSON.parse(got[0]!) as JsonRecord;
      expect(first.action).toBe('incoming_chat');
      expect(first.source).toBe('simulator');
    } finally {
      follow.kill('SIGTERM');
    }
    const doctor = await runCli(['doctor', '--json', '--data-dir', dir.path]);
    const report = JSON.parse(doctor.stdout) as { checks: Array<{ id: string; status: string }> };
    expect(report.checks.find((c) => c.id === 'running')?.status).toBe('ok');
    expect(report.checks.find((c) => c.id === 'receiver')?.status).toBe('ok');
    expect(doctor.code).toBe(1); // not signed in to LiveChat, tunnel off
  });

  it('listen forwards each webhook and prints one JSON line with the target status', async () => {
    target = await startTarget(() => 202);
    await writeFile(join(dir.path, 'settings.json'), JSON.stringify({ 'delivery.policy': { name: 'single', timeoutMs: 10_000, retryDelaysMs: [] } }));
    serve = await startServe(['--data-dir', dir.path, '--forward-to', `${target.url}/hooks`, '--actions', 'incoming_chat'], 20_000, 'listen');
    const post = (body: string) => fetch(`${serve!.ready.receiverUrl}/lc`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect((await post('{"action":"incoming_chat","webhook_id":"w1"}')).status).toBe(200);
    expect((await post('{"action":"incoming_event","webhook_id":"w2"}')).status).toBe(200);
    const deadline = Date.now() + 10_000;
    const parsed = () => serve!.lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => 'forwarded' in l);
    while (parsed().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const out = parsed();
    expect(out.find((l) => l.action === 'incoming_event')).toMatchObject({ forwarded: false });
    expect(out.find((l) => l.action === 'incoming_chat')).toMatchObject({ forwarded: true, targetStatus: 202, delivered: false });
    expect(target.requests).toHaveLength(1);
    expect(await serve.stop('SIGTERM')).toBe(0);
    // The run's target is gone from the saved settings afterwards.
    const settings = JSON.parse(await readFile(join(dir.path, 'settings.json'), 'utf8')) as Record<string, unknown>;
    expect(JSON.stringify(settings['delivery.targets'] ?? [])).not.toContain(target.url);
  });

  it('webhooks and listen refuse bad usage; webhooks work against the sandbox LiveChat and say why without a sign-in', async () => {
    const d = ['--data-dir', dir.path];
    expectUsage(await runCli(['webhooks', ...d]), /list, register or unregister/);
    expectUsage(await runCli(['webhooks', 'register', ...d]), /needs --actions/);
    expectUsage(await runCli(['listen', ...d]), /--forward-to URL is required/);
    expectUsage(await runCli(['listen', '--forward-to', 'http://x', '--mode', 'fast', ...d]), /--mode must be ack or pass-through/);
    const list = await runCli(['webhooks', 'list', '--sandbox', '--json', ...d]);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject({ signedIn: true, webhooks: [] });
    const reg = await runCli(['webhooks', 'register', '--actions', 'incoming_chat', '--sandbox', '--json', ...d]);
    expect(reg.code).toBe(0);
    const registered = JSON.parse(reg.stdout) as { registered: Array<{ action: string; url: string }>; failed: unknown[] };
    expect(registered.failed).toEqual([]);
    expect(registered.registered).toMatchObject([{ action: 'incoming_chat' }]);
    expect(registered.registered[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    const badAction = await runCli(['webhooks', 'register', '--actions', 'Not-An-Action', '--sandbox', ...d]);
    expect(badAction.code).toBe(1);
    expect(lines(badAction.stderr)).toHaveLength(1);
    const notSignedIn = await runCli(['webhooks', 'list', ...d]);
    expect(notSignedIn.code).toBe(1);
    expect(notSignedIn.stderr).toMatch(/not signed in/);
  });
});
