import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { Logger } from './ports';

/**
 * Paths pino blanks out wherever they appear at these depths. Webhook bodies carry LiveChat's `secret_key`, API calls
 * carry bearer tokens and PATs; none of them may reach a log file (a log is what people paste into bug reports).
 */
export const REDACT_PATHS = [
  'token',
  'accessToken',
  'refreshToken',
  'secret',
  'secret_key',
  'password',
  'authorization',
  'headers.authorization',
  'headers.cookie',
  '*.token',
  '*.accessToken',
  '*.access_token',
  '*.refreshToken',
  '*.refresh_token',
  '*.secret',
  '*.secret_key',
  '*.authorization',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.body',
];

const KEEP_LOG_FILES = 10;

export interface LoggerOptions {
  /** Log files go to `<dataDir>/logs/`, one per run. */
  dataDir?: string;
  level?: string;
  /** Also write to stderr (person-facing runs with `--verbose`). */
  stderr?: boolean;
  /** Tests: collect lines in memory instead of a file. */
  sink?: { write(line: string): void };
}

export function createLogger(opts: LoggerOptions): Logger & { flush(): void; file?: string } {
  const streams: pino.StreamEntry[] = [];
  const files: Array<ReturnType<typeof pino.destination>> = [];
  let file: string | undefined;
  if (opts.sink) streams.push({ stream: opts.sink });
  if (opts.dataDir !== undefined && !opts.sink) {
    const dir = join(opts.dataDir, 'logs');
    mkdirSync(dir, { recursive: true });
    pruneOldLogs(dir);
    file = join(dir, `livehook-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}.log`);
    const dest = pino.destination({ dest: file, sync: false, mkdir: true });
    files.push(dest);
    streams.push({ stream: dest });
  }
  if (opts.stderr) streams.push({ stream: pino.destination(2) });
  const logger = pino(
    { level: opts.level ?? 'info', redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { pid: process.pid } },
    streams.length > 0 ? pino.multistream(streams) : pino.destination('/dev/null'),
  );
  // Before the process exits: write out what the async file destinations still buffer.
  const flush = (): void => {
    for (const dest of files) {
      try {
        dest.flushSync();
      } catch (err) {
        // Not ready yet (the file is still opening) or the disk failed: there is nowhere left to log it.
        process.stderr.write(`livehook: could not flush the log file: ${(err as Error).message}\n`);
      }
    }
  };
  return Object.assign(logger as unknown as Logger, { flush }, file !== undefined ? { file } : {});
}

function pruneOldLogs(dir: string): void {
  const files = readdirSync(dir)
    .filter((f) => f.startsWith('livehook-') && f.endsWith('.log'))
    .sort();
  for (const f of files.slice(0, Math.max(0, files.length - KEEP_LOG_FILES + 1))) {
    rmSync(join(dir, f), { force: true });
  }
}
