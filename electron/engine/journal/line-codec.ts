import { crc32 } from 'node:zlib';
import type { JournalEntry, JournalLocator } from './journal';

/**
 * One journal line: `<crc32 as 8 lowercase hex> <json>\n`. The checksum covers the JSON bytes only, so a line can be
 * verified without knowing where it sits in the file.
 */

/** `{"kind":""}` framed: 8 hex + space + 11 + newline. No valid line is shorter; used to bound counts cheaply. */
export const MIN_LINE_BYTES = 21;

const NEWLINE = 0x0a;
const SPACE = 0x20;

/**
 * An entry serialised once, ready to be framed into a batch buffer. The JSON stays a string until it is written
 * straight into the batch buffer (no intermediate Buffer per entry); its checksum is taken there.
 */
export interface EncodedEntry {
  /** The entry's JSON, whole. With a base64 field, its closing `}` is overwritten by the field when framed. */
  json: string;
  /** The base64 field: `,"key":"` as bytes, and the value, written after the JSON as one-byte text, then `"}`. */
  field?: { head: Buffer; base64: string };
  /** At least the UTF-8 byte length of the line's JSON (a UTF-16 unit is at most 3 bytes): what framing reserves. */
  maxBytes: number;
}

/**
 * A base64 field spliced into the entry's JSON without passing through JSON.stringify: base64's alphabet needs no
 * escaping, and skipping the escape scan of a body-sized string is the largest saving on the receiver's hot path.
 * It is not even concatenated: the frame copies it as one-byte text, so a body-sized string is never rebuilt or
 * scanned for multi-byte characters.
 */
export interface Base64Field {
  key: string;
  base64: string;
}

const SAFE_KEY = /^[A-Za-z0-9_]+$/;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;

/** `,"key":"` for the last key seen (every webhook uses the same one): checked and encoded once. */
let fieldKey = '';
let fieldHead = Buffer.alloc(0);

export function encodeEntry(entry: JournalEntry, extra?: Base64Field): EncodedEntry {
  // Checked here rather than discovered on the next open, where the line would be reported as corrupt.
  if (typeof entry?.kind !== 'string') throw new TypeError('journal entry needs a string "kind"');
  const json = JSON.stringify(entry);
  if (typeof json !== 'string') throw new TypeError('journal entry did not serialise to JSON');
  if (extra === undefined) return { json, maxBytes: json.length * 3 };
  if (extra.key !== fieldKey) {
    if (!SAFE_KEY.test(extra.key)) throw new TypeError(`bad base64 field name ${extra.key}`);
    fieldHead = Buffer.from(`,"${extra.key}":"`, 'latin1');
    fieldKey = extra.key;
  }
  if (Object.hasOwn(entry, extra.key)) throw new TypeError(`bad base64 field name ${extra.key}: the entry has it already`);
  // The field goes before the closing brace; a toJSON could have made the entry serialise as something else.
  if (json.charCodeAt(json.length - 1) !== CLOSE_BRACE) throw new TypeError('journal entry did not serialise to a JSON object');
  return { json, field: { head: fieldHead, base64: extra.base64 }, maxBytes: json.length * 3 + fieldHead.length + extra.base64.length + 1 };
}

/** Exact bytes of the framed line, newline included (a scan of the JSON: for sizing files, not the hot path). */
export function framedLength(e: EncodedEntry): number {
  const field = e.field ? e.field.head.length + e.field.base64.length + 1 : 0;
  return 9 + Buffer.byteLength(e.json, 'utf8') + field + 1;
}

/** Bytes a framed line may take at most: checksum, space, JSON, newline. */
function maxFramedLength(e: EncodedEntry): number {
  return e.maxBytes + 10;
}

const HEX = Buffer.from('0123456789abcdef', 'latin1');

/** Frames `e` into `target` (which has room for maxFramedLength) at `pos`; returns the position after its newline. */
function frameInto(target: Buffer, pos: number, e: EncodedEntry): number {
  const start = pos + 9;
  let end = start + target.write(e.json, start, 'utf8');
  const field = e.field;
  if (field !== undefined) {
    end--; // the JSON's closing brace: the field goes in its place, and the brace after it
    end += field.head.copy(target, end);
    end += target.write(field.base64, end, 'latin1');
    target[end++] = QUOTE;
    target[end++] = CLOSE_BRACE;
  }
  let crc = crc32(target.subarray(start, end));
  for (let i = 7; i >= 0; i--) {
    target[pos + i] = HEX[crc & 0xf]!;
    crc >>>= 4;
  }
  target[pos + 8] = SPACE;
  target[end] = NEWLINE;
  return end + 1;
}

