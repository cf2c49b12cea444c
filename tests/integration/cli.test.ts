import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, startServe, type ServeProcess } from '../support/serve-process';
import { tempDir } from '../support/engine';

let dir: Awaited<ReturnType<typeof tempDir>>;
let serve: ServeProcess | undefined;

beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await serve?.stop('SIGKILL');
  serve = undefined;
  await dir.remove();
});

describe('livehook serve --json', () => {
  it('prints one ready line, captures webhooks, stops cleanly on SIGTERM, and `events --json` shows what is on disk', async () => {
    serve = await startServe(['--data-dir', dir.path]);
    const { ready } = serve;
    expect(ready.ready).toBe(true);
    expect(ready.receiverUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.inspectorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64}$/);
    expect(ready.inspectorUrl.endsWith(ready.token)).toBe(true);
    expect(ready.dataDir).toBe(dir.path);
    expect(new URL(ready.inspectorUrl).port).not.toBe(new URL(ready.receiverUrl).port);

    const bodies = ['{"action":"incoming_chat","payload":{"chat":{"id":"AAAAAAAAAA"}}}', 'not json \u00ff', ''];
    for (const body of bodies) {
      const res = await fetch(`${ready.receiverUrl}/x`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status).toBe(200);
    }
    expect(await serve.stop('SIGTERM')).toBe(0);

    const out = await runCli(['events', '--data-dir', dir.path, '--json']);
    expect(out.code).toBe(0);
    const lines = out.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; receivedAt: string; action?: string; status: number; bodyBase64: string });
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => Buffer.from(l.bodyBase64, 'base64').toString())).toEqual(bodies);
    expect(lines[0]).toMatchObject({ action: 'incoming_chat', status: 200 });
    for (const l of lines) {
      expect(l.id).toMatch(/^[0-9A-Z]{26}$/);
      expect(Number.isNaN(Date.parse(l.receivedAt))).toBe(false);
    }

    const human = await runCli(['events', '--data-dir', dir.path]);
    expect(human.stdout).toMatch(/3 webhook\(s\)/);
  });

  it('exits 2 with one line on bad usage and 1 when the thing asked fails', async () => {
    const bad = await runCli(['serve', '--port', 'abc']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/--port must be a port number/);
    expect((await runCli(['frobnicate'])).code).toBe(2);
    expect((await runCli(['serve', '--nope'])).code).toBe(2);
    const missing = await runCli(['events', '--data-dir', `${dir.path}/does-not-exist`]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no LiveHook history/);
    const help = await runCli(['help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/livehook serve/);
  });
});
