const SAMPLE_BODY = '{"action":"incoming_chat","payload":{"chat":{"id":"PJ0MRSHTDG"}}}';

/** A ready-to-paste command that sends a minimal LiveChat-shaped webhook to a receiver URL (local or public). */
export function sampleCurl(receiverUrl: string): string {
  const base = receiverUrl.replace(/\/+$/, '');
  return `curl -X POST ${base}/webhook -H 'Content-Type: application/json' -d '${SAMPLE_BODY}'`;
}
