import { readFileSync } from 'node:fs';

/**
 * How much CPU did processes OTHER than the bench use during a run? On a 2-core machine shared with other work
 * (test suites, dev servers) that is what makes a row untrustworthy, so each row reports it. Linux /proc only;
 * elsewhere the figure is simply missing. Kernel threads (e.g. the ext4 journal thread that fsyncs wake) count as
 * "other", so a durable server shows a few percent even on an idle machine.
 */

const TICKS_PER_SECOND = 100; // USER_HZ: /proc/stat and /proc/<pid>/stat both count in these

export interface CpuSnapshot {
  atMs: number;
  /** All CPUs, busy ticks (user, nice, system, irq, softirq, steal). */
  busy: number;
  /** Ticks of this process, its reaped children (wrk) and the given live children (servers). */
  own: number;
}

function machineBusyTicks(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal ...
  return f[0]! + f[1]! + f[2]! + f[5]! + f[6]! + (f[7] ?? 0);
}

function processTicks(pid: number | 'self', withReapedChildren: boolean): number {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // after "pid (comm) ": state=0 … utime=11 stime=12 cutime=13 cstime=14
  const ticks = Number(f[11]) + Number(f[12]);
  return withReapedChildren ? ticks + Number(f[13]) + Number(f[14]) : ticks;
}

export function cpuSnapshot(livePids: number[]): CpuSnapshot | undefined {
  try {
    let own = processTicks('self', true);
    for (const pid of livePids) own += processTicks(pid, false);
    return { atMs: Date.now(), busy: machineBusyTicks(), own };
  } catch {
    return undefined; // not Linux, or a process already gone
  }
}

/** Other processes' CPU between two snapshots, in % of one core (may be slightly negative from rounding). */
export function otherCpuPercent(a: CpuSnapshot | undefined, b: CpuSnapshot | undefined): number | undefined {
  if (!a || !b || b.atMs <= a.atMs) return undefined;
  const seconds = (b.atMs - a.atMs) / 1000;
  const other = b.busy - a.busy - (b.own - a.own);
  return Math.max(0, (100 * other) / TICKS_PER_SECOND / seconds);
}

/**
 * Waits (in 1 s samples, at most `maxWaitMs`) until other processes use less than `thresholdPct` of a core, so
 * runs start on a quiet machine when one can be had. Returns the ms waited; never throws.
 */
export async function waitForQuiet(livePids: number[], maxWaitMs: number, thresholdPct: number): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < maxWaitMs) {
    const a = cpuSnapshot(livePids);
    await new Promise((r) => setTimeout(r, 1000));
    const pct = otherCpuPercent(a, cpuSnapshot(livePids));
    if (pct === undefined || pct < thresholdPct) break;
  }
  return Date.now() - start;
}
