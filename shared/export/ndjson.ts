import { toBase64 } from './bytes';
import type { PortableWebhook } from './types';

/** One NDJSON export line (with its "\n"); parseImport reads it back byte-exact. */
export function ndjsonLine(w: PortableWebhook): string {
  return `${JSON.stringify({
    id: w.id,
    receivedAt: w.receivedAt,
    method: w.method,
    path: w.path,
    query: w.query,
    headers: w.headers,
    bodyBase64: toBase64(w.body),
    answerStatus: w.answerStatus,
  })}\n`;
}
