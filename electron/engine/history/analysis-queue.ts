import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { JournalLocator } from '../journal/journal';
import type { Logger } from '../ports';
import { Analyst, ITEM_FIELDS, type AnalysisResult } from './analysis';
import { TextIndexWriter, type TextIndex, type TextIndexStart } from './text-index';

export interface WorkerInit {
  dir: string;
  start: TextIndexStart;
  nice: number;
}
export interface WorkerRequest {
  batch: number;
  items: Float64Array;
}
export interface WorkerReply {
  batch: number;
  results: AnalysisResult[];
  slabs: [number, SharedArrayBuffer][];
  blocks: [number, SharedArrayBuffer][];
}

export interface AnalysisQueueOptions {
  /** The journal's directory (the worker reads records back from it). */
  dir: string;
  /** Adopts the text memory the analysis writes. */
  text: TextIndex;
  logger: Logger;
  /** Called with results in submission order. */
  apply(results: AnalysisResult[]): void;
  /** 'worker' (default): a worker thread; 'inline': this thread, one batch per turn of the event loop. */
  mode?: 'worker' | 'inline';
  /** Every SAMPLE_MS: how many records a flood is holding (0 when none). */
  onHeld?(held: number): void;
  /** Arrival rate above which analysis is held (default FLOOD_PER_S; tests lower it so a slow machine floods too). */
  floodPerSecond?: number;
  /** The worker's script; default: found beside this module (see workerEntry). */
  workerScript?: URL;
}

/**
 * Acks come first. While webhooks arrive faster than FLOOD_PER_S — far beyond what LiveChat sends one integration: a
 * load test, a replayed export, a flood — analysis is held: records wait in the queue (five numbers each; the
 * records themselves are on disk) and go as soon as the rate drops, or at once when a reader asks (`settled`: every
 * list, search and read does), so what is looked at is always complete. `held` says how many are waiting.
 * Analysing beside a flooded receiver costs acks: measured on a 2-core machine, any busy second thread in the
 * process, even an idle-priority one doing a few percent, takes 20-30% of the ack rate and doubles the p99 ack.
 */
const SAMPLE_MS = 100;
const FLOOD_PER_S = 1000;
/** A flood is over once the rate has stayed at or below half of FLOOD_PER_S for this long (no flapping on a dip). */
const CALM_MS = 1000;
/** Records per message to the worker: results come back (and show up) while the rest is still being analysed. */
const MAX_BATCH = 512;
const INLINE_BATCH = 16;
/**
 * Batches handed out and not yet answered, at most: enough to keep the worker busy, few enough that a flood starting
 * while a backlog is being analysed holds the rest of it at once (instead of the worker grinding through all of it).
 */
const MAX_IN_FLIGHT = 2;
/** Records per chunk of the queue (a burst of 100,000 held back is ~100 chunks of 40 KiB). */
const CHUNK_ITEMS = 1024;

/** The worker's nice value on Linux: below the receiver, above idle work. */
const WORKER_NICE = 10;
/** A worker that failed this often is not restarted again; analysis goes on on this thread. */
const MAX_WORKER_FAILURES = 3;

/**
 * Hands durable webhooks to analysis and brings results back in order. One message per turn of the event loop carries
 * every locator submitted in it (a journal batch is typically one turn), so the receiver's path pays a few array
 * writes per webhook. Batches stay listed until their results arrive: a worker that dies is replaced and given them
 * again (after three failures analysis carries on inline, on this thread).
 */
export class AnalysisQueue {
  /** Submitted, not yet handed out: chunks of CHUNK_ITEMS records, the first one read from `head`. */
  private chunks: Float64Array[] = [];
  private head = 0;
  private tail = 0;
  private flush: NodeJS.Immediate | undefined;
  private nextBatch = 1;
  private readonly inflight = new Map<number, Float64Array>();
  private submitted = 0;
  private applied = 0;
  private waiters: { target: number; resolve(): void }[] = [];
  private worker: Worker | undefined;
  private generation = 0;
  private failures = 0;
  private inline: Analyst | undefined;
  private inlineRun: NodeJS.Immediate | undefined;
  private closed = false;
  private readonly log: Logger;
  /** Arrivals above FLOOD_PER_S in the last sample: records are held (see FLOOD_PER_S). */
  private flood = false;
  private calmSamples = 0;
  private submittedAtSample = 0;
  private readonly sampler: NodeJS.Timeout;

  constructor(private readonly opts: AnalysisQueueOptions) {
    this.log = opts.logger.child({ module: 'analysis' });
    this.sampler = setInterval(() => this.sample(), SAMPLE_MS).unref();
    // The worker starts with the first capture: an engine that only reads history (or never receives) needs no
    // second V8 instance and its ~20-60 MB.
    if (opts.mode === 'inline') this.goInline('inline analysis requested');
  }

