import { createEngine } from '../../../electron/engine/engine';
import { createLogger } from '../../../electron/engine/logger';
import { createMemorySecretStore, createMemorySettingsStore } from '../../../electron/engine/ports';
import { builtAnalysisWorker } from '../built-worker';

/**
 * The inspector bench's engine, in its own process so its memory is the engine's alone. Opens the engine on the
 * data dir the parent generated (LIVEHOOK_BENCH_DATA_DIR), reports how long opening took and the memory after a
 * GC, then answers `{ method, params }` messages with the handler's time and a short result (over the fork IPC).
 */

type Msg = { id: number; method: string; params: unknown } | { id: number; memory: true } | { stop: true };

const dataDir = process.env.LIVEHOOK_BENCH_DATA_DIR;
if (!dataDir) throw new Error('LIVEHOOK_BENCH_DATA_DIR is not set');
const send = (m: unknown): void => void process.send!(m);

function memory(): { rssMb: number; heapMb: number; externalMb: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
  return { rssMb: mb(m.rss), heapMb: mb(m.heapUsed), externalMb: mb(m.external) };
}

const engine = createEngine({
  analysisWorker: builtAnalysisWorker(),
  dataDir,
  logger: createLogger({ level: 'warn', sink: { write: (l) => void process.stderr.write(l) } }),
  secrets: createMemorySecretStore(),
  settings: createMemorySettingsStore(),
  journal: { maxCount: 1_000_000, maxBytes: 8 * 1024 * 1024 * 1024 },
});
const t0 = performance.now();
await engine.start();
const openMs = performance.now() - t0;
send({ ready: true, openMs, memory: memory() });

process.on('message', (raw) => {
  const msg = raw as Msg;
  if ('stop' in msg) {
    void engine.stop().then(() => process.exit(0));
    return;
  }
  if ('memory' in msg) {
    send({ id: msg.id, memory: memory() });
    return;
  }
  void (async () => {
    const start = performance.now();
    const res = await engine.dispatch(msg.method, msg.params);
    const ms = performance.now() - start;
    const value = res.ok ? (res.value as { total?: number; changes?: unknown[] }) : undefined;
    send({ id: msg.id, ms, ok: res.ok, total: value?.total ?? value?.changes?.length, error: res.ok ? undefined : res.error.message });
  })();
});
process.on('disconnect', () => process.exit(0));
