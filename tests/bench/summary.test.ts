import { describe, expect, it } from 'vitest';
import { optionsLine, selectSections } from './options';
import { createReport, formatRatio, formatSummary, type Section } from './table';

const section = (name: string, headlines: Section['headlines'] = []): Section => ({ name, headlines, run: async () => {} });
const ALL = ['receiver', 'scroll', 'replay', 'inspector', 'crash', 'soak'].map((n) => section(n));
const names = (argv: string[], env: NodeJS.ProcessEnv = {}) => selectSections(ALL, argv, env).sections.map((s) => s.name);

describe('bench section selection', () => {
  it('runs all but the soak by default, the soak only when asked', () => {
    expect(names([])).toEqual(['receiver', 'scroll', 'replay', 'inspector', 'crash']);
    expect(names(['--soak'])).toEqual(['receiver', 'scroll', 'replay', 'inspector', 'crash', 'soak']);
    expect(names(['--soak-only'])).toEqual(['soak']);
    expect(names([], { BENCH_SOAK: 'only' })).toEqual(['soak']);
  });

  it('keeps the --only sections, in run order, with figure names as aliases', () => {
    expect(names(['--only', 'receiver,query'])).toEqual(['receiver', 'inspector']);
    expect(names(['--only=crash,renderer'])).toEqual(['scroll', 'crash']);
    expect(names([], { BENCH_ONLY: 'diff, memory' })).toEqual(['inspector']);
  });

  it('refuses unknown sections and options with the valid names', () => {
    expect(() => names(['--only', 'recever'])).toThrow(/unknown bench section "recever" \(sections: receiver, scroll/);
    expect(() => names(['--only'])).toThrow(/--only needs a comma-separated list/);
    expect(() => names(['--fast'])).toThrow(/unknown option "--fast"/);
  });

  it('prints every option with its value on the options line', () => {
    const line = optionsLine(selectSections(ALL, ['--only', 'crash'], {}), { durationS: 3, warmupS: 2, quietWaitS: 0 }, { BENCH_CRASH_ROUNDS: '5' });
    expect(line).toMatch(/^bench options: sections crash \[--only crash;/);
    expect(line).toContain('BENCH_DURATION=3 s');
    expect(line).toContain('BENCH_CRASH_ROUNDS=5');
    expect(line).toContain('BENCH_REPLAY_N=10000');
  });
});

describe('bench summary table', () => {
  const receiver = section('receiver', [
    { key: 'r.fast', label: 'fast enough', target: '≥ 1' },
    { key: 'r.slow', label: 'slow one', target: '< 2 ms' },
    { key: 'r.info', label: 'for information', target: '' },
    { key: 'r.lost', label: 'never measured', target: '= 0' },
  ]);

  it('puts each figure beside its target with PASS, MISS or info, and MISS for a figure never reported', () => {
    const report = createReport();
    report.headline('r.fast', { measured: '5 req/s', baseline: 'fastify 4', pass: true });
    report.headline('r.slow', { measured: '7.66 ms', pass: false });
    report.headline('r.info', { measured: '42' });
    const lines = formatSummary([receiver, section('crash')], report.collected.headlines).split('\n');
    expect(lines[0]).toBe("SUMMARY — 1 PASS, 2 MISS (of 3 targets; 'info' rows have no target)");
    const row = (label: string) => lines.find((l) => l.includes(label))!.split('|').map((c) => c.trim()).slice(1, -1);
    expect(row('fast enough')).toEqual(['receiver', 'fast enough', '5 req/s', '≥ 1', 'fastify 4', 'PASS']);
    expect(row('slow one')).toEqual(['receiver', 'slow one', '7.66 ms', '< 2 ms', '', 'MISS']);
    expect(row('for information')).toEqual(['receiver', 'for information', '42', '—', '', 'info']);
    expect(row('never measured')).toEqual(['receiver', 'never measured', 'not measured (see ERRORS)', '= 0', '', 'MISS']);
    // Title, header, separator, the four receiver rows; a section without headlines adds none.
    expect(lines).toHaveLength(3 + 4);
  });
});

describe('bench ratios', () => {
  it('shows a third decimal only where two would print a ratio as its target', () => {
    expect(formatRatio(0.8968, 0.9)).toBe('0.897×');
    expect(formatRatio(0.9049, 0.9)).toBe('0.905×');
    expect(formatRatio(0.9, 0.9)).toBe('0.90×');
    expect(formatRatio(0.8949, 0.9)).toBe('0.89×');
    expect(formatRatio(0.8968)).toBe('0.90×');
    expect(formatRatio(NaN, 0.9)).toBe('n/a');
  });
});
