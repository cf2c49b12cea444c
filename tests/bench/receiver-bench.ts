import { resolve } from 'node:path';
import type { BenchConfig } from './config';
import { cpuSnapshot, otherCpuPercent, waitForQuiet } from './cpu-noise';
import { runLoad, type LoadResult } from './load';
import { incomingEventBody } from './payload';
import { makeTempDir, ServerCrashed, startServerChild, type ServerChild } from './processes';
import { formatCount, formatMs, formatRatio, NOISY_OTHER_CPU_PCT, type Report, type Section } from './table';

/**
 * Receiver section: how fast does LiveHook ack a LiveChat webhook with durable journaling, next to a bare node:http
 * server (the floor) and plain fastify (what the receiver is built on)? Every server runs in its own process; after
 * the LiveHook runs, its history must hold at least as many webhooks as the load generator counted 2xx acks.
 *
 * A shared 2-core VM's throughput drifts by ±20% within minutes, so one run per server would compare noise. The
 * servers are measured in ROUNDS rounds: a fresh process and data dir for each server each round, all of a round's
 * servers started together and measured back to back at each connection count (the order reversed every other round),
 * LiveHook made to finish analysing what its flood held before the next server's run. Every figure in the table is
 * the median of its rounds; every ratio the median of the per-round ratios (paired runs seconds apart).
 */

const CONNECTIONS = [1, 50] as const;
/** Rounds per server (env BENCH_RECEIVER_ROUNDS, default 5: one slow spell of the VM then moves no median); figures are medians over them. */
const ROUNDS = Math.max(1, Math.min(9, Number(process.env.BENCH_RECEIVER_ROUNDS ?? 5) || 5));
/**
 * Seconds between a round's servers getting their first requests and the first measurement (env BENCH_RECEIVER_SETTLE,
 * default 10; 0 = don't). V8 runs up to three memory-reducing collections ~8-9 s after an isolate starts working (5-8 ms
 * each, partly on helper threads): LiveHook's analysis worker, which starts with the first webhook, and tsx's
 * module-hooks thread in every server here. Without the wait that one-off landed in the middle of the first run at one
 * connection and set its p99: five paired runs gave 1.09-1.95 ms unsettled, 0.76-1.32 ms after priming and 11 s.
 */
const SETTLE_S = Math.max(0, Math.min(120, Number(process.env.BENCH_RECEIVER_SETTLE ?? 10) || 0));
/** At 50 connections the durable receiver keeps at least this share of plain fastify's req/s (the target). */
const RATIO50_TARGET = 0.9;
const PATH = '/livechat/webhook';
const HEADERS = { 'Content-Type': 'application/json', 'User-Agent': 'LiveChat-Webhooks/1.0 (livehook bench)' };

type ServerKey = 'bare' | 'fastify' | 'livehook' | 'livehook-nodurable' | 'group-commit' | 'raw-journal';

interface ServerSpec {
  key: ServerKey;
  label: string;
  file: string;
  /** Gets a fresh temp data dir (LIVEHOOK_BENCH_DATA_DIR), removed by the parent afterwards (even if it crashed). */
  dataDir?: boolean;
  /** Its `stats().total` (webhooks recorded) must be ≥ the 2xx acks the load generator counted. */
  recorded?: boolean;
  env?: Record<string, string>;
}

const SERVERS: ServerSpec[] = [
  { key: 'bare', label: '(a) bare node:http', file: 'servers/bare-node.ts' },
  { key: 'fastify', label: '(b) fastify 5, JSON parsed', file: 'servers/fastify-plain.ts' },
  { key: 'livehook', label: '(c) LiveHook receiver, durable journal', file: 'servers/livehook-receiver.ts', dataDir: true, recorded: true },
];

/**
 * BENCH_RECEIVER_DIAG=1 adds, for diagnosis only: the receiver with datasync off (is the time in the disk or in the
 * code?), the minimal durable fastify server of toolchain.md §8 (e') (what durability costs with nothing else), and
 * fastify + LiveHook's journal recording the raw request without analysing it (what the analysis costs).
 */
