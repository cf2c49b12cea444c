import { describe, expect, it } from 'vitest';
import { prepareNeedle, SEARCH_TEXT_BYTES, TextIndex, TextIndexWriter } from '../../../electron/engine/history/text-index';

const has = (index: TextIndex, span: ReturnType<TextIndex['add']>, needle: string) => index.contains(span, prepareNeedle(needle));

describe('TextIndex', () => {
  it('finds words and phrases case-insensitively, in the body and in the prefix', () => {
    const index = new TextIndex();
    const span = index.add('/hooks/LiveChat\n', Buffer.from('{"Text":"Hello World","chat_id":"PJ0MRSHTDG"}'));
    expect(has(index, span, 'hello world')).toBe(true);
    expect(has(index, span, 'pj0mrshtdg')).toBe(true);
    expect(has(index, span, '/hooks/livechat')).toBe(true);
    expect(has(index, span, 'h')).toBe(true);
    expect(has(index, span, 'he')).toBe(true);
    expect(has(index, span, '')).toBe(true);
    expect(has(index, span, 'world hello')).toBe(false);
    expect(has(index, span, 'q')).toBe(false);
    expect(has(index, span, 'zz')).toBe(false);
  });

  it('folds non-ASCII text like String#toLowerCase, so "É" finds "é"', () => {
    const index = new TextIndex();
    const span = index.add('', Buffer.from('{"name":"ÉLODIE Straße ✓"}'));
    expect(has(index, span, 'élodie')).toBe(true);
    expect(has(index, span, 'straße ✓')).toBe(true);
    expect(has(index, span, 'elodie')).toBe(false);
  });

  it('never matches across two texts, and searches only the head of a long body', () => {
    const index = new TextIndex();
    const a = index.add('', Buffer.from('abc'));
    const b = index.add('', Buffer.from('def'));
    expect(has(index, a, 'cd')).toBe(false);
    expect(has(index, b, 'cd')).toBe(false);
    const long = Buffer.alloc(SEARCH_TEXT_BYTES + 100, 0x61);
    long.write('needle', SEARCH_TEXT_BYTES + 10);
    long.write('early', 10);
    const span = index.add('', long);
    expect(has(index, span, 'early')).toBe(true);
    expect(has(index, span, 'needle')).toBe(false);
  });

  it('keeps thousands of texts across slabs and frees a slab once all its texts are released', () => {
    const index = new TextIndex();
    const spans = Array.from({ length: 6000 }, (_, i) => index.add('', Buffer.from(`{"n":"item-${i}","pad":"${'x'.repeat(2000)}"}`)));
    expect(new Set(spans.map((s) => s.slab)).size).toBeGreaterThan(1);
    expect(has(index, spans[5999]!, 'item-5999')).toBe(true);
    expect(has(index, spans[17]!, 'item-17"')).toBe(true);
    expect(has(index, spans[17]!, 'item-18')).toBe(false);
    const before = index.bytes;
    for (const s of spans.filter((s) => s.slab === 0)) index.release(s);
    expect(index.bytes).toBeLessThan(before);
  });

  it('copies the text (the body is not held) and folds a text whose lower-case form is longer (İ → i̇)', () => {
    const index = new TextIndex();
    const body = Buffer.from('{"Text":"Hello World","city":"İSTANBUL İzmir"}');
    const span = index.add('/Path\n', body);
    body.fill(0x7a); // the request's buffer is reused or freed: the indexed copy must not change
    expect(has(index, span, 'hello world')).toBe(true);
    expect(has(index, span, '/path')).toBe(true);
    expect(has(index, span, 'i̇stanbul i̇zmir')).toBe(true);
    expect(has(index, span, 'istanbul')).toBe(false);
    expect(has(index, span, 'zzz')).toBe(false);
  });

  it('reads what a writer elsewhere wrote into shared memory, once adopted, and hands writing over past its own', () => {
    const reader = new TextIndex();
    const early = reader.add('', Buffer.from('{"text":"read back at start"}'));
    const start = reader.handOver();
    expect(() => reader.add('', Buffer.from('x'))).toThrow(/handed over/);
    // The analysis worker's side: its memory reaches the reader as SharedArrayBuffers, as postMessage delivers them.
    const announced: { slabs: [number, SharedArrayBuffer][]; blocks: [number, SharedArrayBuffer][] } = { slabs: [], blocks: [] };
    const writer = new TextIndexWriter(
      start,
      {
        slab: (i, buf) => announced.slabs.push([i, buf.buffer as SharedArrayBuffer]),
        block: (i, rows) => announced.blocks.push([i, rows.buffer as SharedArrayBuffer]),
      },
      true,
    );
    const spans = Array.from({ length: 5000 }, (_, i) => writer.add(`/hook/${i}\n`, Buffer.from(`{"n":"item-${i}","Text":"Late Arrival"}`)));
    expect(announced.slabs.every(([, sab]) => sab instanceof SharedArrayBuffer)).toBe(true);
    expect(announced.slabs[0]![0]).toBeGreaterThan(early.slab);
    expect(spans[0]!.ord).toBeGreaterThan(early.ord);
    expect(announced.blocks.length).toBe(2); // 5,000 texts: two blocks of 4,096 columns
    for (const [i, sab] of announced.slabs) reader.adoptSlab(i, Buffer.from(sab));
    for (const [i, sab] of announced.blocks) reader.adoptBlock(i, new Uint32Array(sab));
    for (const span of spans) reader.adopt(span);
    expect(has(reader, spans[4321]!, 'item-4321"')).toBe(true);
    expect(has(reader, spans[4321]!, 'late arrival')).toBe(true);
    expect(has(reader, spans[4321]!, 'item-4322')).toBe(false);
    expect(has(reader, early, 'read back')).toBe(true);
    expect(has(reader, early, 'late arrival')).toBe(false);
    // A span whose memory was never announced is refused rather than read as garbage.
    expect(() => reader.adopt({ slab: 99, at: 0, length: 1, ord: 0 })).toThrow(/never adopted/);
    const before = reader.bytes;
    for (const span of spans.slice(0, 4096)) reader.release(span);
    expect(reader.bytes).toBe(before - 2048 * 128 * 4); // the first block went; the slab being filled stays
  });
});
