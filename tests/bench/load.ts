import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { makeTempDir, track } from './processes';

/**
 * The load generator: wrk (C, its own process, µs latency) when installed, else autocannon in this process (whole-ms
 * latency). `BENCH_LOAD=wrk|autocannon` forces one.
 */

export type LoadTool = 'wrk' | 'autocannon';

export interface LoadOptions {
  url: string;
  connections: number;
  durationS: number;
  body: string;
  headers: Record<string, string>;
}

export interface LoadResult {
  tool: LoadTool;
  /** Responses received (any status). */
  requests: number;
  /** Responses with status < 400 (wrk counts "Non-2xx or 3xx" as status > 399). */
  ok: number;
  non2xx: number;
  socketErrors: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  latencyResolution: 'us' | 'ms';
  /** wrk's printed summary, for error messages. */
  raw: string;
}

let wrkPath: string | null | undefined;

export function findWrk(): string | null {
  if (wrkPath !== undefined) return wrkPath;
  const candidates = ['/usr/bin/wrk', ...(process.env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, 'wrk'))];
  wrkPath = null;
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      wrkPath = c;
      break;
    } catch {
      // not here; try the next one
    }
  }
  return wrkPath;
}

export function loadTool(): LoadTool {
  const forced = process.env.BENCH_LOAD;
  if (forced === 'autocannon') return 'autocannon';
  if (forced === 'wrk') {
    if (!findWrk()) throw new Error('BENCH_LOAD=wrk but no wrk at /usr/bin/wrk or on PATH');
    return 'wrk';
  }
  if (forced) throw new Error(`BENCH_LOAD must be wrk or autocannon, not "${forced}"`);
  return findWrk() ? 'wrk' : 'autocannon';
}

export function runLoad(opts: LoadOptions): Promise<LoadResult> {
  return loadTool() === 'wrk' ? runWrk(opts) : runAutocannon(opts);
}

// ---------------------------------------------------------------- wrk

function luaLongString(text: string): string {
  for (let level = 2; level < 10; level++) {
    const eq = '='.repeat(level);
    if (!text.includes(`]${eq}]`)) return `[${eq}[${text}]${eq}]`;
  }
  throw new Error('body cannot be quoted as a Lua long string');
}

function luaScript(opts: LoadOptions): string {
  const lines = ['wrk.method = "POST"'];
  for (const [k, v] of Object.entries(opts.headers)) lines.push(`wrk.headers[ ${luaLongString(k)} ] = ${luaLongString(v)}`); // spaces: `[[` would open a long string
  // A Lua long string drops a newline right after the opening bracket; JSON bodies never start with one.
  lines.push(`wrk.body = ${luaLongString(opts.body)}`);
  return lines.join('\n') + '\n';
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "80.00us" | "2.51ms" | "1.02s" | "1.00m" → milliseconds. */
export function parseWrkTime(text: string): number {
  const m = /^([\d.]+)(us|ms|s|m|h)$/.exec(text.trim());
  if (!m) throw new Error(`cannot parse wrk time "${text}"`);
  return Number(m[1]) * UNIT_MS[m[2]];
}

export function parseWrkOutput(out: string): Omit<LoadResult, 'tool' | 'latencyResolution' | 'raw'> {
  const num = (re: RegExp, what: string): RegExpExecArray => {
    const m = re.exec(out);
    if (!m) throw new Error(`wrk output has no ${what} line:\n${out}`);
    return m;
  };
  const requests = Number(num(/^\s*(\d+) requests in /m, '"N requests in"')[1]);
  const reqPerSec = Number(num(/^Requests\/sec:\s*([\d.]+)/m, 'Requests/sec')[1]);
  const dist = num(/Latency Distribution\s*\n\s*50%\s+(\S+)\s*\n\s*75%\s+(\S+)\s*\n\s*90%\s+(\S+)\s*\n\s*99%\s+(\S+)/m, 'Latency Distribution');
  const non2xx = Number(/Non-2xx or 3xx responses:\s*(\d+)/.exec(out)?.[1] ?? 0);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const socketErrors = sock ? sock.slice(1, 5).reduce((a, b) => a + Number(b), 0) : 0;
  return { requests, ok: requests - non2xx, non2xx, socketErrors, reqPerSec, p50Ms: parseWrkTime(dist[1]), p99Ms: parseWrkTime(dist[4]) };
}

async function runWrk(opts: LoadOptions): Promise<LoadResult> {
  const wrk = findWrk();
  if (!wrk) throw new Error('wrk not found');
  const dir = await makeTempDir('livehook-bench-wrk-');
  try {
    const script = join(dir.path, 'post.lua');
    await writeFile(script, luaScript(opts));
    const d = Math.max(1, Math.round(opts.durationS));
    const args = ['-t1', '-c', String(opts.connections), '-d', `${d}s`, '--timeout', '5s', '--latency', '-s', script, opts.url];
    const child = spawn(wrk, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    track(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), (d + 20) * 1000);
    const code = await new Promise<number | null>((r) => child.once('close', (c) => r(c)));
    clearTimeout(killer);
    if (code !== 0) throw new Error(`wrk ${args.join(' ')} exited with ${code}:\n${stdout}${stderr}`);
    return { tool: 'wrk', latencyResolution: 'us', raw: stdout, ...parseWrkOutput(stdout) };
  } finally {
    await dir.remove();
  }
}

// ---------------------------------------------------------------- autocannon (fallback)

interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  requests: { total: number };
  latency: { p50: number; p99: number };
}
interface AutocannonInstance {
  stop(): void;
}
type Autocannon = (
  opts: {
    url: string;
    connections: number;
    duration: number;
    method: 'POST';
    headers: Record<string, string>;
    body: string;
    pipelining: number;
  },
  cb: (err: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;

async function runAutocannon(opts: LoadOptions): Promise<LoadResult> {
  // autocannon ships no types (and is CommonJS): load it through require with the slice of its API used here.
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const d = Math.max(1, Math.round(opts.durationS));
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    const inst = autocannon(
      { url: opts.url, connections: opts.connections, duration: d, method: 'POST', headers: opts.headers, body: opts.body, pipelining: 1 },
      (err, res) => {
        clearTimeout(killer);
        if (err) reject(err);
        else resolve(res);
      },
    );
    const killer = setTimeout(() => inst.stop(), (d + 20) * 1000);
  });
  const ok = result['2xx'];
  return {
    tool: 'autocannon',
    requests: result.requests.total,
    ok,
    non2xx: result.non2xx,
    socketErrors: result.errors + result.timeouts,
    reqPerSec: result.requests.total / (result.duration || d),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    latencyResolution: 'ms',
    raw: JSON.stringify(result),
  };
}
