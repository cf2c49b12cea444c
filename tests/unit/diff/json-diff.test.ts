import { describe, expect, it } from 'vitest';
import { diffJson, pathMatches } from '../../../shared/diff';
import { MAX_DIFF_DEPTH } from '../../../shared/diff/json-diff';
import { AppError } from '../../../shared/api/errors';

describe('diffJson: objects and values', () => {
  it('reports nothing for equal values, also with another key order', () => {
    const r = diffJson({ a: 1, b: { c: [1, { d: 'x' }] } }, { b: { c: [1, { d: 'x' }] }, a: 1 });
    expect(r).toEqual({ changes: [], counts: { added: 0, removed: 0, changed: 0, moved: 0 }, ignored: 0, equal: true });
    expect(diffJson(null, null).equal).toBe(true);
    expect(diffJson('x', 'x').equal).toBe(true);
  });

  it('finds added, removed and changed keys at any depth with catalogue paths', () => {
    const a = { action: 'incoming_event', payload: { chat_id: 'A', event: { text: 'hi', gone: true } }, 'x-y': 1 };
    const b = { action: 'incoming_event', payload: { chat_id: 'B', event: { text: 'hi', fresh: 2 } }, 'x-y': 2 };
    expect(diffJson(a, b).changes).toEqual([
      { kind: 'changed', path: 'payload.chat_id', before: 'A', after: 'B' },
      { kind: 'removed', path: 'payload.event.gone', before: true },
      { kind: 'added', path: 'payload.event.fresh', after: 2 },
      { kind: 'changed', path: '["x-y"]', before: 1, after: 2 },
    ]);
  });

  it('reports a type change as changed with both whole values', () => {
    const r = diffJson({ v: { x: 1 }, w: [1], n: null, s: '1' }, { v: 'x', w: { 0: 1 }, n: 0, s: 1 });
    expect(r.changes).toEqual([
      { kind: 'changed', path: 'v', before: { x: 1 }, after: 'x' },
      { kind: 'changed', path: 'w', before: [1], after: { 0: 1 } },
      { kind: 'changed', path: 'n', before: null, after: 0 },
      { kind: 'changed', path: 's', before: '1', after: 1 },
    ]);
    expect(r.counts).toEqual({ added: 0, removed: 0, changed: 4, moved: 0 });
    expect(diffJson(1, 2).changes).toEqual([{ kind: 'changed', path: '', before: 1, after: 2 }]);
  });
});

describe('diffJson: arrays', () => {
  it('an insertion is one added item, not a change of every later index', () => {
    const r = diffJson({ e: [{ id: 1 }, { id: 2 }, { id: 3 }] }, { e: [{ id: 1 }, { id: 9 }, { id: 2 }, { id: 3 }] });
    expect(r.changes).toEqual([{ kind: 'added', path: 'e[1]', after: { id: 9 } }]);
  });

  it('a deletion is one removed item at its index in a', () => {
    const r = diffJson([1, 2, 3, 4], [1, 2, 4]);
    expect(r.changes).toEqual([{ kind: 'removed', path: '[2]', before: 3 }]);
  });

  it('a changed item is compared inside, at its path', () => {
    const a = { events: [{ id: 'e1', text: 'a' }, { id: 'e2', text: 'b' }, { id: 'e3', text: 'c' }] };
    const b = { events: [{ id: 'e1', text: 'a' }, { id: 'e2', text: 'B' }, { id: 'e3', text: 'c' }] };
    expect(diffJson(a, b).changes).toEqual([{ kind: 'changed', path: 'events[1].text', before: 'b', after: 'B' }]);
  });

  it('an item equal to one at another index is moved, with fromPath', () => {
    const r = diffJson(['a', 'b', 'c', 'd'], ['b', 'c', 'd', 'a']);
    expect(r.changes).toEqual([{ kind: 'moved', path: '[3]', fromPath: '[0]', before: 'a', after: 'a' }]);
    const objs = diffJson({ x: [{ k: 1 }, { k: 2 }, { k: 3 }] }, { x: [{ k: 3 }, { k: 1 }, { k: 2 }] });
    expect(objs.changes).toEqual([{ kind: 'moved', path: 'x[0]', fromPath: 'x[2]', before: { k: 3 }, after: { k: 3 } }]);
  });

  it('mixes insert, delete, move and change in one array', () => {
    const a = [{ n: 1 }, { n: 2 }, { n: 3, t: 'x' }, { n: 4 }, { n: 5 }];
    const b = [{ n: 5 }, { n: 1 }, { n: 3, t: 'y' }, { n: 4 }, { n: 6 }];
    const r = diffJson(a, b);
    expect(r.changes).toEqual(expect.arrayContaining([
      { kind: 'moved', path: '[0]', fromPath: '[4]', before: { n: 5 }, after: { n: 5 } },
      { kind: 'removed', path: '[1]', before: { n: 2 } },
      { kind: 'changed', path: '[2].t', before: 'x', after: 'y' },
      { kind: 'added', path: '[4]', after: { n: 6 } },
    ]));
    expect(r.changes).toHaveLength(4);
    expect(r.counts).toEqual({ added: 1, removed: 1, changed: 1, moved: 1 });
  });

  it('treats an emptied or filled array item by item', () => {
    expect(diffJson({ a: [] }, { a: [1, 2] }).changes).toEqual([
      { kind: 'added', path: 'a[0]', after: 1 },
      { kind: 'added', path: 'a[1]', after: 2 },
    ]);
    expect(diffJson({ a: [1] }, { a: [] }).changes).toEqual([{ kind: 'removed', path: 'a[0]', before: 1 }]);
  });
});