/**
 * Frames batches into one buffer kept between batches (a busy receiver frames ~1,000 batches a second; a fresh
 * buffer each time is an allocation and a collection each). The buffer a call returns is valid until the next call:
 * the journal writes it, and awaits that, before it frames the next batch. Batches bigger than `keepBytes` get a
 * buffer of their own, so one huge webhook does not pin its size in memory.
 */
export class BatchFramer {
  private scratch: Buffer | undefined;

  constructor(private readonly keepBytes = 4 * 1024 * 1024) {}

  /**
   * Frames a whole batch into one buffer (so it costs one write) and works out each entry's locator, given the
   * segment and the byte offset the batch will start at.
   */
  frame(items: readonly { encoded: EncodedEntry }[], segment: number, start: number): { buf: Buffer; locators: JournalLocator[] } {
    let max = 0;
    for (const item of items) max += maxFramedLength(item.encoded);
    const buf = this.room(max);
    const locators = new Array<JournalLocator>(items.length);
    let pos = 0;
    for (let i = 0; i < items.length; i++) {
      const next = frameInto(buf, pos, items[i]!.encoded);
      locators[i] = { segment, offset: start + pos, length: next - pos };
      pos = next;
    }
    return { buf: buf.subarray(0, pos), locators };
  }

  private room(bytes: number): Buffer {
    if (bytes > this.keepBytes) return Buffer.allocUnsafe(bytes);
    if (!this.scratch || this.scratch.length < bytes) {
      this.scratch = Buffer.allocUnsafe(Math.min(this.keepBytes, Math.max(bytes, 2 * (this.scratch?.length ?? 128 * 1024))));
    }
    return this.scratch;
  }
}

export type DecodedLine = { ok: true; entry: JournalEntry } | { ok: false; reason: string };

/** Value of one lowercase hex digit, or -1. */
function hexDigit(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}

/**
 * Checks and parses the line in `buf[start, end)` where `end` is the index of its newline (excluded). Never throws:
 * recovery must be able to report a bad line and keep going.
 */
export function decodeLine(buf: Buffer, start: number, end: number): DecodedLine {
  if (end - start < MIN_LINE_BYTES - 1) return { ok: false, reason: `line too short (${end - start} bytes)` };
  let expected = 0;
  for (let i = 0; i < 8; i++) {
    const d = hexDigit(buf[start + i]!);
    if (d < 0) return { ok: false, reason: 'no 8-hex-digit checksum at the start of the line' };
    expected = expected * 16 + d;
  }
  if (buf[start + 8] !== SPACE) return { ok: false, reason: 'no space after the checksum' };
  const json = buf.subarray(start + 9, end);
  const actual = crc32(json);
  if (actual !== expected) {
    const said = buf.toString('latin1', start, start + 8);
    const got = actual.toString(16).padStart(8, '0');
    return { ok: false, reason: `checksum mismatch (line says ${said}, bytes give ${got})` };
  }
  let value: unknown;
  try {
    value = JSON.parse(json.toString('utf8'));
  } catch (err) {
    return { ok: false, reason: `checksum matches but the text is not JSON (${(err as Error).message})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'JSON is not an object' };
  }
  if (typeof (value as { kind?: unknown }).kind !== 'string') {
    return { ok: false, reason: 'JSON object has no string "kind"' };
  }
  return { ok: true, entry: value as JournalEntry };
}

/** Checks and parses the whole line a locator names: `length` bytes at `start`, its newline included. */
export function decodeLocated(buf: Buffer, start: number, length: number): DecodedLine {
  if (length < 1 || buf[start + length - 1] !== NEWLINE) return { ok: false, reason: 'no newline at its end' };
  return decodeLine(buf, start, start + length - 1);
}

const ZERO_PAGE = Buffer.alloc(4096);

/**
 * Where the lines in a segment end: the length of `buf` without its trailing NUL bytes. A running durable journal
 * keeps zero-filled room ahead of its writes (see Journal's preallocation), and a crash leaves that room behind; no
 * line can contain a NUL byte (JSON escapes it, base64 has none), so trailing NULs are never data.
 */
export function dataEnd(buf: Buffer): number {
  let end = buf.length;
  while (end >= ZERO_PAGE.length && buf.subarray(end - ZERO_PAGE.length, end).equals(ZERO_PAGE)) end -= ZERO_PAGE.length;
  while (end > 0 && buf[end - 1] === 0) end--;
  return end;
}

/** Number of complete (newline-terminated) lines in `buf`: an upper bound on its valid entries. */
export function countLines(buf: Buffer): number {
  let n = 0;
  let pos = buf.indexOf(NEWLINE);
  while (pos !== -1) {
    n++;
    pos = buf.indexOf(NEWLINE, pos + 1);
  }
  return n;
}

export { NEWLINE };
