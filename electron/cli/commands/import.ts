import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { parseCommand, str } from '../args';
import { createProgress } from '../progress';
import { UsageError } from '../usage';
import { withSession } from './run-session';
import type { Io } from './events-query';

/** `livehook import FILE [--format har|ndjson]`: reads an export back into history (source `import`). */
export async function importCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals, dataDir, json, verbose } = parseCommand(argv, { format: { type: 'string' } });
  if (positionals.length !== 1) throw new UsageError('give one file to import: livehook import FILE [--format har|ndjson]');
  const file = positionals[0]!;
  const formatFlag = str(values, 'format');
  const format = formatFlag ?? (file.endsWith('.har') ? 'har' : file.endsWith('.ndjson') || file.endsWith('.jsonl') ? 'ndjson' : undefined);
  if (format !== 'har' && format !== 'ndjson') {
    throw new UsageError(formatFlag ? `--format must be har or ndjson, got "${formatFlag}"` : `cannot tell the format of ${file} from its name; pass --format har|ndjson`);
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    io.err(`livehook: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    return 1;
  }
  return withSession(dataDir, verbose, async ({ client }) => {
    const jobId = randomUUID();
    const progress = createProgress('Importing');
    const off = client.on('events.jobProgress', (p) => {
      if (p.jobId === jobId) progress.update(p.done, p.total);
    });
    const result = await client.call('events.import', { format, text, jobId }).finally(() => {
      off();
      progress.done();
    });
    if (json) io.out(JSON.stringify(result));
    else {
      io.out(`Imported ${result.imported} webhook(s) from ${file}${result.skipped > 0 ? `; skipped ${result.skipped}:` : ''}`);
      for (const e of result.errors) io.out(`  ${e}`);
    }
    return result.imported === 0 && result.skipped > 0 ? 1 : 0;
  });
}
