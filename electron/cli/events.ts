import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { asStoredWebhook, completeRecord } from '../engine/history/analysis';
import { dataEnd, decodeLine, NEWLINE } from '../engine/journal/line-codec';
import { listSegmentNumbers, segmentPath } from '../engine/journal/segment-files';
import { parseCommand } from './args';
import { withSession } from './commands/run-session';
import { follow, printMatching } from './commands/events-query';
import { parseQuery } from '@shared/query';
import { UsageError } from './usage';

interface Io {
  out(line: string): void;
  err(line: string): void;
  /** Resolves on Ctrl-C / SIGTERM (ends `--follow`). */
  untilStopped?: Promise<string>;
}

/**
 * `livehook events [query] [--json] [--follow]`. Without a query or `--follow` it prints what really is on disk
 * (see `printFromDisk`); with them it asks the engine (a running `livehook serve`, or one started for the command),
 * which evaluates the query language over the whole history.
 */
export async function events(argv: string[], io: Io): Promise<number> {
  const { values, positionals, dataDir, json, verbose } = parseCommand(argv, { follow: { type: 'boolean', default: false } });
  const query = positionals.join(' ').trim();
  if (query) {
    const parsed = parseQuery(query);
    if (!parsed.ok) throw new UsageError(`query: ${parsed.error.message} (at character ${parsed.error.start + 1})`);
  }
  if (!query && values.follow !== true) return printFromDisk(dataDir, json, io);
  return withSession(dataDir, verbose, async (session) => {
    const r = await printMatching(session, query, json, io);
    if (values.follow !== true) {
      if (!json) io.out(`${r.count} webhook(s) match${query ? ` "${query}"` : ''}`);
      return 0;
    }
    // On stderr, also with --json: stdout stays pure JSON lines, and a script can wait for this line before it sends.
    io.err(`Following new webhooks${session.kind === 'local' ? ` (POST them to ${session.receiverUrl})` : ''}; Ctrl-C stops.`);
    await follow(session, query, json, io, r.lastSeq, io.untilStopped ?? new Promise(() => {}));
    return 0;
  });
}

/**
 * Prints what really is on disk. It reads the journal segments read-only (no lock, no repair), so
 * it is safe to run beside a live `livehook serve`; lines it cannot read are reported on stderr, never skipped silently.
 */
async function printFromDisk(dataDir: string, json: boolean, io: Io): Promise<number> {
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
    // A live engine keeps zero-filled room at the end of its current segment: not lines, so not reported.
    const dataBytes = dataEnd(buf);
    let start = 0;
    while (start < dataBytes) {
      const end = buf.indexOf(NEWLINE, start);
      if (end === -1) {
        // A line still being written by a live process, or torn by a crash.
        io.err(`livehook: ${file} @${start}: incomplete last line (${dataBytes - start} bytes) not shown`);
        bad++;
        break;
      }
      const line = decodeLine(buf, start, end);
      if (!line.ok) {
        io.err(`livehook: ${file} @${start}: ${line.reason}`);
        bad++;
      } else if (line.entry.kind === 'webhook') {
        count++;
        // The journal holds the request; what the body says (action, ids, hash, findings) is derived from its bytes.
        const stored = asStoredWebhook(line.entry);
        const { kind: _kind, ...record } = (stored ? completeRecord(stored).record : line.entry) as Record<string, unknown>;
        const answer = record.answer as { status?: number } | undefined;
        if (json) {
          io.out(JSON.stringify({ ...record, status: answer?.status }));
        } else {
          const action = typeof record.action === 'string' ? record.action : '(no action)';
          io.out(`${String(record.receivedAt)}  ${String(answer?.status ?? '')}  ${action.padEnd(32)} ${String(record.method)} ${String(record.path)}  ${String(record.bodySize)} B`);
        }
      }
      start = end + 1;
    }
  }
  if (!json) io.out(`${count} webhook(s) in ${dataDir}${bad > 0 ? `, ${bad} unreadable line(s) (see above)` : ''}`);
  return 0;
}
