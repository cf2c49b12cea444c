import type { BenchConfig } from './config';

/**
 * The one table `npm run bench` prints, and the lines under it. Sections (one file each) report into a `Report`;
 * run.ts prints whatever was collected, even when a section stopped half-way.
 */

export interface Row {
  /** Which section measured it (e.g. "receiver"). */
  section: string;
  /** What was measured (e.g. "(b) fastify 5, JSON parsed"). */
  subject: string;
  /** Concurrent connections of the load generator. */
  conns: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses with a status ≥ 400 (wrk: "Non-2xx or 3xx responses"). */
  non2xx: number;
  /** connect/read/write errors and timeouts of the load generator. */
  socketErrors: number;
  /** CPU used by processes other than the bench during the run, % of one core (undefined: not measurable). */
  otherCpuPct?: number;
  /** Latency resolution: wrk gives µs; autocannon whole milliseconds. */
  latencyResolution: 'us' | 'ms';
}

export interface TargetLine {
  label: string;
  /** The measured figure beside its target, e.g. `0.97× (target ≥ 0.90×)`. */
  figure: string;
  /** undefined = information only. */
  pass: boolean | undefined;
}

export interface Report {
  row(row: Row): void;
  target(line: TargetLine): void;
  note(text: string): void;
  /** A correctness problem (non-2xx, socket errors, lost acks, crashed server): makes the bench exit 1. */
  problem(text: string): void;
}

export interface Collected {
  rows: Row[];
  targets: TargetLine[];
  notes: string[];
  problems: string[];
}

export function createReport(): Report & { collected: Collected } {
  const collected: Collected = { rows: [], targets: [], notes: [], problems: [] };
  return {
    collected,
    row: (r) => void collected.rows.push(r),
    target: (t) => void collected.targets.push(t),
    note: (n) => void collected.notes.push(n),
    problem: (p) => void collected.problems.push(p),
  };
}

/** A benchmark section: measures something and reports rows, targets, notes and problems. Throwing = crashed. */
export interface Section {
  name: string;
  run(report: Report, config: BenchConfig): Promise<void>;
}

/** Above this, other work competed for the 2 cores during a run: the row is flagged as noisy. */
export const NOISY_OTHER_CPU_PCT = 15;

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(n: number): string {
  return int.format(n);
}

/** 0.080 → "80 µs", 2.514 → "2.51 ms", 1234 → "1.23 s". */
export function formatMs(ms: number, resolution: 'us' | 'ms' = 'us'): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (resolution === 'ms') return `${int.format(ms)} ms*`;
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 1000) return `${ms.toFixed(2)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

export function formatRatio(r: number): string {
  return Number.isFinite(r) ? `${r.toFixed(2)}×` : 'n/a';
}

export function formatTable(rows: Row[]): string {
  const header = ['section', 'server', 'conns', 'req/s', 'p50', 'p99', 'non-2xx', 'sock err', 'other CPU'];
  const right = [false, false, true, true, true, true, true, true, true];
  const body = rows.map((r) => [
    r.section,
    r.subject,
    String(r.conns),
    formatCount(r.reqPerSec),
    formatMs(r.p50Ms, r.latencyResolution),
    formatMs(r.p99Ms, r.latencyResolution),
    formatCount(r.non2xx),
    formatCount(r.socketErrors),
    r.otherCpuPct === undefined ? 'n/a' : `${Math.round(r.otherCpuPct)}%${r.otherCpuPct > NOISY_OTHER_CPU_PCT ? ' !' : ''}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i].length)));
  const line = (cells: string[]) =>
    '| ' + cells.map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ') + ' |';
  const sep = '|' + widths.map((w, i) => (right[i] ? '-'.repeat(w + 1) + ':' : '-'.repeat(w + 2))).join('|') + '|';
  const out = [line(header), sep, ...body.map(line)];
  if (rows.some((r) => r.latencyResolution === 'ms')) out.push('* autocannon: latency in whole milliseconds only');
  out.push(
    `other CPU: CPU used by processes outside the bench during the run, % of one core (kernel threads included: ` +
      `fsync wakes the ext4 journal thread)` +
      (rows.some((r) => (r.otherCpuPct ?? 0) > NOISY_OTHER_CPU_PCT)
        ? `; ! = over ${NOISY_OTHER_CPU_PCT}%: the machine was busy with other work, that row is noisy`
        : ''),
  );
  return out.join('\n');
}

export function formatTargets(targets: TargetLine[]): string {
  return targets
    .map((t) => `${t.pass === undefined ? 'INFO' : t.pass ? 'PASS' : 'FAIL'}  ${t.label}: ${t.figure}`)
    .join('\n');
}
