import type { ApiClient } from '@shared/api/client';
import type { WebhookSummary } from '@shared/model/webhook';
import type { CliSession } from '../session';

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

const PAGE = 500;

/** One human line per webhook: time, answer, action, ids, method + path, size. */
export function describeSummary(s: WebhookSummary): string {
  const ids = [s.chatId && `chat ${s.chatId}`, s.webhookId && `webhook ${s.webhookId}`, s.attempt && s.attempt > 1 ? `retry #${s.attempt}` : undefined]
    .filter(Boolean)
    .join(', ');
  return `${s.receivedAt}  ${String(s.answer.status)}  ${(s.action ?? '(no action)').padEnd(32)} ${s.method} ${s.path}  ${s.bodySize} B${ids ? `  (${ids})` : ''}  ${s.id}`;
}

/** The full record as one JSON line (the same shape `livehook events --json` prints from disk). */
async function jsonLine(client: ApiClient, s: WebhookSummary): Promise<string> {
  const record = await client.call('events.get', { id: s.id });
  const { json: _json, ...rest } = record;
  return JSON.stringify({ ...rest, status: record.answer.status });
}

/** Prints every webhook matching `query`, oldest first; returns the newest seq printed (or seen). */
export async function printMatching(session: CliSession, query: string, json: boolean, io: Io, afterSeq = 0): Promise<{ count: number; lastSeq: number; headSeq: number }> {
  let after = afterSeq;
  let count = 0;
  let headSeq = afterSeq;
  for (;;) {
    const page = await session.client.call('events.list', { afterSeq: after, limit: PAGE, ...(query ? { query } : {}) });
    headSeq = Math.max(headSeq, page.headSeq);
    for (const s of page.items) {
      io.out(json ? await jsonLine(session.client, s) : describeSummary(s));
      after = s.seq;
      count++;
    }
    if (!page.hasMore) break;
  }
  return { count, lastSeq: Math.max(after, headSeq), headSeq };
}

/** After printing history, keeps printing new matching webhooks until `until` resolves. */
export async function follow(session: CliSession, query: string, json: boolean, io: Io, fromSeq: number, until: Promise<unknown>): Promise<number> {
  let last = fromSeq;
  let printed = 0;
  let running: Promise<void> | undefined;
  let again = false;
  const pull = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        const r = await printMatching(session, query, json, io, last);
        last = r.lastSeq;
        printed += r.count;
      } while (again);
    })()
      .catch((err: unknown) => io.err(`livehook: ${(err as Error).message}`))
      .finally(() => {
        running = undefined;
      });
  };
  const off = session.client.on('event.captured', pull);
  await until;
  off();
  await running;
  return printed;
}
