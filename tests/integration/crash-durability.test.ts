import { open, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dataEnd } from '../../electron/engine/journal/line-codec';
import { compareAcks, eventsOnDisk, killPoints as spreadKillPoints, killUnderLoad, recoveredBodies, sha256 } from '../support/crash-harness';
import { tempDir } from '../support/engine';
import { startServe, type ServeProcess } from '../support/serve-process';

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

describe('a SIGKILL under load', () => {
  it(`loses no acknowledged webhook (${ROUNDS} rounds, random kill points)`, { timeout: 60_000 }, async () => {
    dir = await tempDir('livehook-crash-');
    const dataDir = dir.path;
    // Distinct kill points spread over 1–4 s: one per third of the range, jittered.
    const killPoints = spreadKillPoints(ROUNDS);
    const acked = new Map<string, string>();
    for (let round = 1; round <= ROUNDS; round++) {
      const ackFile = `${dataDir}-acks-${round}.txt`;
      const { stats, acks: roundAcked } = await killUnderLoad({ dataDir, ackFile, killAfterMs: killPoints[round - 1]!, rate: RATE });
      for (const [id, sha] of roundAcked) acked.set(id, sha);
      const roundAcks = roundAcked.size;
      expect(roundAcks).toBe(stats.acked);
      expect(roundAcks).toBeGreaterThan(0);

      // A SIGKILL leaves whole lines (the kernel finishes each write); a power cut can leave half of one. Round 2 adds
      // such a torn tail by hand: it must be reported as a warning, never fatal, and cost no acknowledged webhook.
      const tornRound = round === 2;
      if (tornRound) {
        // Written where the next write would have gone: after the last line, inside the zero-filled room a killed
        // engine leaves at the end of its segment (see the journal's preallocation).
        const segments = (await readdir(join(dataDir, 'journal'))).filter((f) => f.startsWith('segment-')).sort();
        const file = join(dataDir, 'journal', segments.at(-1)!);
        const fh = await open(file, 'r+');
        try {
          await fh.write('{"kind":"webhook","id":"01TORNTORNTORN","bodyBase64":"eyJh', dataEnd(await readFile(file)));
        } finally {
          await fh.close();
        }
      }
      // What is on disk, read straight from the journal (torn last lines are reported on stderr, not fatal).
      const onDisk = await eventsOnDisk(dataDir, `${ackFile}.events.jsonl`);
      expect(onDisk.code).toBe(0);
      const recovered = recoveredBodies(onDisk.stdout);
      const { missing, altered } = compareAcks(acked, recovered);
      const warnings = onDisk.stderr.split('\n').filter(Boolean);
      console.log(
        `crash round ${round}: killed at ${killPoints[round - 1]} ms — sent ${stats.sent}, acked ${acked.size} (this round ${roundAcks}), ` +
          `recovered ${recovered.size}, missing ${missing.length}, altered ${altered.length}, torn/bad-line warnings ${warnings.length}` +
          (warnings.length ? ` (${warnings.join(' | ')})` : ''),
      );
      if (tornRound) expect(warnings.join('\n')).toMatch(/incomplete last line/);
      expect(missing).toEqual([]);
      expect(altered).toEqual([]);

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
