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
 */

const CONNECTIONS = [1, 50] as const;
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
    const results = new Map<string, LoadResult>();
    let tool = '';

    for (const spec of servers) {
      let dataDir: { path: string; remove(): Promise<void> } | undefined;
      let child: ServerChild | undefined;
      let stopped = false;
      try {
        if (spec.dataDir) dataDir = await makeTempDir('livehook-bench-data-');
        progress(`starting ${spec.label}`);
        child = await startServerChild(spec.label, resolve(import.meta.dirname, spec.file), {
          env: { ...spec.env, ...(dataDir ? { LIVEHOOK_BENCH_DATA_DIR: dataDir.path } : {}) },
        });
        const url = child.url + PATH;
        let acked = 0;
        for (const conns of CONNECTIONS) {
          if (config.quietWaitS > 0) {
            const waited = await waitForQuiet([child.pid], config.quietWaitS * 1000, NOISY_OTHER_CPU_PCT);
            if (waited > 1500) progress(`waited ${(waited / 1000).toFixed(0)} s for other processes to quieten down`);
          }
          for (const phase of ['warm-up', 'run'] as const) {
            const durationS = phase === 'warm-up' ? config.warmupS : config.durationS;
            progress(`${spec.label}: ${conns} conn(s), ${phase} ${durationS} s`);
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
            acked += res.ok;
            const where = `${spec.label}, ${conns} conn(s), ${phase}`;
            if (res.requests === 0) report.problem(`${where}: no response at all`);
            if (res.non2xx > 0) report.problem(`${where}: ${formatCount(res.non2xx)} non-2xx responses`);
            if (res.socketErrors > 0) report.problem(`${where}: ${formatCount(res.socketErrors)} socket errors/timeouts`);
            if (phase === 'warm-up') continue;
            results.set(`${spec.key}@${conns}`, res);
            report.row({
              section: 'receiver',
              subject: spec.label,
              conns,
              reqPerSec: res.reqPerSec,
              p50Ms: res.p50Ms,
              p99Ms: res.p99Ms,
              non2xx: res.non2xx,
              socketErrors: res.socketErrors,
              otherCpuPct,
              latencyResolution: res.latencyResolution,
            });
          }
        }
        if (spec.recorded) {
          const stats = await child.stats();
          const total = typeof stats.total === 'number' ? stats.total : NaN;
          const line =
            `${spec.label}: recorded ${formatCount(total)} webhooks, load generator counted ${formatCount(acked)} 2xx acks ` +
            `(warm-ups included)`;
          if (!(total >= acked)) report.problem(`${line} — acked webhooks are MISSING from history`);
          else report.note(`${line}: every ack recorded (${formatCount(total - acked)} more were in flight when a run stopped)`);
          if (typeof stats.heapUsedMB === 'number' && typeof stats.rssMB === 'number') {
            report.note(`${spec.label}: heap used ${stats.heapUsedMB} MB, RSS ${stats.rssMB} MB with that history in memory`);
          }
        }
        progress(`stopping ${spec.label}`);
        stopped = true;
        await child.stop();
      } catch (err) {
        const msg = err instanceof ServerCrashed ? `CRASHED: ${err.message}` : `failed: ${(err as Error).stack ?? String(err)}`;
        report.problem(`${spec.label} ${msg}`);
      } finally {
        if (child && !stopped) await child.stop(2_000).catch(() => {});
        if (dataDir) await dataDir.remove();
      }
    }

    const get = (key: ServerKey, conns: number) => results.get(`${key}@${conns}`);
    const lh50 = get('livehook', 50);
    const fa50 = get('fastify', 50);
    const lh1 = get('livehook', 1);
    const ratio50 = lh50 && fa50 ? lh50.reqPerSec / fa50.reqPerSec : NaN;
    report.target({
      label: 'at 50 connections durable receiver ≥ 0.9× plain fastify req/s',
      figure:
        `${formatRatio(ratio50)} (target ≥ 0.90×)` +
        (lh50 && fa50 ? ` — ${formatCount(lh50.reqPerSec)} vs ${formatCount(fa50.reqPerSec)} req/s` : ' — run missing'),
      pass: Number.isFinite(ratio50) && ratio50 >= 0.9,
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
        const ratio = (other: LoadResult | undefined) => (other ? ` (${formatRatio(lh.reqPerSec / other.reqPerSec)})` : '');
        report.headline(`receiver.rps${conns}`, {
          measured: `${formatCount(lh.reqPerSec)} req/s`,
          baseline: `fastify ${fa ? formatCount(fa.reqPerSec) : 'n/a'}${ratio(fa)}, node:http ${bare ? formatCount(bare.reqPerSec) : 'n/a'}${ratio(bare)}`,
          ...(conns === 50 ? { pass: fa !== undefined && lh.reqPerSec / fa.reqPerSec >= 0.9 } : {}),
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
          `${formatRatio(lh && bare ? lh.reqPerSec / bare.reqPerSec : NaN)}` +
          (lh && fa ? ` (receiver / fastify: ${formatRatio(lh.reqPerSec / fa.reqPerSec)})` : ''),
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
          figure: `${formatRatio(lh.reqPerSec / other.reqPerSec)} (p99 ${formatMs(lh.p99Ms, lh.latencyResolution)} vs ${formatMs(other.p99Ms, other.latencyResolution)})`,
          pass: undefined,
        });
      }
    }
    report.note(
      `receiver: ${Buffer.byteLength(body)}-byte LiveChat incoming_event JSON POST to ${PATH}; ${tool || 'load generator'}` +
        `${tool === 'wrk' ? ' -t1 (own process)' : tool === 'autocannon' ? ' in the bench process' : ''}, keep-alive, ` +
        `${config.warmupS} s warm-up then ${config.durationS} s per row; each server in its own process, bound to 127.0.0.1.`,
    );
  },
};
