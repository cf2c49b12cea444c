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
 * indexed: ASCII bytes byte-wise; bodies with non-ASCII bytes through String#toLowerCase, which is also what the
 * needle goes through, so "É" finds "é". Folding and signing are never on the receiver's path: capture only copies
 * the text into its slab (`stage`), and the history indexes staged texts on a later tick, or at the latest when a
 * query needs them.
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
  used: number;
  live: number;
}

interface Block {
  rows: Uint32Array;
  live: number;
}

/** `ord` of a staged text (see TextIndex.stage): no signature yet. */
const UNINDEXED = -1;
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

export class TextIndex {
  private readonly slabs: (Slab | undefined)[] = [];
  private readonly blocks: (Block | undefined)[] = [];
  private nextOrd = 0;
  /** One text's signature, built here before its set bits are spread over the block's rows. */
  private readonly sig = new Uint8Array(SIG_BITS);

  /** Bytes held by live slabs and signature blocks (for the memory figures in the bench). */
  get bytes(): number {
    let n = 0;
    for (const s of this.slabs) if (s) n += s.buf.length;
    for (const b of this.blocks) if (b) n += b.rows.byteLength;
    return n;
  }

  /** Stages and indexes at once (read-back: indexing there is cheaper than holding every text for later). */
  add(prefix: string, body: Buffer | undefined): TextSpan {
    const span = this.stage(prefix, body);
    this.index(span);
    return span;
  }

  /**
   * Copies `prefix` + the head of `body` into the current slab as they are (two memcpys) and returns where they went;
   * the text is not searchable until `index(span)`. This is what capture does: the slab is where the text lives
   * anyway, so a text waiting to be indexed costs no memory of its own and holds no reference to the request's body.
   */
  stage(prefix: string, body: Buffer | undefined): TextSpan {
    const head = body === undefined ? EMPTY : body.length > SEARCH_TEXT_BYTES ? body.subarray(0, SEARCH_TEXT_BYTES) : body;
    const preBytes = Buffer.byteLength(prefix, 'utf8');
    const length = preBytes + head.length;
    const slabIndex = this.slabFor(length);
    const slab = this.slabs[slabIndex]!;
    const at = slab.used;
    slab.buf.write(prefix, at, preBytes, 'utf8');
    head.copy(slab.buf, at + preBytes);
    slab.used = at + length;
    slab.live++;
    return { slab: slabIndex, at, length, ord: UNINDEXED };
  }

  /** True until `index(span)` ran: the text is staged but not yet case-folded and signed. */
  isStaged(span: TextSpan): boolean {
    return span.ord === UNINDEXED;
  }

  /**
   * Case-folds a staged text in place and signs it; from then on `contains` can answer for it. A non-ASCII text whose
   * folded form is longer than the original (rare: a few characters grow when lower-cased, or a character cut in
   * half at SEARCH_TEXT_BYTES) moves to the current slab. Idempotent.
   */
  index(span: TextSpan): void {
    if (span.ord !== UNINDEXED) return;
    const buf = this.slabs[span.slab]!.buf;
    const start = span.at;
    const end = start + span.length;
    let ascii = true;
    for (let i = start; i < end; i++) {
      if (buf[i]! >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      for (let i = start; i < end; i++) buf[i] = LOWER[buf[i]!]!;
    } else {
      const folded = Buffer.from(buf.toString('utf8', start, end).toLowerCase(), 'utf8');
      if (folded.length <= span.length) {
        folded.copy(buf, start);
        span.length = folded.length;
      } else {
        const slabIndex = this.slabFor(folded.length);
        const slab = this.slabs[slabIndex]!;
        const old = span.slab;
        span.slab = slabIndex;
        span.at = slab.used;
        span.length = folded.length;
        folded.copy(slab.buf, slab.used);
        slab.used += folded.length;
        slab.live++;
        this.releaseSlab(old);
      }
    }
    span.ord = this.nextOrd++;
    // `span.slab` again, not `buf`: a text that grew when folded was moved to another slab above.
    this.sign(this.slabs[span.slab]!.buf, span.at, span.at + span.length, span.ord);
  }

  /** Sets the text's trigram bits in its block's rows (deduplicated first: a body repeats many trigrams). */
  private sign(buf: Buffer, start: number, end: number, ord: number): void {
    const sig = this.sig;
    const blockIndex = ord >>> BLOCK_SHIFT;
    let block = this.blocks[blockIndex];
    if (!block) this.blocks[blockIndex] = block = { rows: new Uint32Array(SIG_BITS * BLOCK_WORDS), live: 0 };
    block.live++;
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

  /** True when the text at `span` contains the needle (an empty needle is in every text). */
  contains(span: TextSpan, needle: Needle): boolean {
    const nb = needle.bytes;
    if (nb.length === 0) return true;
    if (span.ord === UNINDEXED) this.index(span); // the history indexes before it searches; this is a safety net
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

  /** The entry is gone; a slab or signature block whose texts are all gone is dropped. */
  release(span: TextSpan): void {
    this.releaseSlab(span.slab);
    if (span.ord === UNINDEXED) return; // staged only: it never had a column in a signature block
    const blockIndex = span.ord >>> BLOCK_SHIFT;
    const block = this.blocks[blockIndex];
    if (block) {
      block.live--;
      // The block being filled stays: later texts still get columns in it.
      if (block.live <= 0 && blockIndex !== this.nextOrd >>> BLOCK_SHIFT) this.blocks[blockIndex] = undefined;
    }
  }

  private releaseSlab(index: number): void {
    const slab = this.slabs[index];
    if (!slab) return;
    slab.live--;
    if (slab.live <= 0 && index !== this.slabs.length - 1) this.slabs[index] = undefined;
  }

  clear(): void {
    this.slabs.length = 0;
    this.blocks.length = 0;
    this.nextOrd = 0;
  }

  private slabFor(bytes: number): number {
    const last = this.slabs.length - 1;
    const cur = this.slabs[last];
    if (cur && cur.buf.length - cur.used >= bytes) return last;
    // The previous current slab may already be empty (everything in it released): drop it now.
    if (cur && cur.live <= 0) this.slabs[last] = undefined;
    this.slabs.push({ buf: Buffer.allocUnsafe(Math.max(SLAB_BYTES, bytes)), used: 0, live: 0 });
    return this.slabs.length - 1;
  }
}
