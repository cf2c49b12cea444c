import { appendFile, mkdtemp, open, readdir, readFile, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  Journal,
  type JournalEntry,
  type JournalLocator,
  type JournalOptions,
  type RecoveredEntry,
} from '../../../electron/engine/journal/journal';
import type { Logger } from '../../../electron/engine/ports';

interface LogStub {
  logger: Logger;
  warns: string[];
  errors: string[];
}

/** Records warn/error messages (with their details) so tests can see what the journal told the operator. */
function makeLogger(): LogStub {
  const warns: string[] = [];
  const errors: string[] = [];
  const text = (obj: object | string, msg?: string): string =>
    typeof obj === 'string' ? obj : `${msg ?? ''} ${JSON.stringify(obj)}`;
  const logger: Logger = {
    child: () => logger,
    trace: () => undefined,
    debug: () => undefined,
    info: () => undefined,
    warn: (obj, msg) => void warns.push(text(obj, msg)),
    error: (obj, msg) => void errors.push(text(obj, msg)),
  };
  return { logger, warns, errors };
}

const O_DSYNC = 0o10000; // Linux's value (fs.constants.O_DSYNC); /proc shows open flags in octal

/** The flags a descriptor of this process was opened with, as the kernel reports them (Linux). */
async function openFlags(fd: number): Promise<number> {
  const info = await readFile(`/proc/self/fdinfo/${fd}`, 'utf8');
  return parseInt(/^flags:\s*([0-7]+)/m.exec(info)![1]!, 8);
}

/** FileHandle's class is not exported; its prototype is what the journal's handles share, so spies go there. */
async function fileHandleProto(dir: string): Promise<FileHandle> {
  const fh = await open(join(dir, 'probe.tmp'), 'w');
  await fh.close();
  await rm(join(dir, 'probe.tmp'));
  return Object.getPrototypeOf(fh) as FileHandle;
}

let dir: string;
let log: LogStub;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'livehook-journal-'));
  log = makeLogger();
});

afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

type Opened = { journal: Journal; recovered: RecoveredEntry[] };

/** Opens a journal with spies on every file handle's write and datasync, counting from after the open. */
async function openWatched(extra: Partial<JournalOptions>) {
  const proto = await fileHandleProto(dir);
  const datasync = vi.spyOn(proto, 'datasync');
  const write = vi.spyOn(proto, 'write');
  const { journal } = await openJournal(extra);
  datasync.mockClear();
  write.mockClear();
  return { journal, datasync, write };
}

async function openJournal(extra: Partial<JournalOptions> = {}): Promise<Opened> {
  const recovered: RecoveredEntry[] = [];
  const journal = await Journal.open({ dir, logger: log.logger, ...extra }, (r) => void recovered.push(r));
  return { journal, recovered };
}

const entry = (i: number): JournalEntry => ({ kind: 'test', i, text: `entry ${i} ünïcödé`, nested: { ok: true } });
/** Fixed-width entries, so every line has the same length and segment contents are predictable. */
const fixed = (i: number): JournalEntry => ({ kind: 'test', n: String(i).padStart(4, '0') });
const FIXED_LINE = 9 + JSON.stringify(fixed(0)).length + 1;

const seg = (n: number): string => join(dir, `segment-${String(n).padStart(6, '0')}.jsonl`);

function frame(json: string): string {
  return `${crc32(Buffer.from(json)).toString(16).padStart(8, '0')} ${json}\n`;
}

