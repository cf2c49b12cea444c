import { open, readdir, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../ports';

/**
 * Naming and small file-system helpers for journal segments. Kept apart from the journal class so recovery and the
 * writer agree on one definition of "a segment file".
 */

const SEGMENT_RE = /^segment-(\d{6,})\.jsonl$/;

/** `segment-000042.jsonl`. Six digits keep `ls` order equal to numeric order for the first million segments. */
export function segmentName(segment: number): string {
  return `segment-${String(segment).padStart(6, '0')}.jsonl`;
}

export function segmentPath(dir: string, segment: number): string {
  return join(dir, segmentName(segment));
}

/** Segment numbers present in `dir`, ascending. Anything that is not a segment file (quarantine/, notes) is ignored. */
export async function listSegmentNumbers(dir: string): Promise<number[]> {
  const names = await readdir(dir);
  const numbers: number[] = [];
  for (const name of names) {
    const m = SEGMENT_RE.exec(name);
    if (m) numbers.push(Number(m[1]));
  }
  return numbers.sort((a, b) => a - b);
}

/** Errors from node:fs carry a `code`; reading it without `any`. */
export function errorCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/**
 * Makes a directory entry (a newly created or deleted file) durable. Without it a crash right after creating a segment
 * can lose the file itself even though its contents were synced. Windows cannot open directories, so failure is
 * expected there and only logged at debug level: the data sync of the file still happened.
 */
export async function syncDir(dir: string, logger: Logger): Promise<void> {
  let fh: FileHandle | undefined;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch (err) {
    logger.debug({ dir, err: String(err) }, 'directory fsync not available; relying on file syncs only');
  } finally {
    if (fh) await closeLogged(fh, logger, 'directory handle');
  }
}

/**
 * Closes a handle whose data is already synced (or that was only read): a failure cannot lose anything, so it is
 * logged rather than thrown over the result the caller is about to return.
 */
export async function closeLogged(fh: FileHandle, logger: Logger, what: string): Promise<void> {
  try {
    await fh.close();
  } catch (err) {
    logger.warn({ err: String(err) }, `journal: closing the ${what} failed`);
  }
}

/** Writes all of `buf` at `position`, looping over short writes (rare on files, but possible when a disk fills). */
export async function writeFully(fh: FileHandle, buf: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const { bytesWritten } = await fh.write(buf, done, buf.length - done, position + done);
    if (bytesWritten <= 0) throw new Error(`journal write made no progress at byte ${position + done}`);
    done += bytesWritten;
  }
}

/** Reads exactly `length` bytes at `position`, or fewer if the file ends first; returns how many were read. */
export async function readFully(fh: FileHandle, buf: Buffer, position: number): Promise<number> {
  let done = 0;
  while (done < buf.length) {
    const { bytesRead } = await fh.read(buf, done, buf.length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done;
}
