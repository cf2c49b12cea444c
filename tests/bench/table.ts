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
  /** The figure for one of the section's `headlines` (by key), for the summary table at the end. */
  headline(key: string, figure: HeadlineFigure): void;
}

/** A figure the final summary shows, declared by its section so that a section that fails still gets its rows. */
export interface HeadlineSpec {
  /** Unique across sections, e.g. "receiver.rps50". */
  key: string;
  /** What is measured, e.g. "receiver throughput, 50 conns". */
  label: string;
  /** The target as people read it, e.g. "≥ 0.90× plain fastify"; '' = information only (no PASS/MISS). */
  target: string;
}

/** What a section measured for a headline. */
export interface HeadlineFigure {
  /** e.g. "12,345 req/s". */
  measured: string;
  /** What it is measured against, e.g. "plain fastify 13,000 req/s (0.95×)". */
  baseline?: string;
  /** Omitted for information-only headlines. */
  pass?: boolean;
}

export interface Collected {
  rows: Row[];
  targets: TargetLine[];
  notes: string[];
  problems: string[];
  headlines: Map<string, HeadlineFigure>;
}

export function createReport(): Report & { collected: Collected } {
  const collected: Collected = { rows: [], targets: [], notes: [], problems: [], headlines: new Map() };
  return {
    collected,
    row: (r) => void collected.rows.push(r),
    target: (t) => void collected.targets.push(t),
    note: (n) => void collected.notes.push(n),
    problem: (p) => void collected.problems.push(p),
    headline: (key, figure) => void collected.headlines.set(key, figure),
  };
}

/** A benchmark section: measures something and reports rows, targets, notes and problems. Throwing = crashed. */
export interface Section {
  name: string;
  /** The figures it puts in the summary table (in this order), each reported with `report.headline(key, …)`. */
  headlines: readonly HeadlineSpec[];
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

/** `r` to two decimals; to three when two would print it as `target` itself (0.8968 next to a 0.90 target: 0.897×). */
export function formatRatio(r: number, target?: number): string {
  if (!Number.isFinite(r)) return 'n/a';
  const digits = target !== undefined && r !== target && r.toFixed(2) === target.toFixed(2) ? 3 : 2;
  return `${r.toFixed(digits)}×`;
}

/** A markdown-style table, columns padded; `right[i]` right-aligns column i. */
function grid(header: string[], right: boolean[], body: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)));
  const line = (cells: string[]) =>
    '| ' + cells.map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ') + ' |';
  const sep = '|' + widths.map((w, i) => (right[i] ? '-'.repeat(w + 1) + ':' : '-'.repeat(w + 2))).join('|') + '|';
  return [line(header), sep, ...body.map(line)];
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
  const out = grid(header, right, body);
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

/** PASS / MISS against the target; `info` when there is no target; a targeted figure that was never measured is a MISS. */
function verdict(spec: HeadlineSpec, figure: HeadlineFigure | undefined): string {
  if (!spec.target) return 'info';
  if (!figure || figure.pass === undefined) return 'MISS';
  return figure.pass ? 'PASS' : 'MISS';
}

/**
 * The summary `npm run bench` ends with: one row per headline of every section that ran, its figure beside its target.
 * A headline its section never reported (the section failed) reads "not measured" and, if it has a target, MISS.
 */
export function formatSummary(sections: readonly Section[], headlines: ReadonlyMap<string, HeadlineFigure>): string {
  const body = sections.flatMap((section) =>
    section.headlines.map((spec) => {
      const figure = headlines.get(spec.key);
      return [
        section.name,
        spec.label,
        figure?.measured ?? 'not measured (see ERRORS)',
        spec.target || '—',
        figure?.baseline ?? '',
        verdict(spec, figure),
      ];
    }),
  );
  const counts = { PASS: 0, MISS: 0 };
  for (const cells of body) if (cells[5] === 'PASS' || cells[5] === 'MISS') counts[cells[5]]++;
  return [
    `SUMMARY — ${counts.PASS} PASS, ${counts.MISS} MISS (of ${counts.PASS + counts.MISS} targets; 'info' rows have no target)`,
    ...grid(['section', 'figure', 'measured', 'target', 'compared with', 'result'], [false, false, true, false, false, false], body),
  ].join('\n');
}