describe('Journal round trip', () => {
  it('recovers appended entries in order with working locators', async () => {
    const { journal } = await openJournal();
    const locators: JournalLocator[] = [];
    for (let i = 0; i < 20; i++) locators.push(await journal.append(entry(i)));
    const last = locators.at(-1)!;
    expect(journal.stats()).toEqual({ segments: 1, bytes: last.offset + last.length, count: 20 });
    await journal.close();
    // A closed journal's segment holds exactly its lines (the preallocated room is trimmed on close).
    expect((await stat(seg(1))).size).toBe(last.offset + last.length);

    const again = await openJournal();
    expect(again.recovered.map((r) => r.entry)).toEqual(Array.from({ length: 20 }, (_, i) => entry(i)));
    expect(again.recovered.map((r) => r.locator)).toEqual(locators);
    expect(again.journal.warnings).toEqual([]);
    expect(again.journal.stats().count).toBe(20);
    for (const i of [0, 7, 19]) expect(await again.journal.readAt(locators[i]!)).toEqual(entry(i));
    // Each line is `<8 hex> <json>\n` and its locator covers exactly that.
    const raw = await readFile(seg(1));
    const line = raw.subarray(locators[3]!.offset, locators[3]!.offset + locators[3]!.length).toString('utf8');
    expect(line).toBe(frame(JSON.stringify(entry(3))));
    await again.journal.close();
  });

  it('reads the current segment while appends continue', async () => {
    const { journal } = await openJournal();
    const first = await journal.append(entry(1));
    const [a, b] = await Promise.all([journal.readAt(first), journal.append(entry(2))]);
    expect(a).toEqual(entry(1));
    expect(await journal.readAt(b)).toEqual(entry(2));
    await journal.close();
  });

  it('treats explicitly undefined options as defaults: durable, synced by the write itself on Linux', async () => {
    const opts = { segmentBytes: undefined, maxCount: undefined, maxBytes: undefined, durable: undefined, syncMethod: undefined };
    const { journal, datasync, write } = await openWatched({ ...opts, preallocateBytes: undefined });
    for (let i = 0; i < 5; i++) await journal.append(entry(i));
    expect(journal.stats()).toMatchObject({ segments: 1, count: 5 });
    // One write per append, and (preallocation is on by default) one write of zeros: the room ahead of them, started
    // right after the first append.
    const lines = write.mock.calls.filter(([buf]) => (buf as unknown as Buffer)[0] !== 0);
    expect(lines).toHaveLength(5);
    expect(write.mock.calls.length - lines.length).toBe(1);
    if (process.platform === 'linux') {
      // Each write went to a segment opened with O_DSYNC (the kernel says so), so no separate sync was needed.
      expect(datasync).not.toHaveBeenCalled();
      for (const fh of write.mock.contexts as FileHandle[]) expect(await openFlags(fh.fd) & O_DSYNC).toBe(O_DSYNC);
    } else {
      expect(datasync).toHaveBeenCalledTimes(5 + 1);
    }
    await journal.close();
  });

  it('syncs with fdatasync after each batch when asked to, on a segment opened without O_DSYNC', async () => {
    // Preallocation off: its zero-fill is synced too, which would blur the count (tested on its own below).
    const { journal, datasync, write } = await openWatched({ syncMethod: 'fdatasync', preallocateBytes: 0 });
    for (let i = 0; i < 3; i++) await journal.append(entry(i));
    expect(datasync).toHaveBeenCalledTimes(3);
    if (process.platform === 'linux') for (const fh of write.mock.contexts as FileHandle[]) expect(await openFlags(fh.fd) & O_DSYNC).toBe(0);
    await journal.close();
  });

  it('ignores stray files and rejects entries without a string kind', async () => {
    await writeFile(join(dir, 'notes.txt'), 'not a segment\n');
    await writeFile(join(dir, 'segment-abc.jsonl'), 'garbage\n');
    const { journal, recovered } = await openJournal();
    expect(recovered).toEqual([]);
    expect(journal.warnings).toEqual([]);
    await expect(journal.append({ nokind: 1 } as unknown as JournalEntry)).rejects.toThrow(/kind/);
    await journal.close();
  });
});

