import { readFile, rm, stat } from 'node:fs/promises';
import type { Logger } from '../ports';
import { countLines, MIN_LINE_BYTES } from './line-codec';
import type { SegmentState } from './recovery';
import { segmentPath, syncDir } from './segment-files';

/**
 * Retention is by whole segments, oldest first, and never touches the newest (current) segment. The running journal
 * applies it after each roll; open applies the same rule once, before any entry is handed out.
 */

export interface RetentionLimits {
  maxCount: number;
  maxBytes: number;
  durable: boolean;
}

/**
 * Deletes the oldest segments while `segments` is over either limit, removing them from the array (mutated in
 * place). Returns the deleted segment numbers.
 */
export async function dropOldestSegments(
  dir: string,
  segments: SegmentState[],
  limits: RetentionLimits,
  logger: Logger,
  maxDrop = Number.POSITIVE_INFINITY,
): Promise<number[]> {
  let bytes = 0;
  let count = 0;
  for (const s of segments) {
    bytes += s.bytes;
    count += s.count;
  }
  const removed: number[] = [];
  while (segments.length > 1 && removed.length < maxDrop && (count > limits.maxCount || bytes > limits.maxBytes)) {
    const oldest = segments[0]!;
    try {
      await rm(segmentPath(dir, oldest.number), { force: true });
    } catch (err) {
      // Stop rather than loop; the next roll tries again, and clear() removes it regardless.
      logger.error({ segment: oldest.number, err: String(err) }, 'retention could not delete a segment');
      break;
    }
    segments.shift();
    bytes -= oldest.bytes;
    count -= oldest.count;
    removed.push(oldest.number);
  }
  if (removed.length > 0 && limits.durable) await syncDir(dir, logger);
  return removed;
}

/**
 * The segments dropOldestSegments would delete now, oldest first, without deleting anything: the journal first
 * carries entries that must survive (pinned webhooks) out of them, then deletes exactly these (`maxDrop`), so the
 * entries it just carried over can never push one more, uncarried, segment out.
 */
export function segmentsToDrop(segments: readonly SegmentState[], limits: { maxCount: number; maxBytes: number }): number[] {
  let bytes = 0;
  let count = 0;
  for (const s of segments) {
    bytes += s.bytes;
    count += s.count;
  }
  const out: number[] = [];
  for (let i = 0; i < segments.length - 1 && (count > limits.maxCount || bytes > limits.maxBytes); i++) {
    out.push(segments[i]!.number);
    bytes -= segments[i]!.bytes;
    count -= segments[i]!.count;
  }
  return out;
}

/**
 * Retention on open, decided before any entry is handed out, so the caller never indexes entries that are about to
 * be deleted. Keeps the longest run of newest segments within the limits (always at least the newest one); that is
 * the same result as "drop the oldest while over the limit". Counts here are complete lines, an upper bound on valid
 * entries, so a corrupt line counts toward maxCount; files are only read when the byte total could hold more than
 * maxCount lines at all. Returns the index of the first segment to keep.
 */
export async function firstKeptIndex(
  dir: string,
  numbers: number[],
  limits: { maxCount: number; maxBytes: number },
): Promise<number> {
  if (numbers.length <= 1) return 0;
  const sizes = await Promise.all(numbers.map(async (n) => (await stat(segmentPath(dir, n))).size));
  const totalBytes = sizes.reduce((a, b) => a + b, 0);
  const countMayExceed = totalBytes / MIN_LINE_BYTES > limits.maxCount;
  let bytes = 0;
  let count = 0;
  for (let i = numbers.length - 1; i >= 0; i--) {
    const newest = i === numbers.length - 1;
    bytes += sizes[i]!;
    if (!newest && bytes > limits.maxBytes) return i + 1;
    if (countMayExceed) {
      count += countLines(await readFile(segmentPath(dir, numbers[i]!)));
      if (!newest && count > limits.maxCount) return i + 1;
    }
  }
  return 0;
}

/** Deletes segments dropped by retention on open; a failure is logged and the segment simply stays out of use. */
export async function removeSegments(dir: string, numbers: number[], logger: Logger): Promise<void> {
  for (const n of numbers) {
    try {
      await rm(segmentPath(dir, n), { force: true });
    } catch (err) {
      logger.error({ segment: n, err: String(err) }, 'could not delete a segment dropped by retention; it is ignored');
    }
  }
}

