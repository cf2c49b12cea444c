// The soak (`npm run bench -- --soak`, or BENCH_SOAK=1; not part of the default bench, not CI): the built
// `livehook serve` receives mixed webhooks at a steady rate for BENCH_SOAK_MINUTES (default 30) with the inspector open
// in Chromium, and every BENCH_SOAK_SAMPLE_S (default 30) seconds it samples, after a full GC on both sides: engine RSS
// and V8 heap, active handles, open file descriptors, journal size on disk, the renderer's JS heap. It prints the
// samples as a table and judges: memory flat (first window vs last window), handles not growing, journal within
// retention.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import type { Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { loadExamples } from '../support/livechat-examples';
import type { BenchConfig } from './config';
import { makeTempDir, REPO, track } from './processes';
import type { Report, Section } from './table';

/** The journal's default retention (electron/engine/journal/journal.ts): what the soak checks the disk against. */
const RETENTION = { maxCount: 100_000, maxBytes: 1024 * 1024 * 1024, segmentBytes: 16 * 1024 * 1024 };
const MiB = 1024 * 1024;
/** Keep-alive connections of the sender: enough for 50/s with fsync latency, few enough to be all open after the warm-up. */
const SOCKETS = 4;

export interface SoakConfig {
  minutes: number;
  ratePerS: number;
  sampleS: number;
}

export function readSoakConfig(env: NodeJS.ProcessEnv = process.env): SoakConfig {
  const num = (name: string, def: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return def;
    const v = Number(raw);
    if (!Number.isFinite(v) || v < min || v > max) throw new Error(`${name} must be a number between ${min} and ${max}, not "${raw}"`);
    return v;
  };
  return { minutes: num('BENCH_SOAK_MINUTES', 30, 0.5, 24 * 60), ratePerS: num('BENCH_SOAK_RATE', 50, 1, 2000), sampleS: num('BENCH_SOAK_SAMPLE_S', 30, 2, 600) };
}

interface Sample {
  tS: number;
  engineRssMiB: number;
  engineHeapMiB: number;
  handles: number;
  fds: number;
  journalMiB: number;
  journalFiles: number;
  stored: number;
  rendererHeapMiB: number;
  acked: number;
  errors: number;
}

/** A minimal Chrome DevTools Protocol client over the engine's --inspect WebSocket (heap and handles from inside). */
class Inspector {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const msg = JSON.parse(data.toString('utf8')) as { id?: number; result?: unknown; error?: { message: string } };
      if (msg.id === undefined) return;
      const w = this.waiting.get(msg.id);
      this.waiting.delete(msg.id);
      if (msg.error) w?.reject(new Error(msg.error.message));
      else w?.resolve(msg.result);
    });
  }
  static async connect(url: string): Promise<Inspector> {
    const ws = new WebSocket(url);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return new Inspector(ws);
  }
  call<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = ++this.nextId;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }
  async engineStats(): Promise<{ heapUsed: number; rss: number; handles: number }> {
    await this.call('HeapProfiler.collectGarbage');
    const r = await this.call<{ result: { value: string } }>('Runtime.evaluate', {
      expression: 'JSON.stringify({ heapUsed: process.memoryUsage().heapUsed, rss: process.memoryUsage().rss, handles: process._getActiveHandles().length })',
      returnByValue: true,
    });
    return JSON.parse(r.result.value) as { heapUsed: number; rss: number; handles: number };
  }
  close(): void {
    this.ws.close();
  }
}

interface Serve {
  child: ChildProcessWithoutNullStreams;
  receiverUrl: string;
  inspectorUrl: string;
  controlOrigin: string;
  token: string;
  debuggerUrl: string;
}