describe('Journal group commit', () => {
  it('batches concurrent appends into far fewer syncs than appends', async () => {
    // With fdatasync the syncs can be counted; with O_DSYNC each write is one (the tests above check that mode).
    const { journal, datasync, write } = await openWatched({ syncMethod: 'fdatasync', preallocateBytes: 0 });

    const n = 500;
    const locators = await Promise.all(Array.from({ length: n }, (_, i) => journal.append(entry(i))));
    expect(new Set(locators.map((l) => l.offset)).size).toBe(n);
    expect(datasync.mock.calls.length).toBeGreaterThanOrEqual(1);
    expect(datasync.mock.calls.length).toBeLessThan(n / 10);
    expect(write.mock.calls.length).toBe(datasync.mock.calls.length); // one write per batch

    // Arrivals while a batch is in flight form the next batch: a second wave during the first's sync.
    datasync.mockClear();
    const wave1 = Array.from({ length: 50 }, (_, i) => journal.append(entry(n + i)));
    await Promise.resolve();
    const wave2 = Array.from({ length: 50 }, (_, i) => journal.append(entry(n + 50 + i)));
    await Promise.all([...wave1, ...wave2]);
    expect(datasync.mock.calls.length).toBeLessThanOrEqual(3);

    // Idle journal: each awaited append gets its own sync (no timer delays it).
    datasync.mockClear();
    for (let i = 0; i < 5; i++) await journal.append(entry(i));
    expect(datasync).toHaveBeenCalledTimes(5);
    await journal.close();

    const again = await openJournal();
    expect(again.recovered).toHaveLength(n + 100 + 5);
    expect(again.recovered.slice(0, n).map((r) => r.entry)).toEqual(Array.from({ length: n }, (_, i) => entry(i)));
    await again.journal.close();
  });

  it('does not sync when durable is false', async () => {
    const proto = await fileHandleProto(dir);
    const datasync = vi.spyOn(proto, 'datasync');
    const sync = vi.spyOn(proto, 'sync');
    const { journal } = await openJournal({ durable: false });
    await Promise.all(Array.from({ length: 10 }, (_, i) => journal.append(entry(i))));
    await journal.close();
    expect(datasync).not.toHaveBeenCalled();
    expect(sync).not.toHaveBeenCalled();
  });
});

describe('Journal recovery', () => {
  it('quarantines a torn last line and cuts the segment back to a clean end', async () => {
    const { journal } = await openJournal();
    for (let i = 0; i < 5; i++) await journal.append(entry(i));
    await journal.close();
    const goodSize = (await stat(seg(1))).size;
    const torn = Buffer.from(frame(JSON.stringify(entry(99))).slice(0, 30), 'utf8');
    await appendFile(seg(1), torn);

    const second = await openJournal();
    expect(second.recovered.map((r) => r.entry)).toEqual([0, 1, 2, 3, 4].map(entry));
    expect(second.journal.warnings).toHaveLength(1);
    expect(second.journal.warnings[0]).toMatch(/torn/);
    expect(second.journal.warnings[0]).toContain('segment-000001.jsonl');
    expect(second.journal.warnings[0]).toContain(`byte ${goodSize}`);
    expect(log.warns.some((w) => w.includes('torn'))).toBe(true);
    expect(await readdir(join(dir, 'quarantine'))).toEqual([`torn-000001-${goodSize}.bin`]);
    expect(await readFile(join(dir, 'quarantine', `torn-000001-${goodSize}.bin`))).toEqual(torn);
    expect((await stat(seg(1))).size).toBe(goodSize);

    await second.journal.append(entry(5));
    await second.journal.close();
    const third = await openJournal();
    expect(third.recovered.map((r) => r.entry)).toEqual([0, 1, 2, 3, 4, 5].map(entry));
    expect(third.journal.warnings).toEqual([]);
    await third.journal.close();
  });

  it('skips corrupt lines in the middle with one warning each, and keeps them in place', async () => {
    const { journal } = await openJournal();
    const locs: JournalLocator[] = [];
    for (let i = 0; i < 6; i++) locs.push(await journal.append(entry(i)));
    await journal.close();

    // Entry 1: one byte inside its JSON changed, so the checksum no longer matches.
    const raw = await readFile(seg(1));
    const at = locs[1]!.offset + 9 + JSON.stringify(entry(1)).indexOf('"i":1') + 4;
    expect(String.fromCharCode(raw[at]!)).toBe('1');
    raw[at] = '7'.charCodeAt(0);
    // After entry 3: a line that is not a journal line at all, and one with a valid checksum but no JSON.
    const cut = locs[4]!.offset;
    const bad1 = 'hello, this is not json\n';
    const bad2 = frame('{this is not json at all');
    const bad3 = frame('{"no":"kind"}');
    await writeFile(seg(1), Buffer.concat([raw.subarray(0, cut), Buffer.from(bad1 + bad2 + bad3), raw.subarray(cut)]));

    const second = await openJournal();
    expect(second.recovered.map((r) => r.entry)).toEqual([0, 2, 3, 4, 5].map(entry));
    const w = second.journal.warnings;
    expect(w).toHaveLength(4);
    expect(w[0]).toMatch(new RegExp(`segment-000001\\.jsonl at byte ${locs[1]!.offset}: checksum mismatch`));
    expect(w[1]).toMatch(new RegExp(`at byte ${cut}: no 8-hex-digit checksum`));
    expect(w[2]).toMatch(new RegExp(`at byte ${cut + bad1.length}: .*not JSON`));
    expect(w[3]).toMatch(new RegExp(`at byte ${cut + bad1.length + bad2.length}: .*kind`));
    expect(log.warns).toHaveLength(4);
    // Recovered locators point past the inserted lines and still read back.
    expect(await second.journal.readAt(second.recovered[3]!.locator)).toEqual(entry(4));
    expect(second.journal.stats().count).toBe(5);
    await second.journal.append(entry(6));
    await second.journal.close();

    const third = await openJournal();
    expect(third.recovered.map((r) => r.entry)).toEqual([0, 2, 3, 4, 5, 6].map(entry));
    expect(third.journal.warnings).toEqual(w); // still there, still reported
    await third.journal.close();
  });
});

