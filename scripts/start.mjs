#!/usr/bin/env node
// `npm start`: the desktop app when Electron's binary is installed; otherwise the headless inspector (same engine, same
// UI, in the browser). Plain Node ESM so it runs before anything is built. The decision is in electron-binary.mjs.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decideStart, electronPackageDir } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const windows = process.platform === 'win32';

const decision = decideStart({
  electronDir: electronPackageDir(createRequire(import.meta.url)),
  env: process.env,
  projectRoot: root,
  exists: existsSync,
  readFile: (path) => readFileSync(path, 'utf8'),
});

if (decision.mode === 'headless') {
  process.stderr.write(
    'LiveHook: the Electron binary is not installed (it could not be downloaded), so starting the headless inspector instead — open the URL below in your browser.\n',
  );
}

if (decision.build) {
  // --logLevel warn: the build's file list would bury the sentence above and the inspector URL below.
  const built = spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', shell: windows });
  if (built.error) {
    process.stderr.write(`LiveHook: could not run the build (${built.error.message}).\n`);
    process.exit(1);
  }
  if (built.status !== 0) process.exit(built.status ?? 1);
}

// Detached (own process group) on POSIX so a Ctrl-C in the terminal reaches the child only through us, exactly once.
// A second SIGINT means "force quit" to both Electron and `livehook serve`, and would cut the journal flush short.
const options = { stdio: 'inherit', detached: !windows };
const child =
  decision.mode === 'electron'
    ? spawn(decision.binary, ['.', ...args], { ...options, cwd: root })
    : spawn(process.execPath, [join(root, 'bin', 'livehook.js'), 'serve', ...args], options);

const running = () => child.exitCode === null && child.signalCode === null;

// On Windows the console delivers Ctrl-C to every process attached to it, and child.kill() would be TerminateProcess
// (no clean stop), so nothing is forwarded there.
const FORWARDED = windows ? [] : ['SIGINT', 'SIGTERM', 'SIGHUP'];
/** Under `npm start` one Ctrl-C arrives twice (from the terminal, then forwarded by npm); pass it on once. */
const REPEAT_WINDOW_MS = 1000;
const lastForwarded = new Map();
const forward = (signal) => {
  const now = Date.now();
  if (now - (lastForwarded.get(signal) ?? -Infinity) < REPEAT_WINDOW_MS) return;
  lastForwarded.set(signal, now);
  if (running()) child.kill(signal);
};
for (const signal of FORWARDED) process.on(signal, forward);

process.on('exit', () => {
  // Only reached if this script dies first; a detached child would otherwise outlive the terminal session.
  if (running()) child.kill('SIGTERM');
});

child.on('error', (err) => {
  process.stderr.write(`LiveHook: could not start ${decision.mode === 'electron' ? decision.binary : 'the headless inspector'} (${err.message}).\n`);
  process.exit(1);
});

child.on('exit', (code, signal) => {
  if (signal !== null) {
    // Die the same way, so npm and shells report what happened to the child.
    for (const s of FORWARDED) process.removeListener(s, forward);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
