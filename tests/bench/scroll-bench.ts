import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startServe } from '../support/serve-process';
import type { BenchConfig } from './config';
import { waitForQuiet } from './cpu-noise';
import { generateBodies, writeJournal } from './inspector-bench';
import { makeTempDir, track } from './processes';
import { createReport, formatTargets, type Report, type Section } from './table';

/**
 * Scroll section: 100,000 webhooks in history, the inspector open in Debian's Chromium against `livehook serve`.
 * The whole history is paged into the list (as a user scrolling to the bottom would), then a scripted scroll moves
 * the list a little every animation frame while the page records each frame's time with requestAnimationFrame.
 * Reports p50/p95/max frame time, frames over 16.7 / 25 / 33.4 ms, and the renderer's JS heap (CDP).
 */

const COUNT = Number(process.env.BENCH_SCROLL_COUNT ?? 100_000);
/** Frames of scripted scrolling, and how far each one moves the list (about four rows: a brisk wheel). */
const SCROLL_FRAMES = Number(process.env.BENCH_SCROLL_FRAMES ?? 900);
const PX_PER_FRAME = Number(process.env.BENCH_SCROLL_PX ?? 120);
/** Every this many frames the scroll jumps a screenful, like PageDown or a flick. */
const JUMP_EVERY = 60;
const JUMP_PX = PX_PER_FRAME * 20;
const FRAME_MS = 1000 / 60;
/** A frame that took longer than 1.5 vsyncs missed its slot: that is a dropped frame (jitter below that is not). */
const DROPPED_MS = FRAME_MS * 1.5;
const HEAP_TARGET_MB = 300;
/**
 * Diagnosis only: BENCH_SCROLL_TRACE=file.json records a Chromium performance trace of the measured scroll (tracing
 * slows the page, so the figures of such a run are not the ones to report) and prints what ran in each frame over
 * 25 ms. Unset, the run is not traced.
 */
const TRACE_PATH = process.env.BENCH_SCROLL_TRACE;
/** Diagnosis only: BENCH_SCROLL_HEAP_PROFILE=1 samples the renderer's JS allocations during the measured scroll. */
const HEAP_PROFILE = process.env.BENCH_SCROLL_HEAP_PROFILE === '1';
const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'v8.gc',
  'blink',
  'cc',
  'toplevel',
];

function progress(text: string): void {
  process.stderr.write(`[bench scroll] ${text}\n`);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

// The in-page scripts are plain JavaScript text: functions passed to page.evaluate from a tsx-run file carry the
// transpiler's `__name` helper, which does not exist in the page.
const LIST = `document.querySelector('[role="listbox"][aria-label="Webhooks"]')`;

/** Scrolls to the bottom until every matching webhook is in the list (the list pages 200 at a time). */
async function loadWholeHistory(page: Page): Promise<{ rows: number; ms: number }> {
  return page.evaluate(`(async (count) => {
    const scroller = ${LIST};
    const shown = () => Number((/^([\\d,]+) of/.exec(document.querySelector('.list-footer')?.textContent ?? '') ?? [])[1]?.replace(/,/g, '') ?? 0);
    const t0 = performance.now();
    let stalled = 0;
    let last = shown();
    while (shown() < count && stalled < 600) {
      scroller.scrollTop = scroller.scrollHeight;
      scroller.dispatchEvent(new Event('scroll'));
      await new Promise((r) => requestAnimationFrame(r));
      const now = shown();
      stalled = now === last ? stalled + 1 : 0;
      last = now;
    }
    return { rows: shown(), ms: performance.now() - t0 };
  })(${COUNT})`);
}

/** The scripted scroll, timed in the page: one rAF per step, each frame's duration recorded. */
async function scriptedScroll(page: Page): Promise<number[]> {
  return page.evaluate(`(async (frames, px, jumpEvery, jumpPx) => {
    const scroller = ${LIST};
    scroller.scrollTop = 0;
    await new Promise((r) => requestAnimationFrame(r));
    const deltas = [];
    let prev = await new Promise((r) => requestAnimationFrame(r));
    let direction = 1;
    for (let i = 0; i < frames; i++) {
      const step = i % jumpEvery === jumpEvery - 1 ? jumpPx : px;
      const max = scroller.scrollHeight - scroller.clientHeight;
      if (scroller.scrollTop + step * direction > max || scroller.scrollTop + step * direction < 0) direction = -direction;
      scroller.scrollTop += step * direction;
      const now = await new Promise((r) => requestAnimationFrame(r));
      deltas.push(now - prev);
      prev = now;
    }
    return deltas;
  })(${SCROLL_FRAMES}, ${PX_PER_FRAME}, ${JUMP_EVERY}, ${JUMP_PX})`);
}

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/**
 * Reads a trace written by BENCH_SCROLL_TRACE: finds the renderer's main thread, the gaps over `longMs` between two
 * animation-frame callbacks, and lists the longest events (by self-contained duration) on each renderer thread
 * within each gap, so a long frame can be put down to script, style, layout, paint, raster or GC.
 */
async function describeLongFrames(path: string, longMs: number): Promise<string[]> {
  const { readFile } = await import('node:fs/promises');
  const parsed = JSON.parse(await readFile(path, 'utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const threadNames = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
  const rafs = events.filter((e) => e.name === 'FireAnimationFrame' && e.ph === 'X').sort((a, b) => a.ts - b.ts);
  if (rafs.length === 0) return ['no FireAnimationFrame events in the trace'];
  const pid = rafs[0]!.pid;
  const out: string[] = [`${rafs.length} animation frames traced`];
  for (let i = 1; i < rafs.length; i++) {
    const gapMs = (rafs[i]!.ts - rafs[i - 1]!.ts) / 1000;
    if (gapMs <= longMs) continue;
    const from = rafs[i - 1]!.ts;
    const to = rafs[i]!.ts;
    const inside = events
      .filter((e) => e.pid === pid && e.ph === 'X' && (e.dur ?? 0) >= 1000 && e.ts < to && e.ts + (e.dur ?? 0) > from)
      .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))
      .slice(0, 14)
      .map((e) => `${threadNames.get(`${e.pid}:${e.tid}`) ?? e.tid}/${e.name} ${((e.dur ?? 0) / 1000).toFixed(1)}ms@+${((e.ts - from) / 1000).toFixed(1)}`);
    out.push(`frame ${i} gap ${gapMs.toFixed(1)} ms: ${inside.join(', ')}`);
  }
  return out;
}

interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  selfSize: number;
  children: SamplingNode[];
}

