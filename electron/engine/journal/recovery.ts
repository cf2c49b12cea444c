import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../ports';
import type { RecoveredEntry, ResolvedJournalOptions } from './journal';
import { dataEnd, decodeLine, NEWLINE } from './line-codec';
import { firstKeptIndex, removeSegments } from './retention';
import { closeLogged, errorCode, listSegmentNumbers, segmentName, segmentPath, syncDir } from './segment-files';

/**
 * Reading a journal directory back on open. Nothing found on disk is fatal: bad lines are reported and skipped, a torn
 * tail is copied to quarantine before it is cut off, so the user can always see what was not recovered and why.
 */

export interface SegmentState {
  number: number;
  /** Bytes of entries (and of bad lines left in place): where the next append goes. The file may be longer (zeros). */
  bytes: number;
  /** Valid entries in it. */
  count: number;
}

export interface RecoveryContext {
  dir: string;
  logger: Logger;
  durable: boolean;
  /** Records a human-readable problem (also logged by the caller's implementation). */
  report(file: string, offset: number, reason: string): void;
}

export interface RecoveredSegment extends SegmentState {
  /** Size of the file on disk afterwards (≥ bytes: trailing zeros are preallocated room, not data). */
  fileBytes: number;
  /**
   * True when the segment still ends without a newline (a torn tail that could not be quarantined and cut off).
   * Appending to it would glue the next entry onto the torn bytes, so the writer must start a new segment instead.
   */
  dirtyTail: boolean;
}

export interface RecoveredDir {
  warnings: string[];
  /** Retained segments, oldest first, with their sizes after any torn tail was cut off. */
  segments: SegmentState[];
  /** One past the highest segment number seen on disk. */
  nextSegment: number;
  /** The newest segment still ends in a torn tail; see RecoveredSegment.dirtyTail. */
  dirtyTail: boolean;
  /** Size on disk of the newest segment: past its `bytes`, zero-filled room a crash left behind (reused). */
  lastFileBytes: number;
}

/** Everything Journal.open does before it can accept appends: retention, then every retained segment in order. */
export async function recoverDir(
  opts: ResolvedJournalOptions,
  onEntry: (r: RecoveredEntry) => void,
): Promise<RecoveredDir> {
  const { dir, logger, durable } = opts;
  await mkdir(dir, { recursive: true });
  const found = await listSegmentNumbers(dir);
  const limits = { maxCount: opts.maxCount, maxBytes: opts.maxBytes };
  const keepFrom = opts.deferRetentionOnOpen ? 0 : await firstKeptIndex(dir, found, limits);
  if (keepFrom > 0) {
    const dropped = found.slice(0, keepFrom);
    await removeSegments(dir, dropped, logger);
    logger.info({ segments: dropped, ...limits }, 'retention on open removed old segments');
  }
  const kept = found.slice(keepFrom);

  const warnings: string[] = [];
  const report = (file: string, offset: number, reason: string): void => {
    warnings.push(`${file} at byte ${offset}: ${reason}`);
    logger.warn({ file, offset, reason }, 'journal: skipped bytes that did not check out');
  };
  const segments: SegmentState[] = [];
  let dirtyTail = false;
  let lastFileBytes = 0;
  for (let i = 0; i < kept.length; i++) {
    const isLast = i === kept.length - 1;
    const seg = await recoverSegment({ dir, logger, durable, report }, kept[i]!, isLast, onEntry);
    segments.push({ number: seg.number, bytes: seg.bytes, count: seg.count });
    if (isLast) {
      dirtyTail = seg.dirtyTail;
      lastFileBytes = seg.fileBytes;
    }
  }
  return { warnings, segments, nextSegment: (found.at(-1) ?? 0) + 1, dirtyTail, lastFileBytes };
}

/**
 * Reads one segment as a single Buffer and walks its newlines (far faster than readline for big files), calling
 * `onEntry` for every valid line in order. Trailing zeros are room the writer had preallocated, not data. `isLast`
 * enables torn-tail handling.
 */