describe('Journal segments and retention', () => {
  it('rolls between batches and drops whole old segments past maxCount', async () => {
    // 3 fixed lines pass 100 bytes, so each segment holds 3 entries.
    expect(FIXED_LINE).toBe(36);
    const opts = { segmentBytes: 100, maxCount: 7 };
    const { journal } = await openJournal(opts);
    const removed: number[][] = [];
    journal.onRetention((segs) => removed.push(segs));
    const locs: JournalLocator[] = [];
    for (let i = 0; i < 30; i++) locs.push(await journal.append(fixed(i)));

    expect(locs[2]).toEqual({ segment: 1, offset: 72, length: 36 });
    expect(locs[3]).toEqual({ segment: 2, offset: 0, length: 36 });
    // Segment k+1 is started by entry 3k; count reaches 10 then, so segment k-2 goes.
    expect(removed).toEqual([[1], [2], [3], [4], [5], [6], [7]]);
    const files = (await readdir(dir)).sort();
    expect(files).toEqual([8, 9, 10].map((n) => `segment-${String(n).padStart(6, '0')}.jsonl`));
    expect(journal.stats()).toEqual({ segments: 3, bytes: 9 * FIXED_LINE, count: 9 });
    await expect(journal.readAt(locs[0]!)).rejects.toThrow(/no longer exists/);
    expect(await journal.readAt(locs[21]!)).toEqual(fixed(21));
    await journal.close();

    // Retention only runs after a roll, so 9 > maxCount entries were kept while running; on open the same rule
    // applies at once and segment 8 goes before any entry is handed out.
    const again = await openJournal(opts);
    expect(again.recovered.map((r) => r.entry)).toEqual(Array.from({ length: 6 }, (_, i) => fixed(24 + i)));
    expect(again.recovered.map((r) => r.locator)).toEqual(locs.slice(24));
    expect(again.journal.stats()).toEqual({ segments: 2, bytes: 6 * FIXED_LINE, count: 6 });
    expect((await readdir(dir)).sort()).toEqual(['segment-000009.jsonl', 'segment-000010.jsonl']);
    await again.journal.close();
  });

  it('drops old segments past maxBytes, and applies retention on open before handing out entries', async () => {
    const { journal } = await openJournal({ segmentBytes: 100, maxBytes: 250 });
    const removed: number[][] = [];
    journal.onRetention((segs) => removed.push(segs));
    for (let i = 0; i < 12; i++) await journal.append(fixed(i));
    // Segments of 108 bytes: after 3 segments + 1 line (360 bytes) segment 1 goes, and so on.
    expect(removed).toEqual([[1], [2]]);
    expect(journal.stats()).toEqual({ segments: 2, bytes: 6 * FIXED_LINE, count: 6 });
    await journal.close();

    // Tighter limit on the next start: only the newest segment survives, and only its entries are reported.
    const again = await openJournal({ segmentBytes: 100, maxCount: 4 });
    expect(again.recovered.map((r) => r.entry)).toEqual([9, 10, 11].map(fixed));
    expect(again.journal.stats()).toEqual({ segments: 1, bytes: 3 * FIXED_LINE, count: 3 });
    expect((await readdir(dir)).sort()).toEqual(['segment-000004.jsonl']);
    // The first batch rolls (segment 4 is full) into segment 5.
    expect(await again.journal.append(fixed(12))).toEqual({ segment: 5, offset: 0, length: FIXED_LINE });
    await again.journal.close();
  });

  it('clear() removes everything, waits for in-flight writes, and the journal keeps working', async () => {
    const { journal } = await openJournal({ segmentBytes: 100 });
    for (let i = 0; i < 7; i++) await journal.append(fixed(i));
    const inflight = Array.from({ length: 5 }, (_, i) => journal.append(fixed(100 + i)));
    await journal.clear();
    await Promise.all(inflight); // written before the clear, not rejected by it
    expect(journal.stats()).toEqual({ segments: 1, bytes: 0, count: 0 });
    const after = await journal.append(fixed(200));
    expect(after.offset).toBe(0);
    expect(after.segment).toBeGreaterThan(3); // numbering continues: old locators never match new data
    await journal.close();

    const again = await openJournal();
    expect(again.recovered.map((r) => r.entry)).toEqual([fixed(200)]);
    expect(await readdir(dir)).toEqual([`segment-${String(after.segment).padStart(6, '0')}.jsonl`]);
    await again.journal.clear();
    await again.journal.close();
    const third = await openJournal();
    expect(third.recovered).toEqual([]);
    await third.journal.close();
  });
});