/**
 * Samples what the page allocates (including objects already collected) and, on stop, sums it by allocating
 * function: the sites that make the garbage whose collection can pause a frame.
 */
async function startAllocationSampling(page: Page): Promise<{ stop(): Promise<string[]> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.startSampling', {
    samplingInterval: 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  return {
    async stop() {
      const { profile } = (await cdp.send('HeapProfiler.stopSampling')) as unknown as { profile: { head: SamplingNode } };
      await cdp.detach();
      const bySite = new Map<string, number>();
      let total = 0;
      const walk = (node: SamplingNode, parent: string): void => {
        const f = node.callFrame;
        const site = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}:${f.columnNumber + 1} < ${parent}`;
        bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
        total += node.selfSize;
        for (const child of node.children) walk(child, f.functionName || '(anonymous)');
      };
      walk(profile.head, '');
      const top = [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 25);
      return [
        `${(total / 2 ** 20).toFixed(1)} MB allocated in ${SCROLL_FRAMES} frames (${(total / 1024 / SCROLL_FRAMES).toFixed(1)} KB per frame)`,
        ...top.map(([site, bytes]) => `${(bytes / 2 ** 20).toFixed(2)} MB ${site}`),
      ];
    },
  };
}

type Metrics = Record<string, number>;

/** Chromium's performance counters; they count from `Performance.enable` on this session, so one session reads both. */
async function metricsReader(page: Page): Promise<{ read(): Promise<Metrics>; close(): Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  return {
    async read() {
      const { metrics: list } = await cdp.send('Performance.getMetrics');
      return Object.fromEntries(list.map((m) => [m.name, m.value]));
    },
    close: () => cdp.detach(),
  };
}

async function jsHeapMb(page: Page): Promise<{ usedMb: number; totalMb: number; nodes: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string): number => metrics.find((m) => m.name === name)?.value ?? 0;
  await cdp.detach();
  return { usedMb: Math.round(get('JSHeapUsedSize') / 2 ** 20), totalMb: Math.round(get('JSHeapTotalSize') / 2 ** 20), nodes: get('Nodes') };
}

export const scrollSection: Section = {
  name: 'scroll',
  headlines: [
    { key: 'scroll.dropped', label: `renderer scroll over ${COUNT.toLocaleString('en-US')} rows: dropped frames`, target: '0' },
    { key: 'scroll.heap', label: `renderer JS heap, ${COUNT.toLocaleString('en-US')} rows listed (after GC)`, target: `< ${HEAP_TARGET_MB} MB` },
  ],
  async run(report: Report, config: BenchConfig) {
    const tmp = await makeTempDir('livehook-bench-scroll-');
    const browser = await launchChromium();
    try {
      progress(`generating ${COUNT} webhooks into a journal…`);
      await writeJournal(join(tmp.path, 'journal'), generateBodies(COUNT).bodies);
      progress('starting livehook serve on it…');
      const serve = await startServe(['--data-dir', tmp.path], 180_000);
      track(serve.child);
      try {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        const errors: string[] = [];
        page.on('pageerror', (err) => errors.push(err.message));
        await page.goto(serve.ready.inspectorUrl);
        await page.getByRole('option').first().waitFor({ timeout: 60_000 });

        progress('paging the whole history into the list…');
        const loaded = await loadWholeHistory(page);
        report.note(`scroll: ${loaded.rows.toLocaleString('en-US')} of ${COUNT.toLocaleString('en-US')} webhooks paged into the list in ${(loaded.ms / 1000).toFixed(1)} s`);
        if (loaded.rows < COUNT) report.problem(`scroll: only ${loaded.rows} of ${COUNT} webhooks reached the list`);

        // Frame times measure the machine as much as the app: start on a quiet machine when one can be had, and say
        // how busy it was.
        const waited = await waitForQuiet([serve.child.pid!], config.quietWaitS * 1000, 15);
        progress(`scripted scroll, ${SCROLL_FRAMES} frames…`);
        // One warm-up pass (JIT, first layout of the row components), then the measured one.
        await scriptedScroll(page);
        const counters = await metricsReader(page);
        if (TRACE_PATH) await browser.startTracing(page, { path: TRACE_PATH, categories: TRACE_CATEGORIES });
        const allocations = HEAP_PROFILE ? await startAllocationSampling(page) : undefined;
        const before = await counters.read();
        const deltas = await scriptedScroll(page);
        const after = await counters.read();
        if (allocations) for (const line of await allocations.stop()) report.note(`scroll allocations: ${line}`);
        if (TRACE_PATH) {
          await browser.stopTracing();
          for (const line of await describeLongFrames(TRACE_PATH, DROPPED_MS)) report.note(`scroll trace: ${line}`);
        }
        await counters.close();
        // CPU time of the renderer's main thread (not wall time): what the page itself cost per frame, which another
        // process competing for the cores does not inflate the way it inflates frame times.
        const perFrame = (name: string): number => ((after[name]! - before[name]!) * 1000) / SCROLL_FRAMES;
        const load = loadavg()[0]!.toFixed(2);
        const sorted = [...deltas].sort((a, b) => a - b);
        const over = (ms: number): number => deltas.filter((d) => d > ms).length;
        const dropped = over(DROPPED_MS);
        const fmt = (ms: number): string => `${ms.toFixed(1)} ms`;
        report.note(
          `scroll: ${deltas.length} frames, frame time p50 ${fmt(percentile(sorted, 50))}, p95 ${fmt(percentile(sorted, 95))}, ` +
            `max ${fmt(sorted.at(-1)!)}; frames > 16.7 ms: ${over(FRAME_MS)}, > 25 ms: ${dropped}, > 33.4 ms: ${over(FRAME_MS * 2)} ` +
            `(1-min load average ${load} on ${SCROLL_FRAMES} frames after waiting ${(waited / 1000).toFixed(0)} s for a quiet machine)`,
        );
        report.note(
          `scroll: renderer main thread per frame: ${perFrame('ThreadTime').toFixed(2)} ms CPU ` +
            `(script ${perFrame('ScriptDuration').toFixed(2)} ms, style ${perFrame('RecalcStyleDuration').toFixed(2)} ms, ` +
            `layout ${perFrame('LayoutDuration').toFixed(2)} ms, in thread time) of a ${FRAME_MS.toFixed(1)} ms frame budget`,
        );
        report.headline('scroll.dropped', {
          measured: `${dropped} of ${deltas.length}`,
          baseline: `frame > ${DROPPED_MS.toFixed(0)} ms; p95 ${fmt(percentile(sorted, 95))}, load avg ${load}`,
          pass: dropped === 0,
        });
        report.target({
          label: `scroll: dropped frames while scrolling ${COUNT.toLocaleString('en-US')} rows in Chromium (frame > ${DROPPED_MS.toFixed(0)} ms)`,
          figure: `${dropped} of ${deltas.length} (p95 ${fmt(percentile(sorted, 95))}; target 0)`,
          pass: dropped === 0,
        });

        const heap = await jsHeapMb(page);
        report.headline('scroll.heap', {
          measured: `${heap.usedMb} MB`,
          baseline: `${heap.totalMb} MB allocated, ${heap.nodes.toLocaleString('en-US')} DOM nodes`,
          pass: heap.usedMb < HEAP_TARGET_MB,
        });
        report.target({
          label: `scroll: renderer JS heap with ${COUNT.toLocaleString('en-US')} webhooks in the list (after GC)`,
          figure: `${heap.usedMb} MB used, ${heap.totalMb} MB allocated, ${heap.nodes.toLocaleString('en-US')} DOM nodes (target < ${HEAP_TARGET_MB} MB)`,
          pass: heap.usedMb < HEAP_TARGET_MB,
        });
        if (errors.length > 0) report.problem(`scroll: page errors: ${errors.join('; ')}`);
        await page.close();
      } finally {
        await serve.stop();
      }
    } finally {
      await browser.close();
      await tmp.remove();
    }
  },
};

// `node --import tsx tests/bench/scroll-bench.ts` runs this section alone (after `npm run build`).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const report = createReport();
  await scrollSection.run(report, { durationS: 0, warmupS: 0, quietWaitS: Number(process.env.BENCH_QUIET_WAIT ?? 30) });
  const { targets, notes, problems } = report.collected;
  process.stdout.write([formatTargets(targets), ...notes.map((n) => `note: ${n}`), ...problems.map((p) => `ERROR: ${p}`)].join('\n') + '\n');
  process.exitCode = problems.length > 0 ? 1 : 0;
}