describe('diffJson: ignore', () => {
  const a = { created_at: 1, payload: { chat: { id: 'c1', created_at: 1, thread: { events: [{ id: 'e1', text: 'a' }, { id: 'e2', text: 'b' }] } } } };
  const b = { created_at: 2, payload: { chat: { id: 'c2', created_at: 2, thread: { events: [{ id: 'x1', text: 'a' }, { id: 'x2', text: 'B' }] } } } };

  it('drops changes at ignored paths and counts them', () => {
    const all = diffJson(a, b);
    expect(all.changes.map((c) => c.path)).toEqual([
      'created_at', 'payload.chat.id', 'payload.chat.created_at',
      'payload.chat.thread.events[0].id', 'payload.chat.thread.events[1].id', 'payload.chat.thread.events[1].text',
    ]);
    const r = diffJson(a, b, { ignore: ['**.created_at', 'payload.chat.thread.events[*].id'] });
    expect(r.changes.map((c) => c.path)).toEqual(['payload.chat.id', 'payload.chat.thread.events[1].text']);
    expect(r.ignored).toBe(4);
    expect(r.equal).toBe(false);
  });

  it('ignores whole subtrees and reports equal when nothing is left', () => {
    const r = diffJson(a, b, { ignore: ['payload.chat', 'created_at'] });
    expect(r).toMatchObject({ changes: [], ignored: 6, equal: true });
    expect(diffJson(a, b, { ignore: ['payload.*.thread'] }).changes.map((c) => c.path)).toEqual(['created_at', 'payload.chat.id', 'payload.chat.created_at']);
  });

  it('refuses a bad pattern with bad_request', () => {
    expect(() => diffJson(a, b, { ignore: ['payload..chat'] })).toThrow(AppError);
    try {
      diffJson(a, b, { ignore: ['ok', 'a[b]'] });
    } catch (err) {
      expect(err).toMatchObject({ code: 'bad_request', message: expect.stringContaining('bad ignore pattern "a[b]"') });
    }
  });
});

describe('diffJson: depth', () => {
  it('refuses values nested deeper than MAX_DIFF_DEPTH with bad_request instead of overflowing the stack', () => {
    const deep = (n: number, leaf: unknown): unknown => JSON.parse(`${'['.repeat(n)}${JSON.stringify(leaf)}${']'.repeat(n)}`);
    expect(diffJson(deep(MAX_DIFF_DEPTH, 1), deep(MAX_DIFF_DEPTH, 2)).changes).toHaveLength(1);
    expect(() => diffJson(deep(50_000, 1), deep(50_000, 2))).toThrow(expect.objectContaining({ code: 'bad_request', message: expect.stringContaining('nested deeper than 256') }));
  });
});

