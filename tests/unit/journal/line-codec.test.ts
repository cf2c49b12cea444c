import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BatchFramer, decodeLocated, encodeEntry, framedLength } from '../../../electron/engine/journal/line-codec';

const body = Buffer.from('{"action":"incoming_chat","payload":{"text":"naïve café — 日本語 ✓"}}');

/** Entries with multi-byte text in the JSON part, with and without a base64 field, of different sizes. */
function batchOf(n: number, tag: string) {
  return Array.from({ length: n }, (_, i) => ({
    encoded:
      i % 3 === 2
        ? encodeEntry({ kind: 'note', text: `${tag} ${i} ünïcödé ${'x'.repeat(i * 37)}` })
        : encodeEntry({ kind: 'webhook', id: `${tag}-${i}`, path: '/zażółć', n: i }, { key: 'bodyBase64', base64: body.toString('base64') }),
  }));
}

describe('line codec', () => {
  it('frames a batch into lines that check out and read back as the entries, the base64 field included', () => {
    const items = batchOf(7, 'a');
    const { buf, locators } = new BatchFramer().frame(items, 4, 1000);
    expect(buf.length).toBe(items.reduce((sum, item) => sum + framedLength(item.encoded), 0));
    for (let i = 0; i < items.length; i++) {
      const loc = locators[i]!;
      expect(loc.segment).toBe(4);
      const line = decodeLocated(buf, loc.offset - 1000, loc.length);
      expect(line.ok).toBe(true);
      if (!line.ok) continue;
      if (i % 3 === 2) {
        expect(line.entry).toEqual({ kind: 'note', text: `a ${i} ünïcödé ${'x'.repeat(i * 37)}` });
      } else {
        expect(line.entry).toEqual({ kind: 'webhook', id: `a-${i}`, path: '/zażółć', n: i, bodyBase64: body.toString('base64') });
        expect(Buffer.from(line.entry.bodyBase64 as string, 'base64').equals(body)).toBe(true);
      }
    }
    // The checksum is the lowercase hex crc32 of the JSON bytes.
    const first = buf.subarray(0, locators[0]!.length - 1);
    expect(first.toString('latin1', 0, 8)).toBe(crc32(first.subarray(9)).toString(16).padStart(8, '0'));
  });

  it('a reused framer (growing, and past the size it keeps) gives the same bytes as a buffer of its own', () => {
    const framer = new BatchFramer(64 * 1024);
    for (const [n, tag] of [[5, 'b'], [40, 'c'], [2, 'd'], [300, 'e']] as const) {
      const items = batchOf(n, tag);
      const reused = framer.frame(items, 1, 0);
      const fresh = new BatchFramer().frame(items, 1, 0);
      expect(reused.buf.equals(fresh.buf)).toBe(true);
      expect(reused.locators).toEqual(fresh.locators);
    }
  });

  it('refuses entries that could not be read back as written', () => {
    expect(() => encodeEntry({ kind: 1 } as never)).toThrow(/string "kind"/);
    expect(() => encodeEntry({ kind: 'webhook', bodyBase64: 'x' }, { key: 'bodyBase64', base64: 'AA==' })).toThrow(/has it already/);
    expect(() => encodeEntry({ kind: 'webhook' }, { key: 'bad key"', base64: 'AA==' })).toThrow(/bad base64 field name/);
    const odd = { kind: 'webhook', toJSON: () => ['not', 'an', 'object'] };
    expect(() => encodeEntry(odd, { key: 'bodyBase64', base64: 'AA==' })).toThrow(/JSON object/);
  });
});
