const SAMPLE_BODY = '{"action":"incoming_chat","payload":{"chat":{"id":"PJ0MRSHTDG"}}}';

/** A ready-to-paste command that sends a minimal LiveChat-shaped webhook to the local receiver. */
export function sampleCurl(localUrl: string): string {
  const base = localUrl.replace(/\/+$/, '');
  return `curl -X POST ${base}/webhook -H 'Content-Type: application/json' -d '${SAMPLE_BODY}'`;
}
