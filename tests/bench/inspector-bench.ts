import { fork, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { diffJson } from '@shared/diff';
import { newId } from '@shared/model/id';
import { BatchFramer, encodeEntry, framedLength, type EncodedEntry } from '../../electron/engine/journal/line-codec';
import { segmentPath } from '../../electron/engine/journal/segment-files';
import { buildRecord } from '../../electron/engine/receiver/capture';
import { loadExamples } from '../support/livechat-examples';
import type { BenchConfig } from './config';
import { makeTempDir, track } from './processes';
import { formatMs, formatRatio, type Report, type Section } from './table';

/**
 * Inspector section: 100,000 LiveChat webhooks of ~2 KiB in history. How fast does the engine answer queries
 * (fields, full text, phrase, negation, facets, no match) next to a plain linear scan of the same bodies in this
 * process; how fast is a 1 MiB vs 1 MiB JSON diff; how much memory does the engine hold?
 * The journal is generated straight into segment files (the receiver's own record builder, no HTTP), then a child
 * process opens the engine on it, so the memory figure is the engine's alone.
 */

const COUNT = Number(process.env.BENCH_INSPECTOR_COUNT ?? 100_000);
const BODY_BYTES = 2048;
const CHATS = 5_000;
const RUNS = 7;
const QUERY_TARGET_MS = 100;
const DIFF_TARGET_MS = 100;
const MEMORY_TARGET_MB = 500;
/** One body in this many holds the rare word. */
const RARE_EVERY = 1_000;

const WORDS = (
  'hello order jacket parcel refund invoice delivery address tracking discount code newsletter checkout please ' +
  'thanks agent customer shipped depot office size blue winter green summer shoes return exchange warranty ' +
  'payment card failed again account login password reset email phone number help question price sale'
).split(' ');

function progress(text: string): void {
  process.stderr.write(`[bench inspector] ${text}\n`);
}

/** Deterministic pseudo-random numbers, so every run searches the same data. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const chatId = (n: number): string => `C${n.toString(36).toUpperCase().padStart(9, '0')}`;

interface Generated {
  bodies: string[];
  rareWord: string;
  someChat: string;
}

/**
 * Bodies from the catalogue's examples (every action), with varied chats, texts and ids, padded to ~2 KiB through
 * the message text or an extra property. Half are `incoming_event` messages, as in a real license.
 */
export function generateBodies(count: number): Generated {
  const examples = loadExamples();
  const event = examples.find((e) => e.action === 'incoming_event')!;
  const others = examples.filter((e) => e.action !== 'incoming_event');
  const rand = rng(42);
  const bodies: string[] = [];
  for (let i = 0; i < count; i++) {
    const ex = rand() < 0.5 ? event : others[Math.floor(rand() * others.length)]!;
    const body = structuredClone(ex.body) as Record<string, unknown> & { payload?: Record<string, unknown> };
    const chat = chatId(Math.floor(rand() * CHATS));
    body.webhook_id = `wh-${i.toString(36)}`;
    const words: string[] = [];
    for (let w = 0; w < 30; w++) words.push(WORDS[Math.floor(rand() * WORDS.length)]!);
    if (i % RARE_EVERY === 7) words.push('zanzibar');
    const text = words.join(' ');
    if (body.payload && typeof body.payload === 'object') {
      if ('chat_id' in body.payload) body.payload.chat_id = chat;
      if (ex === event) body.payload.event = { ...(body.payload.event as object), id: `${chat}_${i}`, text };
      else body.payload.note = text;
    }
    let json = JSON.stringify(body);
    if (json.length < BODY_BYTES) json = JSON.stringify({ ...body, additional_data: { padding: 'x'.repeat(BODY_BYTES - json.length - 32) } });
    bodies.push(json);
  }
  return { bodies, rareWord: 'zanzibar', someChat: chatId(123) };
}

/** Writes `bodies` as webhook records into 16 MiB journal segments, exactly as the receiver would have. */
export async function writeJournal(dir: string, bodies: string[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  const start = Date.now() - bodies.length * 1000; // one a second, ending now
  let segment = 1;
  let batch: { encoded: EncodedEntry }[] = [];
  let bytes = 0;
  const framer = new BatchFramer();
  const flush = async () => {
    if (batch.length === 0) return;
    const { buf } = framer.frame(batch, segment, 0); // written before the next frame() reuses the buffer
    await writeFile(segmentPath(dir, segment), buf);
    segment++;
    batch = [];
    bytes = 0;
  };
  for (let i = 0; i < bodies.length; i++) {
    const body = Buffer.from(bodies[i]!);
    const at = start + i * 1000;
    const req = {
      source: 'tunnel' as const,
      method: 'POST',
      path: '/livechat/webhook',
      query: '',
      headers: { 'content-type': 'application/json', 'user-agent': 'LiveChat-Webhooks/1.0' },
      remoteAddress: '127.0.0.1',
      body,
      bodySize: body.length,
      bodyTruncated: false,
      startedAtMs: at,
      bodyMs: 0,
    };
    // As the receiver journals it: the request only (read-back derives what the body says).
    const record = buildRecord(req, { id: newId(at), seq: i + 1 }, { status: 200, delayMs: 0 });
    const encoded = encodeEntry(record, { key: 'bodyBase64', base64: body.toString('base64') });
    batch.push({ encoded });
    bytes += framedLength(encoded);
    if (bytes >= 16 * 1024 * 1024) await flush();
  }
  await flush();
}

/** Two ~1 MiB JSON values that differ in about 1% of their leaves, plus a few removed, added and moved items. */
function megabytePair(): { a: unknown; b: unknown; bytes: number } {
  const rand = rng(7);
  const item = (i: number) => ({
    id: `E${i}`,
    type: 'message',
    author_id: `agent${i % 17}@example.com`,
    created_at: new Date(1_700_000_000_000 + i * 1000).toISOString(),
    text: WORDS.slice(0, 12).map((w) => w + (i % 7)).join(' '),
    properties: { routing: { score: i % 100, tags: ['a', 'b', String(i % 5)] } },
  });
  const events = Array.from({ length: 4200 }, (_, i) => item(i));
  const a = { action: 'bulk', payload: { events } };
  const changed = events.map((e) => (rand() < 0.01 ? { ...e, text: e.text + ' (edited)' } : e));
  changed.splice(100, 3);
  changed.splice(2000, 0, item(99_999));
  const [moved] = changed.splice(500, 1);
  changed.splice(3000, 0, moved!);
  const b = { action: 'bulk', payload: { events: changed } };
  return { a, b, bytes: JSON.stringify(a).length };
}

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)]!;
}

