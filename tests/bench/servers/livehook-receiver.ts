// (c) the LiveHook receiver: the real engine with durable journaling (adaptive group commit, datasync before ack).
// The parent creates (and removes) the data directory and passes it in LIVEHOOK_BENCH_DATA_DIR.
// Diagnosis only: LIVEHOOK_BENCH_DURABLE=0 turns the journal's datasync off (acks are then NOT durable).
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { createEngine } from '../../../electron/engine/engine';
import { createLogger } from '../../../electron/engine/logger';
import { createMemorySecretStore, createMemorySettingsStore } from '../../../electron/engine/ports';
import type { EngineDeps } from '../../../electron/engine/types';
import { serveBenchProtocol } from './protocol';
import { builtAnalysisWorker } from '../built-worker';

const dataDir = process.env.LIVEHOOK_BENCH_DATA_DIR;
if (!dataDir) {
  process.stderr.write('LIVEHOOK_BENCH_DATA_DIR is not set\n');
  process.exit(2);
}
const durable = process.env.LIVEHOOK_BENCH_DURABLE !== '0';

// Retention must not drop anything during the run, or history could not be checked against the acks.
const limits = { maxCount: 100_000_000, maxBytes: 1024 ** 4 };
// `durable` is a journal option the engine passes through but does not declare: diagnosis only.
const journal: EngineDeps['journal'] = durable ? limits : Object.assign({ durable: false }, limits);

// Diagnosis only: LIVEHOOK_BENCH_GC=1 records GC pauses and event-loop delay (reported, then reset, by `stats`).
const gcPauses: number[] = [];
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
if (process.env.LIVEHOOK_BENCH_GC === '1') {
  loopDelay.enable();
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcPauses.push(e.duration);
  }).observe({ entryTypes: ['gc'] });
}

let captured = 0;
const engine = createEngine({
  analysisWorker: builtAnalysisWorker(),
  dataDir,
  logger: createLogger({ sink: { write() {} } }),
  secrets: createMemorySecretStore(),
  settings: createMemorySettingsStore(),
  receiver: { port: 0 },
  journal,
});
engine.onPush((event) => {
  if (event === 'event.captured') captured++;
});
await engine.start();

serveBenchProtocol({
  url: engine.receiverUrl,
  stats: async () => {
    // events.list first analyses whatever a flood held (see AnalysisQueue): how long that takes is reported too.
    const t0 = performance.now();
    const res = await engine.dispatch('events.list', { limit: 1 });
    const statsMs = Math.round(performance.now() - t0);
    if (!res.ok) throw new Error(`events.list failed: ${res.error.code} ${res.error.message}`);
    const page = res.value as { total: number };
    const mem = process.memoryUsage();
    const gc = gcPauses.splice(0).sort((a, b) => a - b);
    const gcStats = gc.length
      ? { gcCount: gc.length, gcTotalMs: Math.round(gc.reduce((a, b) => a + b, 0)), gcMaxMs: +gc[gc.length - 1]!.toFixed(2), gcOver1ms: gc.filter((d) => d > 1).length }
      : {};
    const eld = loopDelay.count > 0
      ? { loopDelayP99Ms: +(loopDelay.percentile(99) / 1e6).toFixed(2), loopDelayMaxMs: +(loopDelay.max / 1e6).toFixed(2) }
      : {};
    loopDelay.reset();
    return { total: page.total, captured, durable, statsMs, heapUsedMB: Math.round(mem.heapUsed / 2 ** 20), rssMB: Math.round(mem.rss / 2 ** 20), ...gcStats, ...eld };
  },
  stop: () => engine.stop(),
});