describe('pathMatches', () => {
  it('matches literal, * and ** steps', () => {
    expect(pathMatches('payload.chat.id', 'payload.chat.id')).toBe(true);
    expect(pathMatches('payload.chat', 'payload.chat.id')).toBe(false);
    expect(pathMatches('payload.*.id', 'payload.chat.id')).toBe(true);
    expect(pathMatches('payload.*.id', 'payload.chat.thread.id')).toBe(false);
    expect(pathMatches('**.created_at', 'created_at')).toBe(true);
    expect(pathMatches('**.created_at', 'payload.chat.thread.created_at')).toBe(true);
    expect(pathMatches('**', 'anything[3].at.all')).toBe(true);
    expect(pathMatches('payload.**.id', 'payload.id')).toBe(true);
    expect(pathMatches('events[*].id', 'events[12].id')).toBe(true);
    expect(pathMatches('events[*].id', 'events.x.id')).toBe(true);
    expect(pathMatches('events[0].id', 'events[1].id')).toBe(false);
  });

  it('understands quoted keys and tells keys from indices', () => {
    expect(pathMatches('headers["x-id"]', 'headers["x-id"]')).toBe(true);
    expect(pathMatches('headers.*', 'headers["x-id"]')).toBe(true);
    expect(pathMatches('a[0]', 'a["0"]')).toBe(false);
    expect(pathMatches('a["*"]', 'a.b')).toBe(false);
  });

  it('is false for patterns or paths that do not parse', () => {
    expect(pathMatches('a..b', 'a.b')).toBe(false);
    expect(pathMatches('a.b', 'a.*')).toBe(false);
  });
});

describe('diffJson on two ~1 MiB documents', () => {
  function doc(n: number): { webhook_id: string; payload: { events: { id: string; type: string; text: string; created_at: string; author_id: string }[] } } {
    const events = [];
    for (let i = 0; i < n; i++) {
      events.push({ id: `E${i}`, type: 'message', text: `message number ${i} `.repeat(6), created_at: '2026-11-27T10:00:00.000Z', author_id: `agent${i % 7}@example.com` });
    }
    return { webhook_id: 'wh', payload: { events } };
  }

  it('finds exactly the few changes among 5,000 items', () => {
    const a = doc(5000);
    const b = doc(5000);
    expect(JSON.stringify(a).length).toBeGreaterThan(1_000_000);
    b.payload.events[10]!.text = 'edited';
    b.payload.events.splice(2000, 1);
    const moved = b.payload.events.splice(3000, 1)[0]!;
    b.payload.events.push(moved);
    b.payload.events.splice(4000, 0, { id: 'NEW', type: 'message', text: 'new', created_at: 'x', author_id: 'y' });
    const r = diffJson(a, b);
    expect(r.changes).toEqual(expect.arrayContaining([
      { kind: 'changed', path: 'payload.events[10].text', before: a.payload.events[10]!.text, after: 'edited' },
      { kind: 'removed', path: 'payload.events[2000]', before: a.payload.events[2000] },
      { kind: 'moved', path: 'payload.events[4999]', fromPath: 'payload.events[3001]', before: moved, after: moved },
      { kind: 'added', path: 'payload.events[4000]', after: b.payload.events[4000] },
    ]));
    expect(r.changes).toHaveLength(4);
  });

  it('falls back to index pairing for arrays too different to align, and stays correct', () => {
    const a = Array.from({ length: 6000 }, (_, i) => i);
    const b = Array.from({ length: 6000 }, (_, i) => (i % 2 === 0 ? -i - 1 : i));
    const r = diffJson(a, b);
    expect(r.counts.changed + r.counts.added + r.counts.removed).toBeGreaterThan(0);
    expect(r.changes.filter((c) => c.kind === 'changed')).toHaveLength(3000);
    expect(r.changes[0]).toEqual({ kind: 'changed', path: '[0]', before: 0, after: -1 });
  });
});
