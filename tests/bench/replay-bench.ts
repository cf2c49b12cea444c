import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { DeliveryRecord, ReplayProgress } from '@shared/api/domains/delivery';
import type { BenchConfig } from './config';
import { createEngine } from '../../electron/engine/engine';
import { createLogger } from '../../electron/engine/logger';
import { createMemorySecretStore, createMemorySettingsStore } from '../../electron/engine/ports';
import type { Engine } from '../../electron/engine/types';
import { incomingEventBody } from './payload';
import { makeTempDir } from './processes';
import { formatCount, formatRatio, type Report, type Section } from './table';
import { builtAnalysisWorker } from './built-worker';

/**
 * Replay section: bulk replay of N captured webhooks (BENCH_REPLAY_N, default 10,000) to a local target, next to plain
 * `fetch` and `node:http` loops sending the same body to the same target in the same run. What LiveHook adds per
 * delivery is reading the capture back from the journal, the policy, the attempt record and journaling the delivery.
 * Everything runs in this one process (engine, target, loops), so the three compete for the same cores equally.
 */

const CONCURRENCY = [1, 8] as const;
const N = Number(process.env.BENCH_REPLAY_N ?? 10_000);

function progress(text: string): void {
  process.stderr.write(`[bench replay] ${text}\n`);
}

function quantile(sorted: number[], q: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))]!;
}

/** 0.2771 → "+0.277 ms", -0.2 → "−0.200 ms": a difference, signed either way. */
const signedMs = (ms: number): string => `${ms < 0 ? '−' : '+'}${Math.abs(ms).toFixed(3)} ms`;

async function startTarget(): Promise<{ url: string; count(): number; close(): Promise<void> }> {
  let n = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      n++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/livechat/webhooks`,
    count: () => n,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

/** Runs `n` sends with `c` in flight; returns wall time and each send's own duration. */
async function loop(n: number, c: number, send: () => Promise<void>): Promise<{ wallMs: number; each: number[] }> {
  const each: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: c }, async () => {
      while (next < n) {
        next++;
        const s = performance.now();
        await send();
        each.push(performance.now() - s);
      }
    }),
  );
  return { wallMs: performance.now() - t0, each: each.sort((a, b) => a - b) };
}

async function call<T>(engine: Engine, method: string, params: unknown): Promise<T> {
  const r = await engine.dispatch(method, params);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as T;
}

export const replaySection: Section = {
  name: 'replay',
  headlines: CONCURRENCY.map((c) => ({ key: `replay.bulk${c}`, label: `bulk replay of ${N.toLocaleString('en-US')} webhooks, concurrency ${c}`, target: '' })),
  async run(report: Report, _config: BenchConfig) {
    const n = N;
    const body = incomingEventBody(2048);
    const dir = await makeTempDir('livehook-replay-bench-');
    const target = await startTarget();
    const engine = createEngine({
      analysisWorker: builtAnalysisWorker(),
      dataDir: dir.path,
      logger: createLogger({ level: 'warn', sink: { write: () => undefined } }),
      secrets: createMemorySecretStore(),
      settings: createMemorySettingsStore({ 'delivery.policy': { name: 'single' } }),
    });
    await engine.start();
    try {
      progress(`capturing ${n} webhooks`);
      const ids: string[] = [];
      const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
      await loop(n, 50, async () => {
        const id = await new Promise<string>((resolve, reject) => {
          const req = http.request(`${engine.receiverUrl}/livechat/webhook`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve((JSON.parse(Buffer.concat(chunks).toString()) as { id: string }).id));
          });
          req.on('error', reject);
          req.end(body);
        });
        ids.push(id);
      });
      agent.destroy();

      const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
      const bytes = Buffer.from(body);
      const viaHttp = (): Promise<void> =>
        new Promise((resolve, reject) => {
          const req = http.request(target.url, { method: 'POST', agent: httpAgent, headers: { 'content-type': 'application/json', 'content-length': String(bytes.length) } }, (res) => {
            res.resume();
            res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
          });
          req.on('error', reject);
          req.end(bytes);
        });
      const viaFetch = async (): Promise<void> => {
        const res = await fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bytes });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`status ${res.status}`);
      };

      for (const c of CONCURRENCY) {
        progress(`concurrency ${c}: fetch loop`);
        const f = await loop(n, c, viaFetch);
        progress(`concurrency ${c}: node:http loop`);
        const h = await loop(n, c, viaHttp);
        progress(`concurrency ${c}: LiveHook replay.send loop`);
        // Each delivery timed like the plain loops: the whole engine call (journal read, send, record, journal write).
        let k = 0;
        const one = await loop(n, c, async () => {
          const r = await call<DeliveryRecord>(engine, 'replay.send', { id: ids[k++ % ids.length], to: { url: target.url }, policy: 'single', wait: true });
          if (!r.delivered) throw new Error(`replay not delivered: ${r.verdict}`);
        });
        progress(`concurrency ${c}: LiveHook bulk replay`);
        const before = target.count();
        let finished: ReplayProgress | undefined;
        const off = engine.onPush((event, payload) => {
          if (event === 'replay.progress' && (payload as ReplayProgress).state !== 'running') finished = payload as ReplayProgress;
        });
        const t0 = performance.now();
        await call(engine, 'replay.bulk', { jobId: `bench-${c}`, ids, to: { url: target.url }, concurrency: c, policy: 'single' });
        while (!finished) await new Promise((r) => setTimeout(r, 5));
        const wallMs = performance.now() - t0;
        off();
        if (finished.delivered !== n) report.problem(`replay at concurrency ${c}: ${finished.delivered} of ${n} delivered (${finished.failed} failed)`);
        if (target.count() - before !== n) report.problem(`replay at concurrency ${c}: the target saw ${target.count() - before} of ${n}`);
        const row = (subject: string, wall: number, each: number[]) =>
          report.row({ section: 'replay', subject, conns: c, reqPerSec: (n / wall) * 1000, p50Ms: quantile(each, 0.5), p99Ms: quantile(each, 0.99), non2xx: 0, socketErrors: 0, latencyResolution: 'us' });
        row('(a) plain fetch loop', f.wallMs, f.each);
        row('(b) plain node:http loop', h.wallMs, h.each);
        row('(c) LiveHook replay.send loop', one.wallMs, one.each);
        report.headline(`replay.bulk${c}`, {
          measured: `${formatCount((n / wallMs) * 1000)}/s`,
          baseline:
            `fetch loop ${formatCount((n / f.wallMs) * 1000)}/s (${formatRatio(f.wallMs / wallMs)}); ` +
            `${signedMs(quantile(one.each, 0.5) - quantile(f.each, 0.5))} p50 per delivery vs fetch`,
        });
        report.target({
          label: `replay c=${c}: throughput vs fetch loop`,
          figure: `${formatRatio(f.wallMs / wallMs)} (bulk ${Math.round((n / wallMs) * 1000)}/s vs fetch ${Math.round((n / f.wallMs) * 1000)}/s)`,
          pass: undefined,
        });
        report.target({
          label: `replay c=${c}: added latency per delivery (p50)`,
          figure: `${(quantile(one.each, 0.5) - quantile(f.each, 0.5)).toFixed(3)} ms vs fetch, ${(quantile(one.each, 0.5) - quantile(h.each, 0.5)).toFixed(3)} ms vs node:http`,
          pass: undefined,
        });
      }
      httpAgent.destroy();
      report.note(`replay: ${n} captured webhooks of ${bytes.length} bytes replayed byte-exact with the single-attempt policy; every delivery journaled (durable).`);
    } finally {
      await engine.stop();
      await target.close();
      await dir.remove();
    }
  },
};
