// The crash-durability round, shared by tests/integration/crash-durability.test.ts (which asserts) and the bench's
// crash section (which reports): `livehook serve` under load from tests/support/crash-load.ts, a SIGKILL, then what
// is on disk compared with what the load process was acknowledged.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { BIN, REPO, startServe } from './serve-process';

/** The counters crash-load.ts prints when it stops. */
export interface LoadStats {
  sent: number;
  acked: number;
  non200: number;
  errors: number;
  skipped: number;
}

/** Acknowledged webhooks: id → sha256 of the body that was sent. */
export type Acks = Map<string, string>;

export const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Starts crash-load.ts in its own process, sending `rate` webhooks/s to `receiverUrl` and writing acks to `ackFile`. */
export function startCrashLoad(
  receiverUrl: string,
  ackFile: string,
  rate: number,
): { child: ChildProcess; ready: Promise<void>; stop(): Promise<LoadStats> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'tests/support/crash-load.ts'), receiverUrl, ackFile, String(rate)], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const ready = lines.next().then((first) => {
    if (first.done || !first.value.includes('loading')) throw new Error(`load process did not start: ${String(first.value)}`);
  });
  return {
    child,
    ready,
    async stop() {
      child.kill('SIGTERM');
      const last = await lines.next();
      if (last.done) throw new Error('load process exited without its counters');
      return JSON.parse(last.value) as LoadStats;
    },
  };
}

/** `rounds` distinct kill points spread over [fromMs, toMs]: one per slice of the range, jittered inside it. */
export function killPoints(rounds: number, fromMs = 1000, toMs = 4000): number[] {
  const slice = (toMs - fromMs) / rounds;
  return Array.from({ length: rounds }, (_, i) => Math.round(fromMs + i * slice + Math.random() * slice));
}

export interface KilledRound {
  stats: LoadStats;
  /** What this round's load process was acknowledged (one line of its ack file each). */
  acks: Acks;
}

/**
 * One round: `livehook serve` on `dataDir`, crash-load at `rate`/s, SIGKILL after `killAfterMs`, then the load stopped
 * and its ack file read. Both processes are gone when it returns or throws; `onChild` sees each one as it starts (the
 * bench tracks them to kill them if it is interrupted).
 */
export async function killUnderLoad(opts: {
  dataDir: string;
  ackFile: string;
  killAfterMs: number;
  rate: number;
  onChild?: (child: ChildProcess) => void;
}): Promise<KilledRound> {
  const serve = await startServe(['--data-dir', opts.dataDir]);
  opts.onChild?.(serve.child);
  let load: ReturnType<typeof startCrashLoad> | undefined;
  try {
    load = startCrashLoad(serve.ready.receiverUrl, opts.ackFile, opts.rate);
    opts.onChild?.(load.child);
    await load.ready;
    await new Promise((r) => setTimeout(r, opts.killAfterMs));
    await serve.stop('SIGKILL');
    const stats = await load.stop();
    load = undefined;
    const acks: Acks = new Map();
    for (const line of (await readFile(opts.ackFile, 'utf8')).split('\n')) {
      if (!line) continue;
      const [id, sha] = line.split(' ');
      acks.set(id!, sha!);
    }
    return { stats, acks };
  } finally {
    await serve.stop('SIGKILL');
    if (load && load.child.exitCode === null) load.child.kill('SIGKILL');
  }
}

/**
 * `livehook events --json` with stdout going to a file, not a pipe: the CLI ends with process.exit(), which can cut off
 * output still queued for a pipe (seen here: 615 of 630 lines), and that would look like lost webhooks.
 */
export async function eventsOnDisk(dataDir: string, outFile: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const fd = openSync(outFile, 'w');
  const child = spawn(process.execPath, [BIN, 'events', '--data-dir', dataDir, '--json'], { cwd: REPO, stdio: ['ignore', fd, 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
  closeSync(fd);
  return { code, stdout: await readFile(outFile, 'utf8'), stderr };
}

/** What `livehook events --json` printed, as id → sha256 of the body. */
export function recoveredBodies(eventsJsonl: string): Acks {
  const recovered: Acks = new Map();
  for (const line of eventsJsonl.split('\n')) {
    if (!line) continue;
    const rec = JSON.parse(line) as { id: string; bodyBase64: string };
    recovered.set(rec.id, sha256(Buffer.from(rec.bodyBase64, 'base64')));
  }
  return recovered;
}

/** Acknowledged ids absent from `recovered`, and those present with other bytes. */
export function compareAcks(acked: Acks, recovered: Acks): { missing: string[]; altered: string[] } {
  const missing: string[] = [];
  const altered: string[] = [];
  for (const [id, sha] of acked) {
    const got = recovered.get(id);
    if (got === undefined) missing.push(id);
    else if (got !== sha) altered.push(id);
  }
  return { missing, altered };
}
