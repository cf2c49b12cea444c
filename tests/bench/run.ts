// `npm run bench`: runs every section and prints ONE table, then targets (PASS/FAIL/INFO) and notes.
// Exit 0 even when a target fails (benchmarks report, they don't gate); exit 1 when a server crashed or a run had
// errors (non-2xx, socket errors, acks missing from history).
// The first line printed lists the options and their values; the last block is the SUMMARY table: every headline
// figure of the sections that ran, beside its target, with PASS / MISS (or info when there is no target).
//
// Options (arguments after `npm run bench --`, and environment variables):
//   --only a,b          run only these sections (also BENCH_ONLY=a,b): receiver, inspector (aliases query, diff,
//                       memory), scroll (alias renderer), replay, crash, soak. Default: all but soak.
//   --soak              add the soak after the others (also BENCH_SOAK=1); --soak-only: only it (BENCH_SOAK=only)
//   BENCH_DURATION      measured seconds per receiver row (default 10); also stretches the crash kill points
//   BENCH_QUIET_WAIT    seconds to wait for a quiet machine before a measured run (default 30, 0 = don't)
//   BENCH_RECEIVER_ROUNDS  rounds of every receiver server (default 5); each figure is the median of its rounds, each ratio the median of the per-round ratios
//   BENCH_RECEIVER_DIAG=1  three diagnosis servers in the receiver section
//   BENCH_RECEIVER_SETTLE  seconds between priming a round's servers and measuring them (default 10, 0 = none)
//   BENCH_INSPECTOR_COUNT  webhooks in history for query/memory (default 100000)
//   BENCH_SCROLL_COUNT, BENCH_SCROLL_FRAMES, BENCH_SCROLL_PX  scroll history size (100000), frames (900), px/frame (120)
//   BENCH_REPLAY_N      webhooks per replay run (default 10000)
//   BENCH_CRASH_ROUNDS, BENCH_CRASH_RATE  SIGKILL rounds (default 3) and load in webhooks/s (default 500)
//   BENCH_SOAK_MINUTES, BENCH_SOAK_RATE, BENCH_SOAK_SAMPLE_S  soak length (30), rate (50/s), sample period (30 s)
// e.g. BENCH_DURATION=1 BENCH_QUIET_WAIT=0 npm run bench -- --only receiver,query
import { availableParallelism, loadavg } from 'node:os';
import { readConfig, type BenchConfig } from './config';
import { loadTool } from './load';
import { cleanupSync, killAll } from './processes';
import { crashSection } from './crash-bench';
import { inspectorSection } from './inspector-bench';
import { optionsLine, selectSections, type Selection } from './options';
import { receiverSection } from './receiver-bench';
import { replaySection } from './replay-bench';
import { scrollSection } from './scroll-bench';
import { soakSection } from './soak';
import { createReport, formatSummary, formatTable, formatTargets, type Section } from './table';

/** Later issues add their section here (one file each); the soak runs only when asked (see options above). */
const allSections: Section[] = [receiverSection, scrollSection, replaySection, inspectorSection, crashSection, soakSection];

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
  let selection: Selection;
  try {
    config = readConfig();
    selection = selectSections(allSections, process.argv.slice(2), process.env);
    process.stdout.write(optionsLine(selection, config, process.env) + '\n');
    tool = loadTool();
  } catch (err) {
    process.stderr.write(`bench: ${(err as Error).message}\n`);
    return 1;
  }
  const loadBefore = loadavg()[0]!;
  const report = createReport();
  const { sections } = selection;
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
    ...(rows.length ? [formatTable(rows), ''] : []),
    formatTargets(targets),
  ];
  if (notes.length) out.push('', ...notes.map((n) => `note: ${n}`));
  if (problems.length) out.push('', `ERRORS (${problems.length}) — exit 1:`, ...problems.map((p) => `  - ${p}`));
  out.push('', formatSummary(sections, report.collected.headlines));
  process.stdout.write(out.join('\n') + '\n');
  return problems.length ? 1 : 0;
}

process.exitCode = await main();
cleanupSync();
