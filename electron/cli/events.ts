import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { decodeLine, NEWLINE } from '../engine/journal/line-codec';
import { listSegmentNumbers, segmentPath } from '../engine/journal/segment-files';
import { defaultDataDir } from './paths';
import { UsageError } from './usage';

interface Io {
  out(line: string): void;
  err(line: string): void;
}

/**
 * `livehook events`: prints what really is on disk. It reads the journal segments read-only (no lock, no repair), so
 * it is safe to run beside a live `livehook serve`; lines it cannot read are reported on stderr, never skipped silently.
 */
export async function events(argv: string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { 'data-dir': { type: 'string' }, json: { type: 'boolean', default: false } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  const dir = join(dataDir, 'journal');
  if (!existsSync(dir)) {
    io.err(`livehook: no LiveHook history in ${dataDir} (no journal/ folder)`);
    return 1;
  }
  let count = 0;
  let bad = 0;
  for (const segment of await listSegmentNumbers(dir)) {
    const file = segmentPath(dir, segment);
    const buf = await readFile(file);
    let start = 0;
    while (start < buf.length) {
      const end = buf.indexOf(NEWLINE, start);
      if (end === -1) {
        // A line still being written by a live process, or torn by a crash.
        io.err(`livehook: ${file} @${start}: incomplete last line (${buf.length - start} bytes) not shown`);
        bad++;
        break;
      }
      const line = decodeLine(buf, start, end);
      if (!line.ok) {
        io.err(`livehook: ${file} @${start}: ${line.reason}`);
        bad++;
      } else if (line.entry.kind === 'webhook') {
        count++;
        const { kind: _kind, ...record } = line.entry;
        const answer = record.answer as { status?: number } | undefined;
        if (values.json) {
          io.out(JSON.stringify({ ...record, status: answer?.status }));
        } else {
          const action = typeof record.action === 'string' ? record.action : '(no action)';
          io.out(`${String(record.receivedAt)}  ${String(answer?.status ?? '')}  ${action.padEnd(32)} ${String(record.method)} ${String(record.path)}  ${String(record.bodySize)} B`);
        }
      }
      start = end + 1;
    }
  }
  if (!values.json) io.out(`${count} webhook(s) in ${dataDir}${bad > 0 ? `, ${bad} unreadable line(s) (see above)` : ''}`);
  return 0;
}