/** `livehook serve` under `node --inspect` on a loopback port the OS picks; waits for both the ready line and the debugger URL. */
function startServe(dataDir: string): Promise<Serve> {
  const child = spawn(process.execPath, ['--inspect=127.0.0.1:0', join(REPO, 'bin/livehook.js'), 'serve', '--json', '--no-tunnel', '--data-dir', dataDir], {
    cwd: REPO,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  track(child);
  return new Promise((resolve, reject) => {
    let ready: { receiverUrl: string; inspectorUrl: string; token: string } | undefined;
    let debuggerUrl: string | undefined;
    const done = () => {
      if (!ready || !debuggerUrl) return;
      resolve({ child, ...ready, controlOrigin: new URL(ready.inspectorUrl).origin, debuggerUrl });
    };
    createInterface({ input: child.stdout }).once('line', (line) => {
      ready = JSON.parse(line) as typeof ready;
      done();
    });
    createInterface({ input: child.stderr }).on('line', (line) => {
      const m = /Debugger listening on (ws:\/\/\S+)/.exec(line);
      if (m) {
        debuggerUrl = m[1];
        done();
      }
    });
    child.once('exit', (code) => reject(new Error(`livehook serve exited early with ${code}`)));
  });
}

async function api<T>(serve: Serve, method: string, params: unknown = {}): Promise<T> {
  const res = await fetch(`${serve.controlOrigin}/api/call/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${serve.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  const body = (await res.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${method}: ${body.error?.message ?? 'failed'}`);
  return body.value;
}

/** Mixed traffic: every LiveChat example and variant in turn, unique ids, 1 in 50 malformed, 1 in 200 a 256 KiB body. */
function mixedBodies(): () => { path: string; body: Buffer } {
  const bodies = loadExamples().flatMap((e) => [e.body, ...e.variants].map((b) => ({ action: e.action, body: b })));
  let n = 0;
  return () => {
    n++;
    if (n % 50 === 0) return { path: '/livechat/broken', body: Buffer.from(`{"action":"incoming_event","n":${n},"cut":`) };
    const pick = bodies[n % bodies.length]!;
    const extra = n % 200 === 0 ? { pad: 'p'.repeat(256 * 1024) } : {};
    const body = { ...pick.body, webhook_id: `soak-${n}-${randomBytes(6).toString('hex')}`, ...extra };
    return { path: `/livechat/${pick.action}`, body: Buffer.from(JSON.stringify(body)) };
  };
}

function dirStats(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const f of readdirSync(dir)) {
    bytes += statSync(join(dir, f)).size;
    files++;
  }
  return { bytes, files };
}

function fdCount(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

async function rendererHeapMiB(page: Page, cdp: Awaited<ReturnType<ReturnType<Page['context']>['newCDPSession']>>): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const used = metrics.find((m) => m.name === 'JSHeapUsedSize');
  if (!used) throw new Error(`renderer metrics have no JSHeapUsedSize (page ${page.url()})`);
  return used.value / MiB;
}

const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN);