describe('Journal lifecycle and failures', () => {
  it('rejects append after close, closes idempotently, and flushes pending appends on close', async () => {
    const { journal } = await openJournal();
    const pending = Array.from({ length: 10 }, (_, i) => journal.append(entry(i)));
    const closing = journal.close();
    expect(journal.close()).toBe(closing);
    await closing;
    await expect(Promise.all(pending)).resolves.toHaveLength(10);
    await expect(journal.append(entry(11))).rejects.toThrow(/closed/);
    await expect(journal.clear()).rejects.toThrow(/closed/);
    await journal.close();
    const again = await openJournal();
    expect(again.recovered).toHaveLength(10);
    await again.journal.close();
  });

  it('readAt throws a clear error when the bytes on disk were altered', async () => {
    const { journal } = await openJournal({ preallocateBytes: 0 }); // so the file really ends after the last line
    await journal.append(entry(0));
    const loc = await journal.append(entry(1));
    const fh = await open(seg(1), 'r+');
    await fh.write(Buffer.from('X'), 0, 1, loc.offset + 15);
    await fh.close();
    const altered = /segment-000001\.jsonl at byte \d+ .*does not check out: checksum mismatch/;
    await expect(journal.readAt(loc)).rejects.toThrow(altered);
    await expect(journal.readAt({ ...loc, length: loc.length - 1 })).rejects.toThrow(/no newline/);
    await expect(journal.readAt({ ...loc, offset: loc.offset + 1000 })).rejects.toThrow(/file ends/);
    await journal.close();
  });

  it('rejects a failed batch and stays usable for the next one', async () => {
    const proto = await fileHandleProto(dir);
    // fdatasync, so a sync can fail on its own; no preallocation, whose zero-fill could take the failures meant here.
    const { journal } = await openJournal({ syncMethod: 'fdatasync', preallocateBytes: 0 });
    await journal.append(entry(0));
    const boom = Object.assign(new Error('EIO: simulated write failure'), { code: 'EIO' });
    vi.spyOn(proto, 'write').mockRejectedValueOnce(boom);
    const failed = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => journal.append(entry(10 + i))));
    expect(failed.map((r) => r.status)).toEqual(Array(5).fill('rejected'));
    expect((failed[0] as PromiseRejectedResult).reason).toBe(boom);

    // A sync failure after the bytes were written: they are cut back, so no unacknowledged entry survives.
    vi.spyOn(proto, 'datasync').mockRejectedValueOnce(new Error('EIO: simulated sync failure'));
    await expect(journal.append(entry(20))).rejects.toThrow(/sync failure/);
    expect(log.errors.length).toBeGreaterThanOrEqual(2);

    const ok = await journal.append(entry(1));
    expect(await journal.readAt(ok)).toEqual(entry(1));
    await journal.close();
    const again = await openJournal();
    expect(again.recovered.map((r) => r.entry)).toEqual([entry(0), entry(1)]);
    expect(again.journal.warnings).toEqual([]);
    await again.journal.close();
  });

  it('moves to a new segment when a half-written batch cannot be cut back', async () => {
    const proto = await fileHandleProto(dir);
    type PositionalWrite = (buf: Buffer, offset: number, length: number, position: number) => Promise<unknown>;
    const realWrite = proto.write as unknown as PositionalWrite;
    const { journal } = await openJournal({ preallocateBytes: 0 }); // the mocked write below is the batch's
    await journal.append(entry(0));
    // Half the batch reaches the disk, then the handle fails and cannot even truncate.
    vi.spyOn(proto, 'write').mockImplementationOnce(async function (this: FileHandle, ...args: unknown[]) {
      const [buf, offset, length, position] = args as [Buffer, number, number, number];
      await realWrite.call(this, buf, offset, Math.floor(length / 2), position);
      throw new Error('EBADF: simulated dead handle');
    } as FileHandle['write']);
    vi.spyOn(proto, 'truncate').mockRejectedValueOnce(new Error('EBADF: simulated dead handle'));
    await expect(journal.append(entry(10))).rejects.toThrow(/dead handle/);

    const next = await journal.append(entry(1));
    expect(next).toEqual({ segment: 2, offset: 0, length: next.length });
    await journal.close();
    const again = await openJournal();
    expect(again.recovered.map((r) => r.entry)).toEqual([entry(0), entry(1)]);
    // The half line stays in the sealed segment and is reported rather than silently dropped.
    expect(again.journal.warnings).toHaveLength(1);
    expect(again.journal.warnings[0]).toMatch(/segment-000001\.jsonl at byte \d+: .*without a trailing newline/);
    await again.journal.close();
  });
});

