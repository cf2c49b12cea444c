import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { appendFile, readdir, readFile, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../support/engine';
import { BIN, REPO, startServe, type ServeProcess } from '../support/serve-process';

/**
 * The promise LiveHook makes to LiveChat: a 200 means the webhook is on disk. A separate process sends ~500 webhooks/s
 * and writes down every 200 it gets; the engine is killed with SIGKILL at a random moment; after a restart, every
 * acknowledged webhook must be in history, byte for byte. Three rounds, three kill points.
 */
const ROUNDS = 3;
const RATE = 500;

let dir: Awaited<ReturnType<typeof tempDir>> | undefined;
let serve: ServeProcess | undefined;
afterEach(async () => {
  await serve?.stop('SIGKILL');
  serve = undefined;
  await dir?.remove();
  if (dir) for (let round = 1; round <= ROUNDS; round++) for (const f of ['', '.events.jsonl']) await rm(`${dir.path}-acks-${round}.txt${f}`, { force: true });
});

interface LoadStats {
  sent: number;
  acked: number;
  non200: number;
  errors: number;
  skipped: number;
}

function startLoad(receiverUrl: string, ackFile: string): { ready: Promise<void>; stop(): Promise<LoadStats> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'tests/support/crash-load.ts'), receiverUrl, ackFile, String(RATE)], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const ready = lines.next().then((first) => {
    if (first.done || !first.value.includes('loading')) throw new Error(`load process did not start: ${String(first.value)}`);
  });
  return {
    ready,
    async stop() {
      child.kill('SIGTERM');
      const last = await lines.next();
      if (last.done) throw new Error('load process exited without its counters');
      return JSON.parse(last.value) as LoadStats;
    },
  };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * `livehook events --json` with stdout going to a file, not a pipe: the CLI ends with process.exit(), which can cut off
 * output still queued for a pipe (seen here: 615 of 630 lines), and that would look like lost webhooks.
 */
async function eventsOnDisk(dataDir: string, outFile: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const fd = openSync(outFile, 'w');
  const child = spawn(process.execPath, [BIN, 'events', '--data-dir', dataDir, '--json'], { cwd: REPO, stdio: ['ignore', fd, 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
  closeSync(fd);
  return { code, stdout: await readFile(outFile, 'utf8'), stderr };
}

describe('a SIGKILL under load', () => {
  it(`loses no acknowledged webhook (${ROUNDS} rounds, random kill points)`, { timeout: 60_000 }, async () => {
    dir = await tempDir('livehook-crash-');
    const dataDir = dir.path;
    // Distinct kill points spread over 1–4 s: one per third of the range, jittered.
    const killPoints = Array.from({ length: ROUNDS }, (_, i) => Math.round(1000 + i * 1000 + Math.random() * 1000));
    const acked = new Map<string, string>();
    for (let round = 1; round <= ROUNDS; round++) {
      serve = await startServe(['--data-dir', dataDir]);
      const ackFile = `${dataDir}-acks-${round}.txt`;
      const load = startLoad(serve.ready.receiverUrl, ackFile);
      await load.ready;
      await new Promise((r) => setTimeout(r, killPoints[round - 1]));
      serve.child.kill('SIGKILL');
      await serve.stop();
      serve = undefined;
      const stats = await load.stop();
      const ackText = await readFile(ackFile, 'utf8');
      let roundAcks = 0;
      for (const line of ackText.split('\n')) {
        if (!line) continue;
        const [id, sha] = line.split(' ');
        acked.set(id!, sha!);
        roundAcks++;
      }
      expect(roundAcks).toBe(stats.acked);
      expect(roundAcks).toBeGreaterThan(0);

      // A SIGKILL leaves whole lines (the kernel finishes each write); a power cut can leave half of one. Round 2 adds
      // such a torn tail by hand: it must be reported as a warning, never fatal, and cost no acknowledged webhook.
      const tornRound = round === 2;
      if (tornRound) {
        const segments = (await readdir(join(dataDir, 'journal'))).filter((f) => f.startsWith('segment-')).sort();
        await appendFile(join(dataDir, 'journal', segments.at(-1)!), '{"kind":"webhook","id":"01TORNTORNTORN","bodyBase64":"eyJh');
      }
      // What is on disk, read straight from the journal (torn last lines are reported on stderr, not fatal).
      const onDisk = await eventsOnDisk(dataDir, `${ackFile}.events.jsonl`);
      expect(onDisk.code).toBe(0);
      const recovered = new Map<string, string>();
      for (const line of onDisk.stdout.split('\n')) {
        if (!line) continue;
        const rec = JSON.parse(line) as { id: string; bodyBase64: string };
        recovered.set(rec.id, sha256(Buffer.from(rec.bodyBase64, 'base64')));
      }
      const missing = [...acked].filter(([id]) => !recovered.has(id));
      const altered = [...acked].filter(([id, sha]) => recovered.has(id) && recovered.get(id) !== sha);
      const warnings = onDisk.stderr.split('\n').filter(Boolean);
      console.log(
        `crash round ${round}: killed at ${killPoints[round - 1]} ms — sent ${stats.sent}, acked ${acked.size} (this round ${roundAcks}), ` +
          `recovered ${recovered.size}, missing ${missing.length}, altered ${altered.length}, torn/bad-line warnings ${warnings.length}` +
          (warnings.length ? ` (${warnings.join(' | ')})` : ''),
      );
      if (tornRound) expect(warnings.join('\n')).toMatch(/incomplete last line/);
      expect(missing.map(([id]) => id)).toEqual([]);
      expect(altered.map(([id]) => id)).toEqual([]);

      // The engine starts again on the crashed data dir (stale lock taken over, torn tail cut off) and serves history.
      serve = await startServe(['--data-dir', dataDir]);
      const { inspectorUrl, token } = serve.ready;
      const api = new URL(inspectorUrl);
      const res = await fetch(`${api.origin}/api/call/events.list`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ limit: 1 }),
      });
      const page = (await res.json()) as { ok: boolean; value: { total: number } };
      expect(page.ok).toBe(true);
      expect(page.value.total).toBeGreaterThanOrEqual(acked.size);
      if (tornRound) {
        const info = (await (
          await fetch(`${api.origin}/api/call/receiver.info`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: '{}',
          })
        ).json()) as { ok: boolean; value: { journalWarnings: string[] } };
        expect(info.value.journalWarnings.join('\n')).toMatch(/torn/);
      }
      // One acknowledged webhook through the API, byte-exact.
      const [someId, someSha] = [...acked][Math.floor(Math.random() * acked.size)]!;
      const got = (await (
        await fetch(`${api.origin}/api/call/events.get`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ id: someId }),
        })
      ).json()) as { ok: boolean; value: { bodyBase64: string } };
      expect(got.ok).toBe(true);
      expect(sha256(Buffer.from(got.value.bodyBase64, 'base64'))).toBe(someSha);
      await serve.stop();
      serve = undefined;
    }
    console.log(`crash durability: ${ROUNDS} rounds, acked ${acked.size} / all recovered byte-exact`);
  });
});
