import type { Readable } from 'node:stream';

/** How much of an over-limit body is kept for the record (the rest is counted and discarded). */
export const OVERSIZE_KEEP_BYTES = 64 * 1024;

export interface ReadBody {
  /** The body bytes, or the first OVERSIZE_KEEP_BYTES of them when `truncated`. */
  bytes: Buffer;
  /** Bytes actually received on the wire. */
  size: number;
  truncated: boolean;
  /** ms from the first to the last byte (0 for an empty body). */
  readMs: number;
}

/**
 * Reads a request body with a size limit, without ever buffering more than `limit` bytes. Over the limit it keeps
 * the head for the record and drains the rest, so the sender still gets a proper 413 instead of a reset connection.
 */
export function readBody(stream: Readable, limit: number, now: () => number): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let kept = 0;
    let truncated = false;
    let firstByteAt: number | undefined;
    stream.on('data', (chunk: Buffer) => {
      firstByteAt ??= now();
      size += chunk.length;
      if (truncated) {
        if (kept < OVERSIZE_KEEP_BYTES) {
          const take = chunk.subarray(0, OVERSIZE_KEEP_BYTES - kept);
          chunks.push(take);
          kept += take.length;
        }
        return;
      }
      chunks.push(chunk);
      kept += chunk.length;
      if (size > limit) {
        truncated = true;
        const head = Buffer.concat(chunks).subarray(0, OVERSIZE_KEEP_BYTES);
        chunks.length = 0;
        chunks.push(head);
        kept = head.length;
      }
    });
    stream.on('end', () => {
      resolve({
        bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks),
        size,
        truncated,
        readMs: firstByteAt === undefined ? 0 : now() - firstByteAt,
      });
    });
    stream.on('error', reject);
  });
}
