import { open, type FileHandle } from 'node:fs/promises';
import type { Logger } from '../ports';
import type { JournalEntry, JournalLocator } from './journal';
import { decodeLocated } from './line-codec';
import { closeLogged, errorCode, readFully, segmentName, segmentPath } from './segment-files';

/**
 * Reads the one line a locator names and verifies it like recovery does. A fresh read handle per call: reads are
 * for detail views, not the hot path, and a cached handle would need invalidating on retention and clear. Positional
 * reads work on the segment being appended to, since only whole synced lines ever get locators.
 */
export async function readEntryAt(dir: string, loc: JournalLocator, logger: Logger): Promise<JournalEntry> {
  const valid = [loc.segment, loc.offset, loc.length].every((n) => Number.isSafeInteger(n) && n >= 0);
  if (!valid || loc.length < 2) throw new Error(`journal: invalid locator ${JSON.stringify(loc)}`);
  const where = `${segmentName(loc.segment)} at byte ${loc.offset} (${loc.length} bytes)`;
  let fh: FileHandle;
  try {
    fh = await open(segmentPath(dir, loc.segment), 'r');
  } catch (err) {
    if (errorCode(err) === 'ENOENT') {
      throw new Error(`journal: cannot read ${where}: the segment no longer exists (removed by retention or clear)`, {
        cause: err,
      });
    }
    throw err;
  }
  const buf = Buffer.allocUnsafe(loc.length);
  let got: number;
  try {
    got = await readFully(fh, buf, loc.offset);
  } finally {
    await closeLogged(fh, logger, 'read handle');
  }
  if (got < loc.length) throw new Error(`journal: cannot read ${where}: the file ends after ${got} of those bytes`);
  const decoded = decodeLocated(buf, 0, loc.length);
  if (!decoded.ok) throw new Error(`journal: entry at ${where} does not check out: ${decoded.reason}`);
  return decoded.entry;
}
