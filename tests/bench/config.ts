/** Settings shared by every section, from the environment. */
export interface BenchConfig {
  /** Measured seconds per run (env BENCH_DURATION, default 10). */
  durationS: number;
  /** Warm-up seconds before each measured run (not counted). */
  warmupS: number;
  /** Before each warm-up, wait up to this long for other processes to leave the CPUs alone (env BENCH_QUIET_WAIT, default 30, 0 = don't). */
  quietWaitS: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const raw = env.BENCH_DURATION;
  let durationS = 10;
  if (raw !== undefined && raw !== '') {
    durationS = Number(raw);
    if (!Number.isFinite(durationS) || durationS < 1 || durationS > 600) {
      throw new Error(`BENCH_DURATION must be a number of seconds between 1 and 600, not "${raw}"`);
    }
    durationS = Math.round(durationS);
  }
  const quietRaw = env.BENCH_QUIET_WAIT;
  const quietWaitS = quietRaw === undefined || quietRaw === '' ? 30 : Number(quietRaw);
  if (!Number.isFinite(quietWaitS) || quietWaitS < 0 || quietWaitS > 600) {
    throw new Error(`BENCH_QUIET_WAIT must be a number of seconds between 0 and 600, not "${quietRaw}"`);
  }
  return { durationS, warmupS: 2, quietWaitS };
}