const DIAG_SERVERS: ServerSpec[] = [
  {
    key: 'livehook-nodurable',
    label: "(c') LiveHook, durable:false [diagnosis]",
    file: 'servers/livehook-receiver.ts',
    dataDir: true,
    recorded: true,
    env: { LIVEHOOK_BENCH_DURABLE: '0' },
  },
  { key: 'group-commit', label: "(d) fastify + group-commit datasync [diagnosis]", file: 'servers/fastify-group-commit.ts', dataDir: true, recorded: true },
  { key: 'raw-journal', label: '(e) fastify + LiveHook journal, raw record, no analysis [diagnosis]', file: 'servers/raw-journal.ts', dataDir: true, recorded: true },
];

/** A server process of the current round. */
interface Live {
  spec: ServerSpec;
  dataDir: { path: string; remove(): Promise<void> } | undefined;
  child?: ServerChild;
  /** 2xx responses the load generator counted, warm-ups included. */
  acked: number;
  lastStats?: Record<string, unknown>;
  failed?: boolean;
}

function progress(text: string): void {
  process.stderr.write(`[bench receiver] ${text}\n`);
}

export const receiverSection: Section = {
  name: 'receiver',
  headlines: [
    { key: 'receiver.rps50', label: 'receiver throughput, 50 conns (durable)', target: '≥ 0.90× plain fastify' },
    { key: 'receiver.lat1', label: 'receiver ack latency p50 / p99, 1 conn', target: 'p99 < 2 ms' },
    { key: 'receiver.rps1', label: 'receiver throughput, 1 conn (durable)', target: '' },
    { key: 'receiver.lat50', label: 'receiver ack latency p50 / p99, 50 conns', target: '' },
  ],
  async run(report: Report, config: BenchConfig) {
    const body = incomingEventBody(2048);
    const servers = process.env.BENCH_RECEIVER_DIAG === '1' ? [...SERVERS, ...DIAG_SERVERS] : SERVERS;
    const runs = new Map<string, LoadResult[]>();
    /** `${server}@${conns}#${round}`: each run, for the per-round (paired) ratios. */
    const byRound = new Map<string, LoadResult>();
    const other = new Map<string, number[]>();
    let tool = '';

    for (let round = 1; round <= ROUNDS; round++) {
      // Every server of the round runs at once (idle but for its turn), so that at each connection count their runs
      // sit back to back: a per-round ratio then compares runs seconds apart, not a minute apart on a drifting VM.
      const order = round % 2 === 1 ? servers : [...servers].reverse();
      const live: Live[] = [];
      try {
        for (const spec of order) {
          const dataDir = spec.dataDir ? await makeTempDir('livehook-bench-data-') : undefined;
          const entry: Live = { spec, dataDir, acked: 0 };
          live.push(entry);
          progress(`round ${round}/${ROUNDS}: starting ${spec.label}`);
          entry.child = await startServerChild(spec.label, resolve(import.meta.dirname, spec.file), {
            env: { ...spec.env, ...(dataDir ? { LIVEHOOK_BENCH_DATA_DIR: dataDir.path } : {}) },
          });
        }
        if (SETTLE_S > 0) await primeAndSettle(live, round);
        for (const conns of CONNECTIONS) {
          for (const entry of live) {
            const { spec, child } = entry;
            if (!child || entry.failed) continue;
            try {
              await measure(entry, child, conns, round);
              // LiveHook analyses what a flood held once it is over: make it do that now, before the next server's
              // run, so that work never lands in another server's measurement (and the quiet wait below sees it).
              if (spec.recorded) entry.lastStats = await child.stats();
            } catch (err) {
              entry.failed = true;
              const msg = err instanceof ServerCrashed ? `CRASHED: ${err.message}` : `failed: ${(err as Error).stack ?? String(err)}`;
              report.problem(`${spec.label} ${msg}`);
            }
          }
        }
        for (const entry of live) if (entry.child && !entry.failed && entry.spec.recorded) noteRecorded(entry, round);
      } finally {
        for (const entry of live) {
          if (entry.child) {
            progress(`stopping ${entry.spec.label}`);
            await entry.child.stop(entry.failed ? 2_000 : undefined).catch(() => {});
          }
        }
        // The round's data dirs go now, so that the next round's priming and settling absorb the deletion (the disk
        // here is mounted with online discard: removing ~1 GB of segments right before a run added ~0.4 ms to its
        // 1-connection p99). Kept to the end instead, GBs of old segments piled up and LiveHook's 50-connection
        // throughput fell round after round (24.1k → 19.3k req/s in one run, 25.9k → 19.6k in another) while the
        // plain servers' did not.
        for (const entry of live) await entry.dataDir?.remove();
      }
    }

    /** One second of requests at one connection to each server (its first webhooks), then SETTLE_S of quiet. */
    async function primeAndSettle(live: Live[], round: number): Promise<void> {
      for (const entry of live) {
        const { spec, child } = entry;
        if (!child || entry.failed) continue;
        progress(`round ${round}/${ROUNDS}: ${spec.label}: priming, 1 s at 1 conn`);
        try {
          const res = await runLoad({ url: child.url + PATH, connections: 1, durationS: 1, body, headers: HEADERS });
          entry.acked += res.ok;
          checkAnswers(`${spec.label}, priming`, res);
        } catch (err) {
          entry.failed = true;
          report.problem(`${spec.label} failed while priming: ${(err as Error).message}`);
        }
      }
      progress(`round ${round}/${ROUNDS}: settling ${SETTLE_S} s`);
      await new Promise((done) => setTimeout(done, SETTLE_S * 1000));
    }

    /** Reports a load run that got no answer, non-2xx answers or socket errors. */
    function checkAnswers(where: string, res: LoadResult): void {
      if (res.requests === 0) report.problem(`${where}: no response at all`);
      if (res.non2xx > 0) report.problem(`${where}: ${formatCount(res.non2xx)} non-2xx responses`);
      if (res.socketErrors > 0) report.problem(`${where}: ${formatCount(res.socketErrors)} socket errors/timeouts`);
    }

    /** Warm-up, then the measured run, of one server at one connection count (only the other servers may be busy). */
    async function measure(entry: Live, child: ServerChild, conns: number, round: number): Promise<void> {
      const { spec } = entry;
      const url = child.url + PATH;
      if (config.quietWaitS > 0) {
        // The other servers of the round count as "other processes" here: they must be idle too.
        const waited = await waitForQuiet([child.pid], config.quietWaitS * 1000, NOISY_OTHER_CPU_PCT);
        if (waited > 1500) progress(`waited ${(waited / 1000).toFixed(0)} s for other processes to quieten down`);
      }
      for (const phase of ['warm-up', 'run'] as const) {
        const durationS = phase === 'warm-up' ? config.warmupS : config.durationS;
        progress(`round ${round}/${ROUNDS}: ${spec.label}: ${conns} conn(s), ${phase} ${durationS} s`);
        let res: LoadResult;
        const before = cpuSnapshot([child.pid]);
        try {
          res = await runLoad({ url, connections: conns, durationS, body, headers: HEADERS });
        } catch (err) {
          child.assertAlive(); // a dead server explains a failed load run best
          throw err;
        }
        const otherCpuPct = otherCpuPercent(before, cpuSnapshot([child.pid]));
        child.assertAlive();
        tool = res.tool;
        entry.acked += res.ok;
        checkAnswers(`${spec.label}, ${conns} conn(s), ${phase}`, res);
        if (phase === 'warm-up') continue;
        const key = `${spec.key}@${conns}`;
        runs.set(key, [...(runs.get(key) ?? []), res]);
        byRound.set(`${key}#${round}`, res);
        if (otherCpuPct !== undefined) other.set(key, [...(other.get(key) ?? []), otherCpuPct]);
      }
    }

    /** Every 2xx the load generator counted must be in the server's history (its last `stats`). */
    function noteRecorded(entry: Live, round: number): void {
      const { spec, acked } = entry;
      const stats = entry.lastStats ?? {};
      const total = typeof stats.total === 'number' ? stats.total : NaN;
      const line =
        `${spec.label}, round ${round}: recorded ${formatCount(total)} webhooks, load generator counted ${formatCount(acked)} 2xx acks ` +
        `(warm-ups included)`;
      if (!(total >= acked)) report.problem(`${line} — acked webhooks are MISSING from history`);
      else report.note(`${line}: every ack recorded (${formatCount(total - acked)} more were in flight when a run stopped)`);
      if (typeof stats.heapUsedMB === 'number' && typeof stats.rssMB === 'number') {
        report.note(`${spec.label}, round ${round}: heap used ${stats.heapUsedMB} MB, RSS ${stats.rssMB} MB with that history in memory`);
      }
      if (typeof stats.statsMs === 'number') {
        report.note(
          `${spec.label}, round ${round}: after the last run, analysing what its flood held took ${(stats.statsMs / 1000).toFixed(1)} s ` +
            `(webhooks acked during a flood are analysed once it is over, or when asked, as here)`,
        );
      }
    }

    // One row per server and connection count: the median of each figure over the rounds.
    const results = new Map<string, LoadResult>();
    for (const spec of servers) {
      for (const conns of CONNECTIONS) {
        const key = `${spec.key}@${conns}`;
        const list = runs.get(key);
        if (!list || list.length === 0) continue;
        const med = medianRun(list);
        results.set(key, med);
        report.row({
          section: 'receiver',
          subject: spec.label,
          conns,
          reqPerSec: med.reqPerSec,
          p50Ms: med.p50Ms,
          p99Ms: med.p99Ms,
          non2xx: list.reduce((n, r) => n + r.non2xx, 0),
          socketErrors: list.reduce((n, r) => n + r.socketErrors, 0),
          ...(other.has(key) ? { otherCpuPct: median(other.get(key)!) } : {}),
          latencyResolution: med.latencyResolution,
        });
        if (list.length > 1) {
          report.note(
            `${spec.label}, ${conns} conn(s), per round: ` +
              list.map((r) => `${formatCount(r.reqPerSec)} req/s p99 ${formatMs(r.p99Ms, r.latencyResolution)}`).join('; '),
          );
        }
      }
    }

    const get = (key: ServerKey, conns: number) => results.get(`${key}@${conns}`);
    const lh50 = get('livehook', 50);
    const fa50 = get('fastify', 50);
    const lh1 = get('livehook', 1);
    /** Median over the rounds of LiveHook's req/s over `key`'s in the same round (runs seconds apart: paired). */
    const pairedRatio = (key: ServerKey, conns: number): { median: number; perRound: number[] } => {
      const perRound: number[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        const a = byRound.get(`livehook@${conns}#${round}`);
        const b = byRound.get(`${key}@${conns}#${round}`);
        if (a && b) perRound.push(a.reqPerSec / b.reqPerSec);
      }
      return { median: perRound.length > 0 ? median(perRound) : NaN, perRound };
    };
    const paired50 = pairedRatio('fastify', 50);
    const ratio50 = paired50.median;
    report.target({
      label: 'at 50 connections durable receiver ≥ 0.9× plain fastify req/s',
      figure:
        `${formatRatio(ratio50, RATIO50_TARGET)} (target ≥ 0.90×; median of the per-round ratios ${paired50.perRound.map((r) => formatRatio(r, RATIO50_TARGET)).join(', ')})` +
        (lh50 && fa50 ? ` — medians ${formatCount(lh50.reqPerSec)} vs ${formatCount(fa50.reqPerSec)} req/s` : ' — run missing'),
      pass: Number.isFinite(ratio50) && ratio50 >= RATIO50_TARGET,
    });
    report.target({
      label: 'at 1 connection receiver p99 ack < 2 ms',
      figure: lh1 ? `${formatMs(lh1.p99Ms, lh1.latencyResolution)} (target < 2 ms)` : 'run missing (target < 2 ms)',
      pass: lh1 !== undefined && lh1.p99Ms < 2,
    });
    const latency = (r: LoadResult | undefined) => (r ? `${formatMs(r.p50Ms, r.latencyResolution)} / ${formatMs(r.p99Ms, r.latencyResolution)}` : 'n/a');
    for (const conns of CONNECTIONS) {
      const lh = get('livehook', conns);
      const bare = get('bare', conns);
      const fa = get('fastify', conns);
      if (lh) {
        // Ratios are paired: the median of the per-round ratios (see pairedRatio), not a ratio of medians.
        const ratio = (key: ServerKey, other: LoadResult | undefined) =>
          other ? ` (${formatRatio(pairedRatio(key, conns).median, key === 'fastify' && conns === 50 ? RATIO50_TARGET : undefined)})` : '';
        report.headline(`receiver.rps${conns}`, {
          measured: `${formatCount(lh.reqPerSec)} req/s`,
          baseline: `fastify ${fa ? formatCount(fa.reqPerSec) : 'n/a'}${ratio('fastify', fa)}, node:http ${bare ? formatCount(bare.reqPerSec) : 'n/a'}${ratio('bare', bare)}`,
          ...(conns === 50 ? { pass: Number.isFinite(ratio50) && ratio50 >= RATIO50_TARGET } : {}),
        });
        report.headline(`receiver.lat${conns}`, {
          measured: latency(lh),
          baseline: `fastify ${latency(fa)}, node:http ${latency(bare)}`,
          ...(conns === 1 ? { pass: lh.p99Ms < 2 } : {}),
        });
      }
      report.target({
        label: `receiver / bare node:http req/s at ${conns} conn(s)`,
        figure:
          `${formatRatio(pairedRatio('bare', conns).median)}` +
          (lh && fa ? ` (receiver / fastify: ${formatRatio(pairedRatio('fastify', conns).median)})` : ''),
        pass: undefined,
      });
      for (const [key, what] of [
        ['livehook-nodurable', 'durable:false'],
        ['group-commit', 'minimal group commit'],
        ['raw-journal', 'raw record in the journal, no analysis'],
      ] as const) {
        const other = get(key, conns);
        if (!other || !lh) continue;
        report.target({
          label: `[diagnosis] receiver / ${what} req/s at ${conns} conn(s)`,
          figure: `${formatRatio(pairedRatio(key, conns).median)} (p99 ${formatMs(lh.p99Ms, lh.latencyResolution)} vs ${formatMs(other.p99Ms, other.latencyResolution)})`,
          pass: undefined,
        });
      }
    }
    report.note(
      `receiver: ${Buffer.byteLength(body)}-byte LiveChat incoming_event JSON POST to ${PATH}; ${tool || 'load generator'}` +
        `${tool === 'wrk' ? ' -t1 (own process)' : tool === 'autocannon' ? ' in the bench process' : ''}, keep-alive, ` +
        `${config.warmupS} s warm-up then ${config.durationS} s per run; each server in its own process, bound to 127.0.0.1; ` +
        `${ROUNDS} round(s), all servers of a round started together` +
        (SETTLE_S > 0 ? `, primed (1 s at 1 conn) and left ${SETTLE_S} s to settle,` : '') +
        ` and run back to back at each connection count ` +
        `(order reversed every other round); each figure is the median of its rounds, each ratio the median of the ` +
        `per-round ratios.` +
        (tool === 'wrk'
          ? ` Latency percentiles are wrk's, which corrects for coordinated omission: a response that took L ms also ` +
            `counts the ~L/interval requests a steady sender would have had waiting meanwhile, so at 1 connection the p99 ` +
            `follows the share of the run the ack path spent stalled (a handful of multi-ms stalls is enough), not just ` +
            `how many requests were slow.`
          : ''),
    );
  },
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A run whose figures are the medians of `runs`' (each figure on its own). */
function medianRun(runs: LoadResult[]): LoadResult {
  return {
    ...runs[0]!,
    reqPerSec: median(runs.map((r) => r.reqPerSec)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
  };
}