type Reply = { id: number; ms: number; ok: boolean; total?: number; error?: string; memory?: Memory };
type Memory = { rssMb: number; heapMb: number; externalMb: number };

function startEngineChild(dataDir: string): Promise<{ child: ChildProcess; openMs: number; memory: Memory; call(msg: object): Promise<Reply> }> {
  const child = fork(resolve(import.meta.dirname, 'servers/inspector-engine.ts'), [], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: { ...process.env, LIVEHOOK_BENCH_DATA_DIR: dataDir },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  track(child);
  let next = 1;
  const waiting = new Map<number, (r: Reply) => void>();
  return new Promise((resolveReady, reject) => {
    child.once('exit', (code) => reject(new Error(`inspector engine exited early (code ${code})`)));
    child.on('message', (raw) => {
      const m = raw as Reply & { ready?: boolean; openMs?: number };
      if (m.ready) {
        resolveReady({
          child,
          openMs: m.openMs!,
          memory: m.memory!,
          call: (msg) =>
            new Promise<Reply>((r) => {
              const id = next++;
              waiting.set(id, r);
              child.send({ id, ...msg });
            }),
        });
        return;
      }
      waiting.get(m.id)?.(m);
      waiting.delete(m.id);
    });
  });
}

export const inspectorSection: Section = {
  name: 'inspector',
  headlines: [
    { key: 'inspector.query', label: `query time at ${COUNT.toLocaleString('en-US')} webhooks (slowest query, median)`, target: `< ${QUERY_TARGET_MS} ms` },
    { key: 'inspector.diff', label: '1 MiB vs 1 MiB JSON diff (median)', target: `< ${DIFF_TARGET_MS} ms` },
    { key: 'inspector.memory', label: `engine memory at ${COUNT.toLocaleString('en-US')} webhooks (RSS after GC)`, target: `< ${MEMORY_TARGET_MB} MB` },
  ],
  async run(report: Report, _config: BenchConfig) {
    const tmp = await makeTempDir('livehook-bench-inspector-');
    try {
      progress(`generating ${COUNT} webhooks of ~${BODY_BYTES} B…`);
      const gen = generateBodies(COUNT);
      await writeJournal(join(tmp.path, 'journal'), gen.bodies);
      progress('opening the engine in a child process…');
      const engine = await startEngineChild(tmp.path);
      report.note(`inspector: engine opened ${COUNT} webhooks in ${formatMs(engine.openMs)} (read back + indexed)`);

      const queries: { label: string; params: Record<string, unknown>; baseline?: (s: string) => boolean }[] = [
        { label: 'action:chat_deactivated', params: { query: 'action:chat_deactivated' }, baseline: (s) => s.includes('"action":"chat_deactivated"') },
        { label: `chat:${gen.someChat}`, params: { query: `chat:${gen.someChat}` }, baseline: (s) => s.includes(`"chat_id":"${gen.someChat}"`) },
        { label: `full text, rare word (${gen.rareWord})`, params: { query: gen.rareWord }, baseline: (s) => s.toLowerCase().includes(gen.rareWord) },
        { label: 'full text, common word (refund)', params: { query: 'refund' }, baseline: (s) => s.toLowerCase().includes('refund') },
        { label: 'phrase ("winter green")', params: { query: '"winter green"' }, baseline: (s) => s.toLowerCase().includes('winter green') },
        {
          label: 'negation (action:incoming_event -refund)',
          params: { query: 'action:incoming_event -refund' },
          baseline: (s) => s.includes('"action":"incoming_event"') && !s.toLowerCase().includes('refund'),
        },
        { label: 'facets (order, facets)', params: { query: 'order', facets: true }, baseline: (s) => s.toLowerCase().includes('order') },
        { label: 'no match (qqxqzvj)', params: { query: 'qqxqzvj' }, baseline: (s) => s.toLowerCase().includes('qqxqzvj') },
        { label: 'groupRetries, no query', params: { groupRetries: true } },
        { label: 'histogram (60 buckets)', params: { buckets: 60 } },
      ];
      let worst = 0;
      let worstLabel = '';
      /** Linear-scan medians of the queries that have one: the baseline of the headline. */
      const scans: number[] = [];
      for (const q of queries) {
        const method = q.label.startsWith('histogram') ? 'events.histogram' : 'events.list';
        const times: number[] = [];
        let total: number | undefined;
        for (let r = 0; r < RUNS; r++) {
          const reply = await engine.call({ method, params: q.params });
          if (!reply.ok) throw new Error(`${q.label}: ${reply.error}`);
          times.push(reply.ms);
          total = reply.total;
        }
        const engineMs = median(times);
        if (engineMs >= worst) [worst, worstLabel] = [engineMs, q.label];
        let line = `inspector: ${q.label} → ${total ?? '-'} matches, engine median ${formatMs(engineMs)} (max ${formatMs(Math.max(...times))})`;
        if (q.baseline) {
          const base: number[] = [];
          let count = 0;
          for (let r = 0; r < 3; r++) {
            const t = performance.now();
            count = 0;
            for (const s of gen.bodies) if (q.baseline(s)) count++;
            base.push(performance.now() - t);
          }
          const baseMs = median(base);
          scans.push(baseMs);
          line += `; linear scan ${formatMs(baseMs)} (${count} matches); scan time ÷ engine time = ${formatRatio(baseMs / engineMs)}`;
        }
        report.note(line);
      }
      report.headline('inspector.query', {
        measured: formatMs(worst),
        baseline: `${worstLabel}; linear scan of the bodies ${formatMs(Math.min(...scans))}–${formatMs(Math.max(...scans))}`,
        pass: worst < QUERY_TARGET_MS,
      });
      report.target({ label: `inspector: slowest query over ${COUNT} webhooks (median of ${RUNS})`, figure: `${formatMs(worst)} (target < ${QUERY_TARGET_MS} ms)`, pass: worst < QUERY_TARGET_MS });

      const mem = (await engine.call({ memory: true })).memory!;
      report.headline('inspector.memory', {
        measured: `${mem.rssMb} MB`,
        baseline: `JS heap ${mem.heapMb} MB, buffers ${mem.externalMb} MB (RSS includes ~60 MB of tsx)`,
        pass: mem.rssMb < MEMORY_TARGET_MB,
      });
      report.target({
        label: `inspector: engine memory with ${COUNT} webhooks in history (after GC)`,
        figure: `RSS ${mem.rssMb} MB, JS heap ${mem.heapMb} MB, buffers ${mem.externalMb} MB (target RSS < ${MEMORY_TARGET_MB} MB; the process runs under tsx, which adds ~60 MB)`,
        pass: mem.rssMb < MEMORY_TARGET_MB,
      });
      engine.child.send({ stop: true });

      const pair = megabytePair();
      const diffTimes: number[] = [];
      let changes = 0;
      for (let r = 0; r < RUNS; r++) {
        const t = performance.now();
        changes = diffJson(pair.a, pair.b).changes.length;
        diffTimes.push(performance.now() - t);
      }
      const diffMs = median(diffTimes);
      report.headline('inspector.diff', { measured: formatMs(diffMs), baseline: `${changes} changes`, pass: diffMs < DIFF_TARGET_MS });
      report.target({
        label: `inspector: diffJson of two ${(pair.bytes / 1024 / 1024).toFixed(2)} MiB bodies (${changes} changes, median of ${RUNS})`,
        figure: `${formatMs(diffMs)} (target < ${DIFF_TARGET_MS} ms)`,
        pass: diffMs < DIFF_TARGET_MS,
      });
    } finally {
      await tmp.remove();
    }
  },
};