async function recoverSegment(
  ctx: RecoveryContext,
  number: number,
  isLast: boolean,
  onEntry: (r: RecoveredEntry) => void,
): Promise<RecoveredSegment> {
  const name = segmentName(number);
  const buf = await readFile(segmentPath(ctx.dir, number));
  const end = dataEnd(buf);
  let pos = 0;
  let count = 0;
  // Past `end` there are only zeros, so every newline found is inside the data.
  for (let nl = buf.indexOf(NEWLINE); nl !== -1; nl = buf.indexOf(NEWLINE, pos)) {
    const decoded = decodeLine(buf, pos, nl);
    if (decoded.ok) {
      count++;
      onEntry({ entry: decoded.entry, locator: { segment: number, offset: pos, length: nl + 1 - pos } });
    } else {
      // Left in place: rewriting a sealed segment to drop it would risk good data for no gain.
      ctx.report(name, pos, decoded.reason);
    }
    pos = nl + 1;
  }
  if (pos === end) return { number, bytes: end, count, dirtyTail: false, fileBytes: buf.length };

  const tail = buf.subarray(pos, end);
  if (!isLast) {
    // Only the newest segment is ever appended to, so this tail cannot grow into a glued line; report and keep it.
    const reason = `${tail.length} bytes without a trailing newline at the end of a sealed segment; left in place`;
    ctx.report(name, pos, reason);
    return { number, bytes: end, count, dirtyTail: false, fileBytes: buf.length };
  }
  const cut = await quarantineTornTail(ctx, number, pos, tail);
  return cut
    ? { number, bytes: pos, count, dirtyTail: false, fileBytes: pos }
    : { number, bytes: end, count, dirtyTail: true, fileBytes: buf.length };
}

/**
 * A crash mid-write leaves the last line without its newline. Its append was never acknowledged, but the bytes are
 * copied (and synced) to quarantine/ before the segment is cut back, so nothing disappears without a trace.
 * Returns false when it could not do both; the caller then leaves the segment alone and writes to a new one.
 */
async function quarantineTornTail(
  ctx: RecoveryContext,
  number: number,
  offset: number,
  tail: Buffer,
): Promise<boolean> {
  const name = segmentName(number);
  const qdir = join(ctx.dir, 'quarantine');
  let qname: string;
  try {
    await mkdir(qdir, { recursive: true });
    const padded = name.slice('segment-'.length, -'.jsonl'.length);
    qname = await writeNewFile(qdir, `torn-${padded}-${offset}`, tail, ctx.durable);
    if (ctx.durable) await syncDir(qdir, ctx.logger);
  } catch (err) {
    ctx.report(name, offset, `torn last line (${tail.length} bytes, no trailing newline) could not be quarantined ` +
      `(${String(err)}); left in place, new entries go to a new segment`);
    return false;
  }
  let fh: FileHandle | undefined;
  try {
    fh = await open(segmentPath(ctx.dir, number), 'r+');
    await fh.truncate(offset);
    if (ctx.durable) await fh.datasync();
  } catch (err) {
    ctx.report(name, offset, `torn last line (${tail.length} bytes) copied to quarantine/${qname} but the segment ` +
      `could not be cut back (${String(err)}); left in place, new entries go to a new segment`);
    return false;
  } finally {
    if (fh) await closeLogged(fh, ctx.logger, 'segment after cutting off its torn tail');
  }
  ctx.report(name, offset, `torn last line (${tail.length} bytes, no trailing newline: a write cut short by a crash);` +
    ` copied to quarantine/${qname} and cut the segment back to ${offset} bytes`);
  return true;
}

/** Creates `<base>.bin` (or `<base>-2.bin`, … if a previous crash already left one) and writes `data` to it. */
async function writeNewFile(dir: string, base: string, data: Buffer, durable: boolean): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const fileName = attempt === 1 ? `${base}.bin` : `${base}-${attempt}.bin`;
    let fh: FileHandle;
    try {
      fh = await open(join(dir, fileName), 'wx');
    } catch (err) {
      if (errorCode(err) === 'EEXIST' && attempt < 1000) continue;
      throw err;
    }
    try {
      await fh.writeFile(data);
      if (durable) await fh.datasync();
    } finally {
      await fh.close();
    }
    return fileName;
  }
}