/** Runs `before` ahead of every write of zeros (the journal's zero-fills) through a FileHandle; a rejection fails it. */
async function beforeZeroFills(before: () => Promise<unknown>): Promise<void> {
  const proto = await fileHandleProto(dir);
  type PositionalWrite = (buf: Buffer, offset: number, length: number, position: number) => Promise<unknown>;
  const realWrite = proto.write as unknown as PositionalWrite;
  vi.spyOn(proto, 'write').mockImplementation(async function (this: FileHandle, ...args: unknown[]) {
    const [buf, offset, length, position] = args as [Buffer, number, number, number];
    if (buf[offset] === 0) await before();
    return realWrite.call(this, buf, offset, length, position);
  } as FileHandle['write']);
}

/** Opens the journal again and checks that it reads back exactly `expected`, with no warnings; then closes it. */
async function expectOnDisk(expected: JournalEntry[]): Promise<void> {
  const again = await openJournal();
  expect(again.recovered.map((r) => r.entry)).toEqual(expected);
  expect(again.journal.warnings).toEqual([]);
  await again.journal.close();
}

describe('Journal preallocation (zero-filled room ahead of the writes)', () => {
  const isZero = (buf: Buffer): boolean => buf.equals(Buffer.alloc(buf.length));
  const ROOM = 256 * 1024;

  it('writes entries into room the file already has, and trims the room on close', async () => {
    const { journal } = await openJournal({ preallocateBytes: ROOM });
    const first = await journal.append(entry(0));
    // The first zero-fill starts past the write position (so the appends meanwhile never wait for it)…
    await expect.poll(async () => (await stat(seg(1))).size).toBeGreaterThan(64 * 1024 + ROOM / 2);
    const sizeWithRoom = (await stat(seg(1))).size;
    const locators = [first];
    for (let i = 1; i < 200; i++) locators.push(await journal.append(entry(i)));
    const end = locators.at(-1)!.offset + locators.at(-1)!.length;
    // …so the entries are contiguous from byte 0, the file did not grow, and past them there are only zeros.
    locators.forEach((l, i) => expect(l.offset).toBe(i === 0 ? 0 : locators[i - 1]!.offset + locators[i - 1]!.length));
    expect(end).toBeLessThan(sizeWithRoom - ROOM / 2);
    expect((await stat(seg(1))).size).toBe(sizeWithRoom);
    const raw = await readFile(seg(1));
    expect(isZero(raw.subarray(end))).toBe(true);
    await journal.close();
    expect((await stat(seg(1))).size).toBe(end);

    await expectOnDisk(Array.from({ length: 200 }, (_, i) => entry(i)));
  });

  it('reads back a segment a crash left with its room, and writes on into that room', async () => {
    const { journal } = await openJournal({ preallocateBytes: 0 });
    for (let i = 0; i < 5; i++) await journal.append(entry(i));
    await journal.close();
    const end = (await stat(seg(1))).size;
    await appendFile(seg(1), Buffer.alloc(100_000)); // what a killed engine leaves: its lines, then zeros

    const second = await openJournal({ preallocateBytes: 0 }); // no new room: the one found is what gets used
    expect(second.recovered.map((r) => r.entry)).toEqual([0, 1, 2, 3, 4].map(entry));
    expect(second.journal.warnings).toEqual([]);
    expect(second.journal.stats().bytes).toBe(end);
    const next = await second.journal.append(entry(5));
    expect(next.offset).toBe(end); // straight after the last line, not after the zeros
    expect((await stat(seg(1))).size).toBe(end + 100_000); // written into the room: the file did not grow
    await second.journal.close();

    await expectOnDisk([0, 1, 2, 3, 4, 5].map(entry));
  });

  it('quarantines a line torn inside the room without the zeros, and cuts the segment back', async () => {
    const { journal } = await openJournal({ preallocateBytes: 0 });
    for (let i = 0; i < 3; i++) await journal.append(entry(i));
    await journal.close();
    const end = (await stat(seg(1))).size;
    const torn = Buffer.from(frame(JSON.stringify(entry(99))).slice(0, 30), 'utf8');
    await appendFile(seg(1), Buffer.concat([torn, Buffer.alloc(50_000)])); // a write cut short inside the room

    const second = await openJournal();
    expect(second.recovered.map((r) => r.entry)).toEqual([0, 1, 2].map(entry));
    expect(second.journal.warnings).toHaveLength(1);
    expect(second.journal.warnings[0]).toMatch(new RegExp(`byte ${end}: torn last line \\(30 bytes`));
    expect(await readFile(join(dir, 'quarantine', `torn-000001-${end}.bin`))).toEqual(torn);
    expect((await stat(seg(1))).size).toBe(end);
    await second.journal.close();
  });

  it('never lets the zero-fill overwrite an entry, whatever the batch sizes', async () => {
    // Slow zero-fills, a small room and big, uneven entries: batches keep reaching a zero-fill that is still running.
    await beforeZeroFills(() => new Promise((resolve) => setTimeout(resolve, 15)));
    const { journal } = await openJournal({ preallocateBytes: 96 * 1024, segmentBytes: 64 * 1024 * 1024 });
    const big = (i: number): JournalEntry => ({ kind: 'test', i, pad: 'x'.repeat((i * 7919) % 150_000) });
    const expected: JournalEntry[] = [];
    for (let wave = 0; wave < 20; wave++) {
      const batch = Array.from({ length: 1 + (wave % 5) }, (_, k) => big(wave * 10 + k));
      expected.push(...batch);
      await Promise.all(batch.map((e) => journal.append(e)));
    }
    await journal.close();
    vi.restoreAllMocks();
    await expectOnDisk(expected);
  });

  it('trims the room of a segment when it rolls to the next', async () => {
    const { journal } = await openJournal({ preallocateBytes: 128 * 1024, segmentBytes: 160 * 1024 });
    const locators: JournalLocator[] = [];
    for (let i = 0; locators.at(-1)?.segment !== 2; i++) locators.push(await journal.append({ kind: 'test', i, pad: 'y'.repeat(2000) }));
    const lastOfFirst = locators.filter((l) => l.segment === 1).at(-1)!;
    expect((await stat(seg(1))).size).toBe(lastOfFirst.offset + lastOfFirst.length);
    await journal.close();
  });

  it('carries on with plain appends when the zero-fill fails (a full disk, say)', async () => {
    await beforeZeroFills(() => Promise.reject(Object.assign(new Error('ENOSPC: simulated full disk'), { code: 'ENOSPC' })));
    const { journal } = await openJournal({ preallocateBytes: ROOM });
    for (let i = 0; i < 50; i++) await journal.append(entry(i));
    expect(log.warns.filter((w) => w.includes('could not preallocate'))).toHaveLength(1); // once, not per batch
    await journal.close();
    vi.restoreAllMocks();
    const again = await openJournal();
    expect(again.recovered).toHaveLength(50);
    expect(again.journal.warnings).toEqual([]);
    await again.journal.close();
  });
});
