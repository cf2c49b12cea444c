import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { parseQuery } from '@shared/query';
import { parseCommand, str } from '../args';
import { createProgress } from '../progress';
import { UsageError } from '../usage';
import { withSession } from './run-session';
import type { Io } from './events-query';

/** `livehook export [query] --har FILE | --ndjson FILE | --curl FILE [--include-secrets]` (FILE `-` = stdout). */
export async function exportCommand(argv: string[], io: Io & { untilStopped?: Promise<string> }): Promise<number> {
  const { values, positionals, dataDir, json, verbose } = parseCommand(argv, {
    har: { type: 'string' },
    ndjson: { type: 'string' },
    curl: { type: 'string' },
    'include-secrets': { type: 'boolean', default: false },
  });
  const chosen = (['har', 'ndjson', 'curl'] as const).filter((f) => str(values, f) !== undefined);
  if (chosen.length !== 1) throw new UsageError('give exactly one of --har FILE, --ndjson FILE, --curl FILE');
  const format = chosen[0]!;
  const file = str(values, format)!;
  const query = positionals.join(' ').trim();
  const parsed = parseQuery(query);
  if (!parsed.ok) throw new UsageError(`query: ${parsed.error.message} (at character ${parsed.error.start + 1})`);

  return withSession(dataDir, verbose, async ({ client }) => {
    const jobId = randomUUID();
    const progress = createProgress(`Exporting ${format.toUpperCase()}`);
    const off = client.on('events.jobProgress', (p) => {
      if (p.jobId === jobId) progress.update(p.done, p.total);
    });
    let cancelled = false;
    void io.untilStopped?.then(() => {
      cancelled = true;
      return client.call('events.cancelJob', { jobId }).catch(() => undefined);
    });
    const result = await client
      .call('events.export', { jobId, format, query, ...(values['include-secrets'] === true ? { includeSecrets: true } : {}) })
      .finally(() => {
        off();
        progress.done();
      });
    if (result.cancelled || cancelled) {
      io.err('livehook: export cancelled; nothing written');
      return 1;
    }
    const toStdout = file === '-';
    const out = toStdout ? process.stdout : createWriteStream(file);
    for (let index = 0; index < result.chunks; index++) {
      const { text } = await client.call('events.exportChunk', { jobId, index });
      if (!out.write(text)) await once(out, 'drain');
    }
    if (!toStdout) {
      out.end();
      await once(out, 'finish');
    }
    const summary = { exported: result.count, format, file: toStdout ? '-' : file, bytes: result.bytes, secretsRedacted: values['include-secrets'] !== true };
    if (json) (toStdout ? io.err : io.out)(JSON.stringify(summary));
    else if (!toStdout) io.out(`Exported ${result.count} webhook(s) to ${file} (${format.toUpperCase()}, ${result.bytes} bytes${summary.secretsRedacted ? ', secret_key redacted' : ''})`);
    return 0;
  });
}
