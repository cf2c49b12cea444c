import type { WebhookSummary } from '@shared/model/webhook';

/**
 * Full-text search over webhook bodies, fast enough for 100,000 bodies of ~2 KiB in well under 100 ms.
 *
 * A plain scan of 200 MB of lower-cased text costs 60–80 ms on the project's machine, too close to the budget, so
 * every text also gets a trigram signature (a 2,048-bit Bloom-style set of its 3-byte sequences; a ~2 KiB JSON body
 * sets about a third of the bits). Signatures are stored bit-sliced, 4,096 texts per block: row `b` of a block is
 * one bit per text saying "has a trigram hashing to b". A needle's candidates in a block are the AND of its
 * trigrams' rows (a few hundred word operations for 4,096 texts), and only candidates are searched with
 * Buffer.lastIndexOf. Needles under three bytes match most bodies anyway and skip the signature.
 *
 * Texts live in large slabs (one allocation per ~8 MiB instead of one per webhook) and are case-folded once, when
 * added: ASCII bytes byte-wise; bodies with non-ASCII bytes through String#toLowerCase, which is also what the
 * needle goes through, so "É" finds "é".
 *
 * Writing and reading are split. A TextIndexWriter folds and signs texts into slabs and blocks it allocates; the
 * TextIndex that answers queries adopts that memory. Captured webhooks are written by the analysis worker into
 * SharedArrayBuffers the main thread's TextIndex reads (see analysis-worker.ts); history read back at start is
 * written on the main thread. Each writer starts past every slab and block made before it (`TextIndex.frontier`),
 * so two writers never share one. A slab or block is only ever appended to, and a reader looks only at spans it has
 * been handed after they were written, so the reader never needs a lock.
 */

/** Bytes of a body kept for search. Longer bodies are searched in their head only. */
export const SEARCH_TEXT_BYTES = 16 * 1024;

const SIG_BITS = 2048;
const SIG_SHIFT = 32 - 11; // log2(SIG_BITS) = 11
const BLOCK_TEXTS = 4096;
const BLOCK_SHIFT = 12; // log2(BLOCK_TEXTS)
const BLOCK_WORDS = BLOCK_TEXTS / 32;
const SLAB_BYTES = 8 * 1024 * 1024;

/** Where one text lives (slab, offset, length) and its signature's ordinal (block and column). */
export interface TextSpan {
  slab: number;
  at: number;
  length: number;
  ord: number;
}

/**
 * A needle prepared once per query: its folded bytes, its trigram rows, the candidate mask of the last block it
 * was checked in, and a search cursor. Queries walk history newest first, which is backwards through each slab, so
 * the cursor remembers the last backward search: `hit` is an occurrence (or -1) and nothing occurs in (hit, from].
 * Every older text that ends inside that range is answered without searching, so one pass costs at most one
 * backward scan of each slab, not one scan per text.
 */
export interface Needle {
  bytes: Buffer;
  bits: Uint16Array;
  block: number;
  mask: Uint32Array;
  slab: number;
  from: number;
  hit: number;
}

interface Slab {
  buf: Buffer;
  live: number;
}

interface Block {
  rows: Uint32Array;
  live: number;
}

/** Where a writer starts: a slab index and a signature ordinal no earlier writer has used. */
export interface TextIndexStart {
  slab: number;
  ord: number;
}

/** Told about every slab and signature block a writer allocates, before any span in it is handed out. */
export interface TextIndexSink {
  slab(index: number, buf: Buffer): void;
  block(index: number, rows: Uint32Array): void;
}

const EMPTY = Buffer.alloc(0);

const LOWER = new Uint8Array(256);
for (let i = 0; i < 256; i++) LOWER[i] = i >= 0x41 && i <= 0x5a ? i + 0x20 : i;

/** Multiplicative hash of 3 bytes into SIG_BITS. */
const h3 = (a: number, b: number, c: number): number => Math.imul((a << 16) | (b << 8) | c, 0xc2b2ae35) >>> SIG_SHIFT;

/** Case-folds `text` the same way indexed bodies are folded. */
export function foldText(text: string): Buffer {
  return foldBytes(Buffer.from(text, 'utf8'));
}

