import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TunnelStatus } from '../../shared/api/domains/tunnel';
import { FakeLocaltunnelServer } from '../fakes/localtunnel-server';
import { startEngine, tempDir, type RunningEngine } from '../support/engine';
import { runCli, startServe, type ServeProcess } from '../support/serve-process';
import { connectClient, nextPushes } from '../support/ws-client';

let dir: Awaited<ReturnType<typeof tempDir>>;
let fake: FakeLocaltunnelServer;
let running: RunningEngine | undefined;
let serve: ServeProcess | undefined;

beforeEach(async () => {
  dir = await tempDir();
  fake = new FakeLocaltunnelServer();
  await fake.start();
});
afterEach(async () => {
  await serve?.stop('SIGKILL');
  serve = undefined;
  await running?.stop();
  running = undefined;
  await fake.kill();
  await dir.remove();
});

/** POST through the fake's public side, the way LiveChat reaches a tunnel. */
async function postThrough(publicUrl: string, body: string): Promise<Response> {
  const url = new URL(publicUrl);
  // *.localhost does not resolve through glibc: connect to the fake itself and name the tunnel in Host.
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: fake.port, method: 'POST', path: '/livechat', headers: { host: url.host, 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve(new Response(text, { status: res.statusCode ?? 0 })));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('the engine with its tunnel', () => {
  it('pushes tunnel states, and on a new URL pushes tunnel.urlChanged and journals it', async () => {
    running = await startEngine(dir.path, {
      tunnel: {
        autoStart: false,
        overrides: { host: fake.host },
        supervisor: { backoff: { baseMs: 50, capMs: 200 }, nameReleaseMs: 0, probeIntervalMs: 60_000 },
      },
    });
    const { client, close } = await connectClient(running.control.url, running.token);
    const online = new Promise<TunnelStatus>((resolve) => {
      const off = client.on('tunnel.status', (s) => {
        if (s.state === 'online') {
          off();
          resolve(s);
        }
      });
    });
    expect(await client.call('tunnel.start', {})).toMatchObject({ state: 'connecting' });
    const first = await online;
    if (first.state !== 'online') throw new Error('unreachable');
    expect(first.url).toMatch(/^http:\/\/[a-z0-9-]+\.localhost:\d+$/);

    const res = await postThrough(first.url, '{"action":"incoming_chat"}');
    expect(res.status).toBe(200);
    const page = await client.call('events.list', {});
    expect(page.items[0]).toMatchObject({ action: 'incoming_chat', source: 'tunnel' });

    const changed = nextPushes(client, 'tunnel.urlChanged', 1);
    fake.giveDifferentSubdomainNextTime();
    const port = fake.port;
    await fake.kill();
    await fake.start(port);
    const [change] = await changed;
    expect(change!.previousUrl).toBe(first.url);
    expect(change!.url).not.toBe(first.url);

    // The change is in the journal, beside the webhooks.
    await running.stop();
    running = undefined;
    const journal = join(dir.path, 'journal');
    const text = (await Promise.all((await readdir(journal)).filter((f) => f.endsWith('.jsonl')).map((f) => readFile(join(journal, f), 'utf8')))).join('');
    const entries = text.trim().split('\n').map((l) => JSON.parse(l.slice(9)) as { kind: string; previousUrl?: string; url?: string });
    expect(entries.filter((e) => e.kind === 'tunnel.urlChanged')).toEqual([
      expect.objectContaining({ previousUrl: change!.previousUrl, url: change!.url }),
    ]);
    close();
  });
});

describe('livehook serve with a tunnel', () => {
  it('--tunnel --tunnel-host prints the ready line first, then tunnel states as JSON lines', async () => {
    serve = await startServe(['--data-dir', dir.path, '--tunnel', '--tunnel-host', fake.host, '--subdomain', 'clitest1']);
    await expect.poll(() => serve!.lines.some((l) => l.includes('"online"')), { timeout: 10_000 }).toBe(true);
    const states = serve.lines.map((l) => JSON.parse(l) as { tunnel?: { state: string; url?: string } }).filter((l) => l.tunnel);
    expect(states[0]!.tunnel!.state).toBe('connecting');
    const online = states.find((s) => s.tunnel!.state === 'online')!;
    expect(online.tunnel!.url).toBe(`http://clitest1.localhost:${fake.port}`);
    expect((await postThrough(online.tunnel!.url!, '{"action":"thread_tagged"}')).status).toBe(200);
  });

  it('refuses bad tunnel flags with exit code 2', async () => {
    for (const args of [['--subdomain', 'NO!'], ['--tunnel-host', 'http://127.0.0.1:9'], ['--public-url', 'ftp://x'], ['--tunnel', '--no-tunnel']]) {
      const out = await runCli(['serve', '--data-dir', dir.path, ...args]);
      expect(out.code, args.join(' ')).toBe(2);
      expect(out.stderr).toMatch(/^livehook: /);
    }
  });
});
