import type { ApiClient } from '@shared/api/client';
import type { DeliveryRecord } from '@shared/api/domains/delivery';
import { parseCommand, parseUrl, str } from '../args';
import { createProgress } from '../progress';
import { UsageError } from '../usage';
import { withSession } from './run-session';
import type { Io } from './events-query';

/**
 * `livehook replay <id…> --to URL [--single]`: sends captured webhooks again, byte-exact, under the delivery policy
 * (LiveChat's retries unless `--single`), one after another, and prints one line per delivery. Exit 1 when any was
 * not delivered.
 */
export async function replayCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals, dataDir, json, verbose } = parseCommand(argv, { to: { type: 'string' }, single: { type: 'boolean', default: false } });
  if (positionals.length === 0) throw new UsageError('give the id(s) of the webhook(s) to replay: livehook replay <id…> --to URL');
  const url = parseUrl(str(values, 'to'), '--to');
  const policy = values.single === true ? 'single' : 'saved';
  return withSession(dataDir, verbose, async ({ client }) => {
    const progress = createProgress('Replaying');
    let failed = 0;
    try {
      for (const [i, id] of positionals.entries()) {
        const record = await sendAndWait(client, { id, to: { url }, policy });
        if (!record.delivered) failed++;
        progress.done();
        io.out(json ? JSON.stringify(record) : describe(id, record));
        progress.update(i + 1, positionals.length);
      }
    } finally {
      progress.done();
    }
    return failed > 0 ? 1 : 0;
  });
}

/** Starts a replay and resolves with its finished record (pushes carry the outcome: retries can outlast a call). */
export function sendAndWait(client: ApiClient, params: { id: string; to: { url: string }; policy: 'saved' | 'single' }): Promise<DeliveryRecord> {
  return new Promise((resolve, reject) => {
    const finished = new Map<string, DeliveryRecord>();
    let mine: string | undefined;
    const off = client.on('delivery.done', (d) => {
      if (mine === undefined) finished.set(d.deliveryId, d);
      else if (d.deliveryId === mine) {
        off();
        resolve(d);
      }
    });
    client.call('replay.send', params).then(
      (started) => {
        if (started.done) {
          off();
          resolve(started);
          return;
        }
        mine = started.deliveryId;
        const early = finished.get(mine);
        if (early) {
          off();
          resolve(early);
        }
      },
      (err: unknown) => {
        off();
        reject(err as Error);
      },
    );
  });
}

function describe(id: string, d: DeliveryRecord): string {
  const tries = d.attempts
    .map((a) => `${a.status ?? (a.timedOut ? 'timeout' : 'error')} in ${Math.round(a.latencyMs)} ms`)
    .join(', ');
  return `${id}  ${d.action ?? '(no action)'}  → ${d.url}  ${d.verdict}  [${tries}]`;
}
