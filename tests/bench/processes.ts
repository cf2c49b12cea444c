import { spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export const REPO = resolve(import.meta.dirname, '../..');

/** Every child the bench started and that has not exited yet: killed at the end, whatever happened. */
const live = new Set<ChildProcess>();

export function track(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
}

/** SIGKILLs every tracked child still running (synchronous, so it also works from `process.on('exit')`). */
export function killAll(): void {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  live.clear();
}

/** Temp dirs the bench made and has not removed yet: removed by `cleanupSync` if the bench is interrupted. */
const tempDirs = new Set<string>();

export async function makeTempDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  tempDirs.add(path);
  return {
    path,
    remove: async () => {
      await rm(path, { recursive: true, force: true });
      tempDirs.delete(path);
    },
  };
}

/** Last resort (exit, SIGINT): kill every child, then remove every temp dir still there. */
export function cleanupSync(): void {
  killAll();
  for (const dir of tempDirs) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // best effort on the way out; nothing else can be done here
    }
  }
  tempDirs.clear();
}

export class ServerCrashed extends Error {}

export interface ServerChild {
  name: string;
  /** Base URL, e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string;
  pid: number;
  /** Asks the child for its stats (a `stats` line on stdin, answered with one JSON line). */
  stats(timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Throws ServerCrashed if the child exited on its own. */
  assertAlive(): void;
  /** Asks the child to stop (a `stop` line), SIGKILL after `graceMs`; throws if it had crashed or exits non-zero. */
  stop(graceMs?: number): Promise<void>;
}

interface ChildLine {
  ready?: boolean;
  url?: string;
  stats?: Record<string, unknown>;
  error?: string;
}

/**
 * Starts `node --import tsx <file>` as a server in its own process (so the load generator never shares its event
 * loop) and waits for its ready line `{"ready":true,"url":"http://127.0.0.1:PORT"}` on stdout.
 */
export function startServerChild(
  name: string,
  file: string,
  opts: { env?: Record<string, string>; args?: string[]; nodeArgs?: string[]; readyTimeoutMs?: number } = {},
): Promise<ServerChild> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [...(opts.nodeArgs ?? []), '--import', 'tsx', file, ...(opts.args ?? [])],
    { cwd: REPO, env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  track(child);
  child.stdin.on('error', () => {}); // EPIPE when it died: reported through `exit`
  const stderr: string[] = [];
  createInterface({ input: child.stderr }).on('line', (l) => {
    stderr.push(l);
    if (stderr.length > 40) stderr.shift();
  });
  let stopRequested = false;
  let exitInfo: string | undefined;
  const exited = new Promise<number | null>((r) =>
    child.once('exit', (code, signal) => {
      exitInfo = signal ? `signal ${signal}` : `code ${code}`;
      r(code);
    }),
  );
  const waiters: Array<(line: ChildLine) => void> = [];
  const crashMessage = () =>
    `server "${name}" (pid ${child.pid}) exited on its own (${exitInfo ?? 'unknown'})` +
    (stderr.length ? `; last stderr lines:\n  ${stderr.join('\n  ')}` : '; no stderr output');

  return new Promise<ServerChild>((resolveReady, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new ServerCrashed(`server "${name}" did not print its ready line within ${opts.readyTimeoutMs ?? 30_000} ms; stderr:\n  ${stderr.join('\n  ')}`));
    }, opts.readyTimeoutMs ?? 30_000);
    let ready = false;
    createInterface({ input: child.stdout }).on('line', (text) => {
      let line: ChildLine;
      try {
        line = JSON.parse(text) as ChildLine;
      } catch {
        stderr.push(`[stdout] ${text}`);
        return;
      }
      if (!ready) {
        if (line.ready !== true || typeof line.url !== 'string') {
          clearTimeout(timer);
          child.kill('SIGKILL');
          reject(new ServerCrashed(`server "${name}" printed an unexpected first line: ${text}`));
          return;
        }
        ready = true;
        clearTimeout(timer);
        const url = line.url.replace(/\/$/, '');
        const assertAlive = () => {
          if (exitInfo !== undefined) throw new ServerCrashed(crashMessage());
        };
        resolveReady({
          name,
          url,
          pid: child.pid ?? -1,
          assertAlive,
          stats(timeoutMs = 30_000) {
            assertAlive();
            return new Promise((res, rej) => {
              const t = setTimeout(() => rej(new ServerCrashed(`server "${name}" did not answer "stats" within ${timeoutMs} ms`)), timeoutMs);
              waiters.push((l) => {
                clearTimeout(t);
                if (l.error) rej(new Error(`server "${name}" stats failed: ${l.error}`));
                else res(l.stats ?? {});
              });
              child.stdin.write('stats\n');
            });
          },
          async stop(graceMs = 15_000) {
            if (exitInfo !== undefined && !stopRequested) throw new ServerCrashed(crashMessage());
            stopRequested = true;
            child.stdin.write('stop\n');
            const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
            const code = await exited;
            clearTimeout(t);
            if (code !== 0) throw new ServerCrashed(`server "${name}" did not stop cleanly (${exitInfo}); stderr:\n  ${stderr.join('\n  ')}`);
          },
        });
        return;
      }
      const waiter = waiters.shift();
      if (waiter) waiter(line);
    });
    void exited.then(() => {
      clearTimeout(timer);
      if (!ready) reject(new ServerCrashed(crashMessage()));
      for (const w of waiters.splice(0)) w({ error: crashMessage() });
    });
  });
}
