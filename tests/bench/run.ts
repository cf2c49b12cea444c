// `npm run bench`: runs every section and prints ONE table, then targets (PASS/FAIL/INFO) and notes.
// Exit 0 even when a target fails (benchmarks report, they don't gate); exit 1 when a server crashed or a run had
// errors (non-2xx, socket errors, acks missing from history).
import { availableParallelism, loadavg } from 'node:os';
import { readConfig, type BenchConfig } from './config';
import { loadTool } from './load';
import { cleanupSync, killAll } from './processes';
import { inspectorSection } from './inspector-bench';
import { receiverSection } from './receiver-bench';
import { replaySection } from './replay-bench';
import { scrollSection } from './scroll-bench';
import { soakSection } from './soak';
import { createReport, formatTable, formatTargets, type Section } from './table';

/** Later issues add their section here (one file each). */
const sections: Section[] = [receiverSection, scrollSection, replaySection, inspectorSection];
// The soak (30 min by default) runs only when asked: `npm run bench -- --soak` (after the others) or `-- --soak-only`,
// or BENCH_SOAK=1 / BENCH_SOAK=only.
const soakOnly = process.argv.includes('--soak-only') || process.env.BENCH_SOAK === 'only';
if (soakOnly) sections.splice(0, sections.length, soakSection);
else if (process.argv.includes('--soak') || process.env.BENCH_SOAK === '1') sections.push(soakSection);

process.on('exit', cleanupSync);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    cleanupSync();
    process.stderr.write(`bench interrupted (${signal}); child processes killed\n`);
    process.exit(130);
  });
}

async function main(): Promise<number> {
  let config: BenchConfig;
  let tool: string;
  try {
    config = readConfig();
    tool = loadTool();
  } catch (err) {
    process.stderr.write(`bench: ${(err as Error).message}\n`);
    return 1;
  }
  const loadBefore = loadavg()[0]!;
  const report = createReport();
  for (const section of sections) {
    try {
      await section.run(report, config);
    } catch (err) {
      report.problem(`section "${section.name}" failed: ${(err as Error).stack ?? String(err)}`);
    } finally {
      killAll();
    }
  }
  const { rows, targets, notes, problems } = report.collected;
  const out: string[] = [
    `LiveHook bench — node ${process.version}, ${availableParallelism()} CPUs shared by servers and load generator (${tool}), ` +
      `${config.durationS} s per row after ${config.warmupS} s warm-up; 1-min load average before start ${loadBefore.toFixed(2)}`,
    '',
    formatTable(rows),
    '',
    formatTargets(targets),
  ];
  if (notes.length) out.push('', ...notes.map((n) => `note: ${n}`));
  if (problems.length) out.push('', `ERRORS (${problems.length}) — exit 1:`, ...problems.map((p) => `  - ${p}`));
  process.stdout.write(out.join('\n') + '\n');
  return problems.length ? 1 : 0;
}

process.exitCode = await main();
cleanupSync();