  /** Queues one durable record; returns its ticket for `settled(ticket)`. `latencyMs` -1: none (imports). */
  submit(loc: JournalLocator, latencyMs: number, persistMs: number): number {
    let chunk = this.chunks.at(-1);
    if (!chunk || this.tail === chunk.length) {
      this.chunks.push((chunk = new Float64Array(CHUNK_ITEMS * ITEM_FIELDS)));
      this.tail = 0;
    }
    const t = this.tail;
    chunk[t] = loc.segment;
    chunk[t + 1] = loc.offset;
    chunk[t + 2] = loc.length;
    chunk[t + 3] = latencyMs;
    chunk[t + 4] = persistMs;
    this.tail = t + ITEM_FIELDS;
    if (!this.flood) this.flush ??= setImmediate(() => this.send());
    return ++this.submitted;
  }

  /** Resolves once every record submitted so far (or up to `ticket`) has been analysed and applied. */
  settled(ticket = this.submitted): Promise<void> {
    if (this.applied >= ticket) return Promise.resolve();
    this.flush ??= setImmediate(() => this.send()); // a reader is waiting: nothing is held back for load any more
    return new Promise((resolve) => this.waiters.push({ target: ticket, resolve }));
  }

  /** Batches handed to analysis and not answered yet (at most MAX_IN_FLIGHT). */
  get inFlight(): number {
    return this.inflight.size;
  }

  /** Records waiting to be handed to analysis (held by a flood, or submitted this turn). */
  get held(): number {
    if (this.chunks.length === 0) return 0;
    return ((this.chunks.length - 1) * CHUNK_ITEMS * ITEM_FIELDS + this.tail - this.head) / ITEM_FIELDS;
  }

  private sample(): void {
    const wasFlood = this.flood;
    const arrived = this.submitted - this.submittedAtSample;
    this.submittedAtSample = this.submitted;
    const flood = ((this.opts.floodPerSecond ?? FLOOD_PER_S) * SAMPLE_MS) / 1000;
    if (arrived > flood) {
      this.flood = true;
      this.calmSamples = 0;
    } else if (this.flood && arrived <= flood / 2 && ++this.calmSamples >= CALM_MS / SAMPLE_MS) {
      this.flood = false;
    }
    if (this.flood !== wasFlood) this.log.info({ held: this.held }, this.flood ? 'flood: analysis held' : 'flood over: analysing what was held');
    if (this.held > 0 && !this.flush && !this.flood) this.send();
    this.opts.onHeld?.(this.flood ? this.held : 0);
  }

