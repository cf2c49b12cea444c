import { describe, expect, it } from 'vitest';
import { prepareNeedle, SEARCH_TEXT_BYTES, TextIndex } from '../../../electron/engine/history/text-index';

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

  it('stages a text as it came (not searchable yet, the body not held), then folds and signs it in place', () => {
    const index = new TextIndex();
    const body = Buffer.from('{"Text":"Hello World"}');
    const span = index.stage('/Path\n', body);
    expect(index.isStaged(span)).toBe(true);
    body.fill(0x7a); // the request's buffer is reused or freed: the staged copy must not change
    const other = index.add('', Buffer.from('{"text":"bye"}'));
    index.index(span);
    expect(index.isStaged(span)).toBe(false);
    expect(has(index, span, 'hello world')).toBe(true);
    expect(has(index, span, '/path')).toBe(true);
    expect(has(index, span, 'zzz')).toBe(false);
    expect(has(index, other, 'hello')).toBe(false);
    index.index(span); // idempotent
    expect(has(index, span, 'hello world')).toBe(true);
  });

  it('moves a staged text whose lower-case form is longer (İ → i̇) and frees its old slab with it', () => {
    const index = new TextIndex();
    // Fill the first 8 MiB slab to 20 bytes short: the 18-byte text fits, its 20-byte lower-case form no longer does.
    const fillers = Array.from({ length: 512 }, (_, i) => index.add('', Buffer.alloc(i < 511 ? SEARCH_TEXT_BYTES : SEARCH_TEXT_BYTES - 20, 0x61)));
    const span = index.stage('', Buffer.from('"İSTANBUL İzmir"'));
    expect(span.slab).toBe(0);
    for (const f of fillers) index.release(f);
    index.index(span);
    expect(span.slab).toBeGreaterThan(0);
    expect(has(index, span, 'i̇stanbul i̇zmir')).toBe(true);
    expect(has(index, span, 'istanbul')).toBe(false);
    // Staged texts, indexed or not, release cleanly; a query on a staged one indexes it first.
    const staged = index.stage('', Buffer.from('Late Arrival'));
    expect(has(index, staged, 'late arrival')).toBe(true);
    const before = index.bytes;
    index.release(span);
    index.release(staged);
    index.release(index.stage('', Buffer.from('never indexed')));
    expect(index.bytes).toBeLessThanOrEqual(before);
  });
});