function foldBytes(src: Buffer): Buffer {
  let ascii = true;
  for (let i = 0; i < src.length; i++) {
    if (src[i]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (!ascii) return Buffer.from(src.toString('utf8').toLowerCase(), 'utf8');
  const out = Buffer.allocUnsafe(src.length);
  for (let i = 0; i < src.length; i++) out[i] = LOWER[src[i]!]!;
  return out;
}

export function prepareNeedle(needle: string): Needle {
  const bytes = foldText(needle);
  const bits: number[] = [];
  for (let i = 0; i + 2 < bytes.length; i++) bits.push(h3(bytes[i]!, bytes[i + 1]!, bytes[i + 2]!));
  return { bytes, bits: Uint16Array.from(new Set(bits)), block: -1, mask: new Uint32Array(BLOCK_WORDS), slab: -1, from: -1, hit: -1 };
}

/**
 * Folds and signs texts into slabs and signature blocks it allocates (in SharedArrayBuffers when `shared`, so another
 * thread can read them). It keeps only the slab and block it is filling; the reader owns everything else.
 */
export class TextIndexWriter {
  private slab: { index: number; buf: Buffer; used: number } | undefined;
  private block: { index: number; rows: Uint32Array } | undefined;
  private nextSlab: number;
  private nextOrd: number;
  /** One text's signature, built here before its set bits are spread over the block's rows. */
  private readonly sig = new Uint8Array(SIG_BITS);

  constructor(
    start: TextIndexStart,
    private readonly sink: TextIndexSink,
    private readonly shared = false,
  ) {
    this.nextSlab = start.slab;
    this.nextOrd = start.ord;
  }

  /**
   * Copies `prefix` + the head of `body` into the current slab, case-folded, signs it, and returns where it went.
   * Nothing refers to `body` afterwards.
   */
  add(prefix: string, body: Buffer | undefined): TextSpan {
    const head = body === undefined ? EMPTY : body.length > SEARCH_TEXT_BYTES ? body.subarray(0, SEARCH_TEXT_BYTES) : body;
    const preBytes = Buffer.byteLength(prefix, 'utf8');
    let ascii = preBytes === prefix.length;
    for (let i = 0; ascii && i < head.length; i++) if (head[i]! >= 0x80) ascii = false;
    let slab: { index: number; buf: Buffer; used: number };
    let at: number;
    let length: number;
    if (ascii) {
      length = preBytes + head.length;
      slab = this.slabFor(length);
      at = slab.used;
      const buf = slab.buf;
      buf.write(prefix, at, preBytes, 'latin1');
      head.copy(buf, at + preBytes);
      for (let i = at, end = at + length; i < end; i++) buf[i] = LOWER[buf[i]!]!;
    } else {
      // Lower-casing can change the length (İ → i̇); a character cut in half at SEARCH_TEXT_BYTES folds to U+FFFD.
      const folded = Buffer.from((prefix + head.toString('utf8')).toLowerCase(), 'utf8');
      length = folded.length;
      slab = this.slabFor(length);
      at = slab.used;
      folded.copy(slab.buf, at);
    }
    slab.used = at + length;
    const ord = this.nextOrd++;
    this.sign(slab.buf, at, at + length, ord);
    return { slab: slab.index, at, length, ord };
  }

  /** Sets the text's trigram bits in its block's rows (deduplicated first: a body repeats many trigrams). */
  private sign(buf: Buffer, start: number, end: number, ord: number): void {
    const sig = this.sig;
    const blockIndex = ord >>> BLOCK_SHIFT;
    let block = this.block;
    if (!block || block.index !== blockIndex) {
      const words = SIG_BITS * BLOCK_WORDS;
      const rows = this.shared ? new Uint32Array(new SharedArrayBuffer(words * 4)) : new Uint32Array(words);
      this.block = block = { index: blockIndex, rows };
      this.sink.block(blockIndex, rows);
    }
    const col = ord & (BLOCK_TEXTS - 1);
    const word = col >>> 5;
    const bit = 1 << (col & 31);
    const rows = block.rows;
    for (let i = start + 2; i < end; i++) {
      const h = h3(buf[i - 2]!, buf[i - 1]!, buf[i]!);
      if (sig[h] === 0) {
        sig[h] = 1;
        rows[h * BLOCK_WORDS + word]! |= bit;
      }
    }
    sig.fill(0);
  }

  private slabFor(bytes: number): { index: number; buf: Buffer; used: number } {
    const cur = this.slab;
    if (cur && cur.buf.length - cur.used >= bytes) return cur;
    const size = Math.max(SLAB_BYTES, bytes);
    const buf = this.shared ? Buffer.from(new SharedArrayBuffer(size)) : Buffer.allocUnsafe(size);
    const slab = { index: this.nextSlab++, buf, used: 0 };
    this.slab = slab;
    this.sink.slab(slab.index, buf);
    return slab;
  }
}

/**
 * Answers "does this text contain the needle" over the slabs and blocks it has adopted, and frees them as their texts
 * are released. `add` writes on this thread (history read back at start, tests).
 */
export class TextIndex {
  private readonly slabs: (Slab | undefined)[] = [];
  private readonly blocks: (Block | undefined)[] = [];
  /** The newest slab and block adopted: a writer may still be filling them, so they are kept when empty. */
  private lastSlab = -1;
  private lastBlock = -1;
  private writer: TextIndexWriter | undefined;
  /** Set once another writer took over (`handOver`): two writers filling the same slab would corrupt it. */
  private handedOver = false;
  private readonly sink: TextIndexSink = {
    slab: (index, buf) => this.adoptSlab(index, buf),
    block: (index, rows) => this.adoptBlock(index, rows),
  };

  /** Bytes held by live slabs and signature blocks (for the memory figures in the bench). */
  get bytes(): number {
    let n = 0;
    for (const s of this.slabs) if (s) n += s.buf.length;
    for (const b of this.blocks) if (b) n += b.rows.byteLength;
    return n;
  }

  /** Folds, signs and adopts a text on this thread. */
  add(prefix: string, body: Buffer | undefined): TextSpan {
    if (this.handedOver) throw new Error('text index: writing was handed over to another writer');
    this.writer ??= new TextIndexWriter(this.frontier(), this.sink);
    const span = this.writer.add(prefix, body);
    this.adopt(span);
    return span;
  }

  /**
   * Where a writer elsewhere may start: past every slab and block this index knows. From then on this index only
   * adopts what that writer (or one that replaces it, given a later frontier) writes.
   */
  handOver(): TextIndexStart {
    this.writer = undefined;
    this.handedOver = true;
    return this.frontier();
  }

  private frontier(): TextIndexStart {
    return { slab: this.lastSlab + 1, ord: (this.lastBlock + 1) * BLOCK_TEXTS };
  }

  adoptSlab(index: number, buf: Buffer): void {
    this.slabs[index] = { buf, live: 0 };
    if (index > this.lastSlab) this.lastSlab = index;
  }

  adoptBlock(index: number, rows: Uint32Array): void {
    this.blocks[index] = { rows, live: 0 };
    if (index > this.lastBlock) this.lastBlock = index;
  }

  /** A span written into adopted memory: counted, so its slab and block live while it does. */
  adopt(span: TextSpan): void {
    const slab = this.slabs[span.slab];
    const block = this.blocks[span.ord >>> BLOCK_SHIFT];
    if (!slab || !block) throw new Error(`text index: span in slab ${span.slab} / block ${span.ord >>> BLOCK_SHIFT} that was never adopted`);
    slab.live++;
    block.live++;
  }

  /** True when the text at `span` contains the needle (an empty needle is in every text). */
  contains(span: TextSpan, needle: Needle): boolean {
    const nb = needle.bytes;
    if (nb.length === 0) return true;
    if (span.length < nb.length) return false;
    const bits = needle.bits;
    if (bits.length > 0) {
      const blockIndex = span.ord >>> BLOCK_SHIFT;
      if (needle.block !== blockIndex) this.candidates(needle, blockIndex);
      const col = span.ord & (BLOCK_TEXTS - 1);
      if ((needle.mask[col >>> 5]! & (1 << (col & 31))) === 0) return false;
    }
    const buf = this.slabs[span.slab]!.buf;
    const start = span.at;
    const last = start + span.length - nb.length; // the last position where the needle still fits in this text
    if (needle.slab === span.slab) {
      if (last <= needle.from && needle.hit <= last) return needle.hit >= start;
      // Walking forwards (catch-up, oldest first): a backward search from here could rescan the whole slab each
      // time, so search this text alone.
      if (last > needle.from) return buf.subarray(start, start + span.length).indexOf(nb) !== -1;
    }
    needle.slab = span.slab;
    needle.from = last;
    needle.hit = buf.lastIndexOf(nb, last);
    return needle.hit >= start;
  }

  /** The AND of the needle's trigram rows in one block: the texts there that may hold it. */
  private candidates(needle: Needle, blockIndex: number): void {
    const mask = needle.mask;
    const rows = this.blocks[blockIndex]!.rows;
    const bits = needle.bits;
    mask.set(rows.subarray(bits[0]! * BLOCK_WORDS, bits[0]! * BLOCK_WORDS + BLOCK_WORDS));
    for (let b = 1; b < bits.length; b++) {
      const off = bits[b]! * BLOCK_WORDS;
      for (let w = 0; w < BLOCK_WORDS; w++) mask[w]! &= rows[off + w]!;
    }
    needle.block = blockIndex;
  }

  /** The entry is gone; a slab or signature block whose texts are all gone is dropped (unless still being filled). */
  release(span: TextSpan): void {
    const slab = this.slabs[span.slab];
    if (slab && --slab.live <= 0 && span.slab !== this.lastSlab) this.slabs[span.slab] = undefined;
    const blockIndex = span.ord >>> BLOCK_SHIFT;
    const block = this.blocks[blockIndex];
    if (block && --block.live <= 0 && blockIndex !== this.lastBlock) this.blocks[blockIndex] = undefined;
  }
}

/**
 * Indexed before the body (by whichever thread writes the text): every summary field the query language's full text
 * also looks at (path, action, ids), so "the index contains the needle" is implied by every way a full-text term can
 * match. That lets the history's matcher turn the index into an exact pre-filter.
 */
export function searchPrefix(s: WebhookSummary): string {
  return `${s.path}\n${s.id}\n${s.action ?? ''}\n${s.chatId ?? ''}\n${s.threadId ?? ''}\n${s.webhookId ?? ''}\n${s.organizationId ?? ''}\n`;
}
