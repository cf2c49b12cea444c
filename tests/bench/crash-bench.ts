import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { compareAcks, eventsOnDisk, killPoints, killUnderLoad, recoveredBodies, type Acks } from '../support/crash-harness';
import { startServe } from '../support/serve-process';
import type { BenchConfig } from './config';
import { makeTempDir, track } from './processes';
import { formatCount, type Report, type Section } from './table';

/**
 * Crash section: the durability promise measured the way tests/integration/crash-durability.test.ts asserts it. The
 * built `livehook serve` takes BENCH_CRASH_RATE (default 500) webhooks/s from a separate process that writes down
 * every ack; it is SIGKILLed at a random point; the journal is read back and every webhook acked so far (all rounds)
 * must be there byte-exact. BENCH_CRASH_ROUNDS (default 3) rounds on the same data dir, so each restart recovers the
 * previous crash; the kill points are spread over 1 s … max(4, BENCH_DURATION) s. A last restart checks that the
 * engine serves the recovered history.
 */

const ROUNDS = Number(process.env.BENCH_CRASH_ROUNDS ?? 3);
const RATE = Number(process.env.BENCH_CRASH_RATE ?? 500);

function progress(text: string): void {
  process.stderr.write(`[bench crash] ${text}\n`);
}

/** `events.list` total of a restarted `livehook serve` on `dataDir`: the engine opens the crashed journal and serves it. */
async function historyAfterRestart(dataDir: string): Promise<number> {
  const serve = await startServe(['--data-dir', dataDir]);
  track(serve.child);
  try {
    const { inspectorUrl, token } = serve.ready;
    const res = await fetch(`${new URL(inspectorUrl).origin}/api/call/events.list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ limit: 1 }),
    });
    const page = (await res.json()) as { ok: boolean; value?: { total: number }; error?: { message: string } };
    if (!page.ok || !page.value) throw new Error(`events.list after restart failed: ${page.error?.message ?? res.status}`);
    return page.value.total;
  } finally {
    await serve.stop();
  }
}

export const crashSection: Section = {
  name: 'crash',
  headlines: [
    { key: 'crash.recovered', label: `crash test: SIGKILL under ~${RATE}/s load, ${ROUNDS} rounds`, target: 'every acked webhook recovered byte-exact' },
  ],
  async run(report: Report, config: BenchConfig) {
    if (!Number.isInteger(ROUNDS) || ROUNDS < 1 || ROUNDS > 100) throw new Error(`BENCH_CRASH_ROUNDS must be a whole number 1–100, not "${process.env.BENCH_CRASH_ROUNDS}"`);
    if (!Number.isFinite(RATE) || RATE < 1 || RATE > 5000) throw new Error(`BENCH_CRASH_RATE must be 1–5000 webhooks/s, not "${process.env.BENCH_CRASH_RATE}"`);
    const dir = await makeTempDir('livehook-bench-crash-');
    const acked: Acks = new Map();
    const kills = killPoints(ROUNDS, 1000, Math.max(4, config.durationS) * 1000);
    let lost = 0;
    let altered = 0;
    let recoveredAll = 0;
    const dataDir = join(dir.path, 'data');
    try {
      await mkdir(dataDir);
      for (let round = 1; round <= ROUNDS; round++) {
        progress(`round ${round}/${ROUNDS}: load at ${RATE}/s, SIGKILL after ${kills[round - 1]} ms`);
        const ackFile = join(dir.path, `acks-${round}.txt`);
        const { stats, acks } = await killUnderLoad({ dataDir: dataDir, ackFile, killAfterMs: kills[round - 1]!, rate: RATE, onChild: track });
        for (const [id, sha] of acks) acked.set(id, sha);
        const onDisk = await eventsOnDisk(dataDir, `${ackFile}.events.jsonl`);
        await rm(`${ackFile}.events.jsonl`, { force: true });
        if (onDisk.code !== 0) throw new Error(`livehook events exited with ${onDisk.code}: ${onDisk.stderr}`);
        const recovered = recoveredBodies(onDisk.stdout);
        const diff = compareAcks(acked, recovered);
        lost = diff.missing.length;
        altered = diff.altered.length;
        recoveredAll = acked.size - lost - altered;
        const warnings = onDisk.stderr.split('\n').filter(Boolean).length;
        report.note(
          `crash round ${round}: killed at ${kills[round - 1]} ms — sent ${formatCount(stats.sent)}, acked ${formatCount(acks.size)} ` +
            `(all rounds ${formatCount(acked.size)}), in history ${formatCount(recovered.size)}, missing ${lost}, altered ${altered}` +
            `${warnings ? `, ${warnings} journal warning(s)` : ''}`,
        );
        if (acks.size !== stats.acked) report.problem(`crash round ${round}: ack file holds ${acks.size} acks, the load process counted ${stats.acked}`);
        if (acks.size === 0) report.problem(`crash round ${round}: no webhook was acked before the kill`);
        if (lost + altered > 0) report.problem(`crash round ${round}: ${lost} acked webhooks missing, ${altered} altered: ${[...diff.missing, ...diff.altered].slice(0, 5).join(', ')}`);
      }
      progress('restarting on the crashed data dir');
      const total = await historyAfterRestart(dataDir);
      if (total < acked.size) report.problem(`crash: after the last restart the engine lists ${total} webhooks, fewer than the ${acked.size} acked`);
      const pass = lost + altered === 0 && total >= acked.size;
      const measured = `${formatCount(acked.size)} acked / ${formatCount(recoveredAll)} recovered`;
      report.headline('crash.recovered', { measured, baseline: `${lost} missing, ${altered} altered; restart lists ${formatCount(total)}`, pass });
      report.target({ label: `crash: acked webhooks recovered byte-exact over ${ROUNDS} SIGKILL rounds`, figure: `${measured} (target: all)`, pass });
    } finally {
      await dir.remove();
    }
  },
};
