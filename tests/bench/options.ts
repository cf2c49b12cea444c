import type { BenchConfig } from './config';
import type { Section } from './table';

/**
 * Which sections `npm run bench` runs, from its arguments and environment (the option list is documented at the top of
 * run.ts). Names a person would use for a figure map to the section that measures it: `query`, `diff` and `memory`
 * are the inspector section, `renderer` is the scroll section.
 */

const ALIASES: Record<string, string> = { query: 'inspector', diff: 'inspector', memory: 'inspector', renderer: 'scroll' };

export interface Selection {
  sections: Section[];
  /** How the choice was made, for the options line: e.g. "all but soak (default)" or "--only receiver,query". */
  how: string;
}

/**
 * `all` are the sections in run order, the soak last: it runs only when named (`--only soak`, `--soak`,
 * `--soak-only`, BENCH_SOAK=1 / only). `--only a,b` (or `--only=a,b`, or BENCH_ONLY=a,b) keeps the named ones.
 * An unknown name throws, listing the valid ones.
 */
export function selectSections(all: readonly Section[], argv: readonly string[], env: NodeJS.ProcessEnv): Selection {
  const soak = all.find((s) => s.name === 'soak');
  const standard = all.filter((s) => s !== soak);
  let only: string | undefined = env.BENCH_ONLY || undefined;
  let how = only === undefined ? '' : `BENCH_ONLY=${only}`;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--only' || arg.startsWith('--only=')) {
      only = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      if (!only) throw new Error('--only needs a comma-separated list of sections, e.g. --only receiver,query');
      how = `--only ${only}`;
    } else if (arg.startsWith('--') && !['--soak', '--soak-only'].includes(arg)) {
      throw new Error(`unknown option "${arg}" (options: --only <sections>, --soak, --soak-only)`);
    }
  }
  if (argv.includes('--soak-only') || env.BENCH_SOAK === 'only') {
    only = 'soak';
    how = argv.includes('--soak-only') ? '--soak-only' : 'BENCH_SOAK=only';
  }
  if (only !== undefined) {
    const valid = [...all.map((s) => s.name), ...Object.keys(ALIASES)];
    const wanted = new Set<string>();
    for (const raw of only.split(',').map((n) => n.trim().toLowerCase()).filter(Boolean)) {
      if (!valid.includes(raw)) throw new Error(`unknown bench section "${raw}" (sections: ${valid.join(', ')})`);
      wanted.add(ALIASES[raw] ?? raw);
    }
    return { sections: all.filter((s) => wanted.has(s.name)), how };
  }
  if (soak && (argv.includes('--soak') || env.BENCH_SOAK === '1')) {
    return { sections: [...standard, soak], how: argv.includes('--soak') ? 'all + --soak' : 'all + BENCH_SOAK=1' };
  }
  return { sections: standard, how: 'all but soak (default)' };
}

/** The first line the bench prints: every option and the value it has in this run. */
export function optionsLine(selection: Selection, config: BenchConfig, env: NodeJS.ProcessEnv): string {
  const value = (name: string, def: string): string => `${name}=${env[name] || def}`;
  return (
    `bench options: sections ${selection.sections.map((s) => s.name).join(',') || '(none)'} [${selection.how}; ` +
    `--only receiver,inspector|query|diff|memory,scroll|renderer,replay,crash,soak; --soak; --soak-only]; ` +
    `BENCH_DURATION=${config.durationS} s, BENCH_QUIET_WAIT=${config.quietWaitS} s, ` +
    [
      value('BENCH_RECEIVER_ROUNDS', '5'),
      value('BENCH_RECEIVER_DIAG', '0'),
      value('BENCH_RECEIVER_SETTLE', '10'),
      value('BENCH_INSPECTOR_COUNT', '100000'),
      value('BENCH_SCROLL_COUNT', '100000'),
      value('BENCH_SCROLL_FRAMES', '900'),
      value('BENCH_REPLAY_N', '10000'),
      value('BENCH_CRASH_ROUNDS', '3'),
      value('BENCH_CRASH_RATE', '500'),
      value('BENCH_SOAK_MINUTES', '30'),
    ].join(', ')
  );
}
