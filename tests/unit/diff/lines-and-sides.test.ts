import { describe, expect, it } from 'vitest';
import { diffJson, diffLines, sideBySide } from '../../../shared/diff';
import type { SideLine } from '../../../shared/diff';
import { matchSequences } from '../../../shared/diff/sequence';

describe('matchSequences', () => {
  it('finds a longest common subsequence', () => {
    const r = matchSequences([1, 2, 3, 4, 5, 6], [1, 3, 4, 9, 6, 7]);
    expect(r).toEqual({ aIdx: [0, 2, 3, 5], bIdx: [0, 1, 2, 4] });
    expect(matchSequences([], [1])).toEqual({ aIdx: [], bIdx: [] });
    expect(matchSequences([1, 2], [1, 2])).toEqual({ aIdx: [0, 1], bIdx: [0, 1] });
  });

  it('gives up (undefined) over its edit or work bound', () => {
    const a = Array.from({ length: 100 }, (_, i) => i);
    const b = Array.from({ length: 100 }, (_, i) => i + 1000);
    expect(matchSequences(a, b, { maxEdits: 50 })).toBeUndefined();
    expect(matchSequences(a, b, { maxWork: 100 })).toBeUndefined();
    expect(matchSequences(a, b)).toEqual({ aIdx: [], bIdx: [] });
  });
});

describe('diffLines', () => {
  it('marks inserted, deleted and kept lines in order', () => {
    expect(diffLines('a\nb\nc\nd', 'a\nc\nx\nd\ne')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'same', text: 'c' },
      { kind: 'added', text: 'x' },
      { kind: 'same', text: 'd' },
      { kind: 'added', text: 'e' },
    ]);
  });

  it('puts a replaced line as removed then added, and handles empty and CRLF texts', () => {
    expect(diffLines('x=1\r\ny=2', 'x=1\ny=3')).toEqual([
      { kind: 'same', text: 'x=1' },
      { kind: 'removed', text: 'y=2' },
      { kind: 'added', text: 'y=3' },
    ]);
    expect(diffLines('', 'a')).toEqual([{ kind: 'added', text: 'a' }]);
    expect(diffLines('a', '')).toEqual([{ kind: 'removed', text: 'a' }]);
    expect(diffLines('', '')).toEqual([]);
  });

  it('keeps the common head and tail when two texts are too different to align', () => {
    const mid = (p: string): string => Array.from({ length: 3000 }, (_, i) => `${p}${i}`).join('\n');
    const r = diffLines(`head\n${mid('a')}\ntail`, `head\n${mid('b')}\ntail`);
    expect(r[0]).toEqual({ kind: 'same', text: 'head' });
    expect(r.at(-1)).toEqual({ kind: 'same', text: 'tail' });
    expect(r.filter((l) => l.kind === 'removed')).toHaveLength(3000);
    expect(r.filter((l) => l.kind === 'added')).toHaveLength(3000);
    expect(r[1]).toEqual({ kind: 'removed', text: 'a0' });
  });
});

function texts(lines: SideLine[]): string {
  return lines.filter((l) => l !== null).map((l) => l.text).join('\n');
}

describe('sideBySide', () => {
  it('pretty-prints each side exactly like JSON.stringify(v, null, 2)', () => {
    const a = { action: 'x', 'x-y': [1, { b: null }], e: {}, f: [] };
    const b = { action: 'y', list: ['s'] };
    const r = sideBySide(a, b, diffJson(a, b));
    expect(texts(r.left)).toBe(JSON.stringify(a, null, 2));
    expect(texts(r.right)).toBe(JSON.stringify(b, null, 2));
    expect(r.left).toHaveLength(r.right.length);
  });

  it('aligns unchanged lines and pads an insertion with fillers on the other side', () => {
    const a = { a: 1, list: [1, 2], z: true };
    const b = { a: 1, list: [1, 9, 2], z: true };
    const r = sideBySide(a, b, diffJson(a, b));
    expect(r.left).toEqual([
      { text: '{', path: '' },
      { text: '  "a": 1,', path: 'a' },
      { text: '  "list": [', path: 'list' },
      { text: '    1,', path: 'list[0]' },
      null,
      { text: '    2', path: 'list[1]' },
      { text: '  ],', path: 'list' },
      { text: '  "z": true', path: 'z' },
      { text: '}', path: '' },
    ]);
    expect(r.right[4]).toEqual({ text: '    9,', path: 'list[1]', kind: 'added' });
    expect(r.right[5]).toEqual({ text: '    2', path: 'list[2]' });
  });

  it('marks changed lines on both sides, facing each other, and whole removed subtrees', () => {
    const a = { id: 'A', gone: { deep: [1] }, keep: 1 };
    const b = { id: 'B', keep: 1 };
    const r = sideBySide(a, b, diffJson(a, b));
    expect(r.left[1]).toEqual({ text: '  "id": "A",', path: 'id', kind: 'changed' });
    expect(r.right[1]).toEqual({ text: '  "id": "B",', path: 'id', kind: 'changed' });
    const removed = r.left.filter((l) => l?.kind === 'removed').map((l) => l!.text.trim());
    expect(removed).toEqual(['"gone": {', '"deep": [', '1', ']', '},']);
    // Every removed line faces a filler, and "keep" is level on both sides.
    r.left.forEach((l, i) => {
      if (l?.kind === 'removed') expect(r.right[i]).toBeNull();
    });
    const keepRow = r.left.findIndex((l) => l?.path === 'keep');
    expect(r.right[keepRow]).toEqual({ text: '  "keep": 1', path: 'keep' });
  });

  it('marks a moved item at its old place on the left and its new place on the right', () => {
    const a = ['a', 'b', 'c'];
    const b = ['b', 'c', 'a'];
    const r = sideBySide(a, b, diffJson(a, b));
    expect(r.left.find((l) => l?.kind === 'moved')).toEqual({ text: '  "a",', path: '[0]', kind: 'moved' });
    expect(r.right.find((l) => l?.kind === 'moved')).toEqual({ text: '  "a"', path: '[2]', kind: 'moved' });
  });
});
