import { gzipSync } from 'node:zlib';

/** Large hostile bodies, built at test time so the repo carries no megabytes (see tests/fixtures/bad-input/README.md). */

export const MiB = 1024 * 1024;

/** A valid LiveChat-shaped JSON object of exactly `bytes` bytes (padding in one string field). */
export function bigWebhook(bytes: number): Buffer {
  const head = '{"action":"incoming_event","webhook_id":"big-body","payload":{"chat_id":"PJ0MRSHTDG","pad":"';
  const tail = '"}}';
  const padLength = bytes - head.length - tail.length;
  if (padLength < 0) throw new Error(`bigWebhook: ${bytes} bytes is too small for the envelope`);
  const buf = Buffer.alloc(bytes, 0x61); // 'a'
  buf.write(head, 0, 'latin1');
  buf.write(tail, bytes - tail.length, 'latin1');
  return buf;
}

/** `[[[[…]]]]` nested `depth` levels: valid JSON that breaks recursive readers. */
export function deepArray(depth: number): Buffer {
  return Buffer.concat([Buffer.alloc(depth, 0x5b), Buffer.alloc(depth, 0x5d)]);
}

/** `{"action":…,"a":{"a":{…}}}` nested `depth` levels inside an object, so the LiveChat field lifting sees it too. */
export function deepObject(depth: number): Buffer {
  return Buffer.from(`{"action":"incoming_event","a":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`);
}

/** A JSON object whose `payload.items` is an array of `count` small numbers. */
export function hugeArray(count: number): Buffer {
  const items = Buffer.alloc(count * 2 - 1, 0x2c); // ','
  for (let i = 0; i < count; i++) items[i * 2] = 0x30 + (i % 10);
  return Buffer.concat([Buffer.from('{"action":"incoming_event","payload":{"items":['), items, Buffer.from(']}}')]);
}

/** A normal webhook body, gzip-compressed (LiveChat never does this; a proxy or a hand-written sender might). */
export function gzippedWebhook(): { plain: Buffer; gzipped: Buffer } {
  const plain = Buffer.from(JSON.stringify({ action: 'incoming_chat', payload: { chat: { id: 'PJ0MRSHTDG' } } }));
  return { plain, gzipped: gzipSync(plain) };
}