  /** Where analysis runs now: 'inline' once the worker could not start or failed too often. */
  get mode(): 'worker' | 'inline' {
    return this.inline ? 'inline' : 'worker';
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sampler);
    if (this.flush) clearImmediate(this.flush);
    if (this.inlineRun) clearImmediate(this.inlineRun);
    const worker = this.worker;
    this.worker = undefined;
    // Whatever was not analysed is in the journal; the next start derives it on read-back.
    for (const w of this.waiters) w.resolve();
    this.waiters = [];
    if (worker) await worker.terminate();
  }

  /**
   * Hands queued records to analysis, in batches of at most MAX_BATCH and at most MAX_IN_FLIGHT at a time; each answer
   * sends the next (see finish), as long as no flood holds them or a reader waits.
   */
  private send(): void {
    this.flush = undefined;
    // Inline (no worker), a batch is one turn of this thread's event loop: small, so requests are answered between.
    const max = this.inline ? INLINE_BATCH : MAX_BATCH;
    while (this.held > 0 && !this.closed && this.inflight.size < MAX_IN_FLIGHT) this.sendBatch(Math.min(this.held, max));
  }

  private sendBatch(count: number): void {
    const items = new Float64Array(count * ITEM_FIELDS);
    for (let at = 0; at < items.length; ) {
      const chunk = this.chunks[0]!;
      const end = this.chunks.length === 1 ? this.tail : chunk.length;
      const take = Math.min(end - this.head, items.length - at);
      items.set(chunk.subarray(this.head, this.head + take), at);
      at += take;
      this.head += take;
      if (this.head === end && this.chunks.length > 1) {
        this.chunks.shift();
        this.head = 0;
      }
    }
    if (this.chunks.length === 1 && this.head === this.tail) {
      this.chunks = [];
      this.head = this.tail = 0;
    }
    const batch = this.nextBatch++;
    this.inflight.set(batch, items);
    if (!this.worker && !this.inline) this.startWorker();
    if (this.worker) this.worker.postMessage({ batch, items } satisfies WorkerRequest);
    else this.scheduleInline();
  }

  private receive(reply: WorkerReply): void {
    const { text } = this.opts;
    for (const [index, sab] of reply.slabs) text.adoptSlab(index, Buffer.from(sab));
    for (const [index, sab] of reply.blocks) text.adoptBlock(index, new Uint32Array(sab));
    this.finish(reply.batch, reply.results);
  }

  private finish(batch: number, results: AnalysisResult[]): void {
    if (!this.inflight.delete(batch) || this.closed) return;
    try {
      this.opts.apply(results);
    } catch (err) {
      this.log.error({ err }, 'applying analysis results failed');
    }
    this.applied += results.length;
    if (this.waiters.length > 0) {
      const due = this.waiters.filter((w) => w.target <= this.applied);
      this.waiters = this.waiters.filter((w) => w.target > this.applied);
      for (const w of due) w.resolve();
    }
    if (this.held > 0 && (!this.flood || this.waiters.length > 0)) this.send();
  }

  private startWorker(): void {
    const given = this.opts.workerScript;
    const entry = given ? (existsSync(given) ? { url: given } : undefined) : workerEntry();
    if (!entry) {
      this.goInline(given ? `the analysis worker script ${given.href} does not exist` : 'the analysis worker script was not found next to the engine');
      return;
    }
    const generation = ++this.generation;
    const workerData: WorkerInit = { dir: this.opts.dir, start: this.opts.text.handOver(), nice: WORKER_NICE };
    let worker: Worker;
    try {
      worker = 'code' in entry ? new Worker(entry.code, { eval: true, workerData }) : new Worker(entry.url, { workerData });
    } catch (err) {
      this.goInline(`the analysis worker could not start: ${(err as Error).message}`);
      return;
    }
    worker.unref();
    this.worker = worker;
    worker.once('online', () => this.log.info({ script: 'url' in entry ? entry.url.href : 'source, through tsx' }, 'analysis worker started'));
    worker.on('message', (reply: WorkerReply) => {
      if (generation === this.generation) this.receive(reply);
    });
    const failed = (why: string, err?: unknown): void => {
      if (generation !== this.generation || this.closed) return;
      this.generation++; // anything the old worker still sends is ignored: its batches are handed out again
      this.worker = undefined;
      this.failures++;
      this.log.error({ err, failures: this.failures }, `analysis worker ${why}`);
      void worker.terminate();
      if (this.failures >= MAX_WORKER_FAILURES) this.goInline(`the analysis worker failed ${this.failures} times`);
      else {
        this.startWorker();
        const next = this.worker as Worker | undefined; // set again by startWorker (or left unset: inline)
        if (next) for (const [batch, items] of this.inflight) next.postMessage({ batch, items } satisfies WorkerRequest);
      }
    };
    worker.on('error', (err) => failed('failed', err));
    worker.on('exit', (code) => failed(`exited (code ${code})`));
  }

  private goInline(why: string): void {
    this.log.warn({ why }, 'analysing captured webhooks on the main thread');
    const text = this.opts.text;
    const writer = new TextIndexWriter(text.handOver(), { slab: (i, buf) => text.adoptSlab(i, buf), block: (i, rows) => text.adoptBlock(i, rows) });
    this.inline = new Analyst(this.opts.dir, writer);
    this.scheduleInline();
  }

  /** One batch per turn, so requests arriving meanwhile are answered in between. */
  private scheduleInline(): void {
    if (this.inlineRun || this.inflight.size === 0 || this.closed) return;
    this.inlineRun = setImmediate(() => {
      this.inlineRun = undefined;
      const first = this.inflight.entries().next();
      if (first.done || !this.inline) return;
      const [batch, items] = first.value;
      this.finish(batch, this.inline.run(items));
      this.scheduleInline();
    });
  }
}

/**
 * The worker's script: beside the bundled engine (out/main/analysis-worker.js, an entry of electron.vite.config.ts),
 * or, when the engine runs from source (tests, benchmarks), the TypeScript file loaded through tsx.
 */
function workerEntry(): { url: URL } | { code: string } | undefined {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const file = JSON.stringify(new URL('./analysis-worker.ts', here).href);
    // tsx's ESM API (its `import` export: the CommonJS one cannot register hooks inside a worker).
    const pkgFile = createRequire(here).resolve('tsx/package.json');
    const api = (JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports['./esm/api']!;
    const tsx = JSON.stringify(pathToFileURL(join(dirname(pkgFile), api.import.default)).href);
    return { code: `import(${tsx}).then((api) => api.tsImport(${file}, ${file}))` };
  }
  for (const rel of ['./analysis-worker.js', '../analysis-worker.js']) {
    const url = new URL(rel, here);
    if (existsSync(url)) return { url };
  }
  return undefined;
}