export const soakSection: Section = {
  /** Its verdicts (memory flat, handles, journal size) are the PASS/FAIL lines under its own sample table. */
  headlines: [],
  name: 'soak',
  async run(report: Report, _config: BenchConfig): Promise<void> {
    const cfg = readSoakConfig();
    const durationS = cfg.minutes * 60;
    const dir = await makeTempDir('livehook-soak-');
    const serve = await startServe(dir.path);
    const inspector = await Inspector.connect(serve.debuggerUrl);
    const browser = await launchChromium();
    const log = (line: string) => process.stderr.write(`soak: ${line}\n`);
    try {
      const page = await browser.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(String(e)));
      await page.goto(serve.inspectorUrl);
      await page.getByRole('status', { name: /^Connection/ }).filter({ hasText: 'Connected' }).waitFor({ timeout: 15_000 });
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');

      const agent = new Agent({ keepAlive: true, maxSockets: SOCKETS });
      const next = mixedBodies();
      const target = new URL(serve.receiverUrl);
      const latencies: number[] = [];
      const counts = { sent: 0, acked: 0, non2xx: 0, errors: 0 };
      const send = () => {
        const { path, body } = next();
        const t0 = performance.now();
        counts.sent++;
        const req = request(
          { host: target.hostname, port: target.port, method: 'POST', path, agent, headers: { 'content-type': 'application/json', 'content-length': body.length } },
          (res) => {
            res.resume();
            res.on('end', () => {
              if (res.statusCode === 200) {
                counts.acked++;
                latencies.push(performance.now() - t0);
              } else counts.non2xx++;
            });
          },
        );
        req.on('error', () => counts.errors++);
        req.end(body);
      };
      // Paced by elapsed time, not by tick count: a late timer (GC, a busy core) sends the webhooks it owes.
      const loadStart = performance.now();
      const timer = setInterval(() => {
        const due = Math.floor(((performance.now() - loadStart) / 1000) * cfg.ratePerS);
        while (counts.sent < due) send();
      }, 20);
      // Warm-up before the first sample: JIT, the first segment, every keep-alive socket opened.
      const warmupS = Math.min(60, Math.max(10, durationS / 10));
      log(`warm-up ${warmupS} s`);
      await new Promise((r) => setTimeout(r, warmupS * 1000));

      const samples: Sample[] = [];
      const started = performance.now();
      const uiProblems: string[] = [];
      const sample = async (openNewest = true): Promise<void> => {
        // The UI is used, not just open: the newest webhook is opened in the detail pane each time.
        if (openNewest) {
          try {
            await page.getByRole('listbox', { name: 'Webhooks' }).getByRole('option').first().click({ timeout: 5_000 });
          } catch (err) {
            uiProblems.push(`${Math.round((performance.now() - started) / 1000)} s: ${(err as Error).message.split('\n')[0]}`);
          }
        }
        const e = await inspector.engineStats();
        const j = dirStats(join(dir.path, 'journal'));
        const info = await api<{ count: number }>(serve, 'receiver.info');
        const s: Sample = {
          tS: Math.round((performance.now() - started) / 1000),
          engineRssMiB: e.rss / MiB,
          engineHeapMiB: e.heapUsed / MiB,
          handles: e.handles,
          fds: fdCount(serve.child.pid!),
          journalMiB: j.bytes / MiB,
          journalFiles: j.files,
          stored: info.count,
          rendererHeapMiB: await rendererHeapMiB(page, cdp),
          acked: counts.acked,
          errors: counts.errors + counts.non2xx,
        };
        samples.push(s);
        log(
          `t=${s.tS}s rss ${s.engineRssMiB.toFixed(1)} MiB heap ${s.engineHeapMiB.toFixed(1)} MiB handles ${s.handles} fds ${s.fds} ` +
            `journal ${s.journalMiB.toFixed(1)} MiB/${s.journalFiles} files stored ${s.stored} renderer ${s.rendererHeapMiB.toFixed(1)} MiB acked ${s.acked}`,
        );
      };

      log(`${cfg.minutes} min at ${cfg.ratePerS}/s, sampling every ${cfg.sampleS} s`);
      await sample();
      while (performance.now() - started < durationS * 1000) {
        const wait = Math.min(cfg.sampleS * 1000, durationS * 1000 - (performance.now() - started));
        await new Promise((r) => setTimeout(r, wait));
        if (serve.child.exitCode !== null) throw new Error(`livehook serve exited during the soak (code ${serve.child.exitCode})`);
        await sample();
      }
      clearInterval(timer);
      const elapsedS = (performance.now() - started) / 1000;
      const sentAtStart = samples[0]!.acked;
      // Is the growth held data (the in-memory history index, bounded by retention) or a leak? Stop the load, clear the
      // history, and measure once more: held data goes, a leak stays.
      await new Promise((r) => setTimeout(r, 2_000));
      agent.destroy();
      await api(serve, 'events.clear');
      await new Promise((r) => setTimeout(r, 2_000));
      const beforeClear = samples.at(-1)!;
      await sample(false);
      const afterClear = samples.pop()!;

      // The sample table.
      const header = ['t (s)', 'engine RSS', 'engine heap', 'handles', 'fds', 'journal', 'files', 'stored', 'renderer heap', 'acked', 'errors'];
      const rows = samples.map((s) => [
        String(s.tS),
        `${s.engineRssMiB.toFixed(1)} MiB`,
        `${s.engineHeapMiB.toFixed(1)} MiB`,
        String(s.handles),
        String(s.fds),
        `${s.journalMiB.toFixed(1)} MiB`,
        String(s.journalFiles),
        String(s.stored),
        `${s.rendererHeapMiB.toFixed(1)} MiB`,
        String(s.acked),
        String(s.errors),
      ]);
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      const fmt = (r: string[]) => r.map((c, i) => c.padStart(widths[i]!)).join('  ');
      const cleared = fmt([
        'cleared',
        `${afterClear.engineRssMiB.toFixed(1)} MiB`,
        `${afterClear.engineHeapMiB.toFixed(1)} MiB`,
        String(afterClear.handles),
        String(afterClear.fds),
        `${afterClear.journalMiB.toFixed(1)} MiB`,
        String(afterClear.journalFiles),
        String(afterClear.stored),
        `${afterClear.rendererHeapMiB.toFixed(1)} MiB`,
        String(afterClear.acked),
        String(afterClear.errors),
      ]);
      process.stdout.write(
        `\nSoak samples (${cfg.minutes} min, ${cfg.ratePerS}/s mixed webhooks, UI open in Chromium, after a ${warmupS} s warm-up; full GC before each; ` +
          `last line: load stopped and history cleared):\n${fmt(header)}\n${rows.map(fmt).join('\n')}\n${cleared}\n`,
      );

      // Judgement: first window vs last window (5 min each, or a quarter of a shorter run).
      const windowS = Math.min(300, durationS / 4);
      const first = samples.filter((s) => s.tS <= windowS);
      const last = samples.filter((s) => s.tS >= samples.at(-1)!.tS - windowS);
      const growth = (pick: (s: Sample) => number) => ({ first: avg(first.map(pick)), last: avg(last.map(pick)) });
      // While history grows (below retention) memory grows with it by design: the history index holds a summary per
      // webhook. Then "flat" is information, and the leak verdict is the after-clear check below.
      const historyGrew = growth((s) => s.stored);
      const heldData = historyGrew.last - historyGrew.first > 1000;
      const judge = (label: string, g: { first: number; last: number }, allowFrac: number, allowAbs: number, unit: string) => {
        const allowed = Math.max(g.first * allowFrac, allowAbs);
        const delta = g.last - g.first;
        report.target({
          label: `soak: ${label} flat (last ${Math.round((windowS / 60) * 10) / 10} min vs first)${heldData ? ' — history grew, so information only' : ''}`,
          figure: `${g.first.toFixed(1)} → ${g.last.toFixed(1)} ${unit} (${delta >= 0 ? '+' : ''}${delta.toFixed(1)}; target ≤ +${allowed.toFixed(1)})`,
          pass: heldData ? undefined : delta <= allowed,
        });
      };
      judge('engine heap', growth((s) => s.engineHeapMiB), 0.1, 8, 'MiB');
      judge('engine RSS', growth((s) => s.engineRssMiB), 0.15, 32, 'MiB');
      judge('renderer JS heap', growth((s) => s.rendererHeapMiB), 0.2, 16, 'MiB');
      const storedDelta = beforeClear.stored - samples[0]!.stored;
      if (storedDelta > 0) {
        const perHook = ((beforeClear.engineHeapMiB - samples[0]!.engineHeapMiB) * MiB) / storedDelta;
        const perHookUi = ((beforeClear.rendererHeapMiB - samples[0]!.rendererHeapMiB) * MiB) / storedDelta;
        report.target({
          label: 'soak: heap held per stored webhook (history index; bounded by retention)',
          figure: `engine ${(perHook / 1024).toFixed(2)} KiB, renderer ${(perHookUi / 1024).toFixed(2)} KiB → at ${RETENTION.maxCount} webhooks ≈ ${((perHook * RETENTION.maxCount) / MiB).toFixed(0)} MiB engine heap`,
          pass: undefined,
        });
      }
      const noLeak = (label: string, start: number, end: number, allowAbs: number) =>
        report.target({
          label: `soak: ${label} back near the start after the history is cleared (no leak)`,
          figure: `${start.toFixed(1)} → ${end.toFixed(1)} MiB (target ≤ +${allowAbs})`,
          pass: end - start <= allowAbs,
        });
      noLeak('engine heap', samples[0]!.engineHeapMiB, afterClear.engineHeapMiB, 8);
      noLeak('renderer JS heap', samples[0]!.rendererHeapMiB, afterClear.rendererHeapMiB, 8);
      const maxOf = (xs: Sample[], pick: (s: Sample) => number) => Math.max(...xs.map(pick));
      for (const [label, pick] of [
        ['active handles', (s: Sample) => s.handles],
        ['open fds', (s: Sample) => s.fds],
      ] as const) {
        const a = maxOf(first, pick);
        const b = maxOf(last, pick);
        report.target({ label: `soak: ${label} not growing`, figure: `max ${a} → ${b} (target ≤ ${a + 5})`, pass: b <= a + 5 });
      }
      const end = samples.at(-1)!;
      const withinBytes = end.journalMiB * MiB <= RETENTION.maxBytes + RETENTION.segmentBytes;
      const withinCount = end.stored <= RETENTION.maxCount + Math.ceil(RETENTION.segmentBytes / 200);
      report.target({
        label: 'soak: journal within retention',
        figure: `${end.journalMiB.toFixed(1)} MiB / ${end.stored} webhooks (limits ${RETENTION.maxBytes / MiB} MiB / ${RETENTION.maxCount}, whole segments)`,
        pass: withinBytes && withinCount,
      });
      const sorted = [...latencies].sort((a, b) => a - b);
      report.row({
        section: 'soak',
        subject: `soak ${cfg.minutes} min mixed @ ${cfg.ratePerS}/s, UI open`,
        conns: SOCKETS,
        reqPerSec: (counts.acked - sentAtStart) / elapsedS,
        p50Ms: pct(sorted, 50),
        p99Ms: pct(sorted, 99),
        non2xx: counts.non2xx,
        socketErrors: counts.errors,
        latencyResolution: 'us',
      });
      if (counts.non2xx + counts.errors > 0) report.problem(`soak: ${counts.non2xx} non-200 answers and ${counts.errors} socket errors out of ${counts.sent}`);
      if (pageErrors.length) report.problem(`soak: the inspector page threw ${pageErrors.length} error(s), first: ${pageErrors[0]}`);
      if (uiProblems.length) report.note(`soak: opening the newest webhook failed ${uiProblems.length} time(s), first at ${uiProblems[0]}`);
      const lines = readFileSync(join(dir.path, 'logs', readdirSync(join(dir.path, 'logs'))[0] ?? ''), 'utf8').split('\n');
      const warnings = lines.filter((l) => /"level":(40|50|60)/.test(l)).length;
      report.note(`soak: ${counts.acked - sentAtStart} webhooks acked in the ${elapsedS.toFixed(0)} s measured (${counts.acked} with the warm-up); engine log has ${warnings} warning/error line(s) (malformed bodies are expected to log nothing); ` +
          `the p99 includes the full GCs the sampler forces in the engine every ${cfg.sampleS} s`);
    } finally {
      inspector.close();
      await browser.close();
      serve.child.kill('SIGTERM');
      await new Promise((r) => (serve.child.exitCode !== null ? r(undefined) : serve.child.once('exit', r)));
      await dir.remove();
    }
  },
};
