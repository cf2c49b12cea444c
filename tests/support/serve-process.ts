import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../..');
export const BIN = resolve(REPO, 'bin/livehook.js');

export interface ServeReady {
  ready: true;
  receiverUrl: string;
  inspectorUrl: string;
  token: string;
  dataDir: string;
}

export interface ServeProcess {
  child: ChildProcessWithoutNullStreams;
  ready: ServeReady;
  /** Lines printed on stdout after the ready line. */
  lines: string[];
  stderr: string[];
  /** SIGTERM, then the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs the built `livehook serve --json` and waits for its readiness line (no sleeps). */
export function startServe(args: string[], timeoutMs = 20_000, command: 'serve' | 'listen' = 'serve'): Promise<ServeProcess> {
  // Never the public tunnel server from a test: tests that want a tunnel pass --tunnel-host to the in-repo fake.
  const tunnelArgs = args.includes('--tunnel') ? [] : ['--no-tunnel'];
  const child = spawn(process.execPath, [BIN, command, '--json', ...tunnelArgs, ...args], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const stderr: string[] = [];
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  createInterface({ input: child.stderr }).on('line', (l) => stderr.push(l));
  return new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`livehook serve did not become ready in ${timeoutMs} ms; stderr: ${stderr.join('\n')}`));
    }, timeoutMs);
    let ready: ServeReady | undefined;
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (ready) {
        lines.push(line);
        return;
      }
      clearTimeout(timer);
      try {
        ready = JSON.parse(line) as ServeReady;
      } catch {
        child.kill('SIGKILL');
        reject(new Error(`first stdout line is not JSON: ${line}`));
        return;
      }
      resolveReady({
        child,
        ready,
        lines,
        stderr,
        stop: async (signal = 'SIGTERM') => {
          if (child.exitCode === null) child.kill(signal);
          return exited;
        },
      });
    });
    void exited.then((code) => {
      if (!ready) {
        clearTimeout(timer);
        reject(new Error(`livehook serve exited with ${code} before ready; stderr: ${stderr.join('\n')}`));
      }
    });
  });
}

/** Runs a one-shot livehook command and collects its output. */
export function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((r) => child.on('close', (code) => r({ code, stdout, stderr })));
}
