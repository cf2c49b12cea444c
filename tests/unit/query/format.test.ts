import { describe, expect, it } from 'vitest';
import { QUERY_FIELDS, formatTerm, parseQuery, withTerm } from '../../../shared/query';
import type { QueryField } from '../../../shared/query';

describe('formatTerm', () => {
  it('writes bare terms when it can', () => {
    expect(formatTerm('chat', 'PJ0MRSHTDG')).toBe('chat:PJ0MRSHTDG');
    expect(formatTerm('action', 'incoming_event', true)).toBe('-action:incoming_event');
    expect(formatTerm('text', 'hello')).toBe('hello');
  });

  it('quotes values that would not read back as written', () => {
    expect(formatTerm('action', 'a b')).toBe('action:"a b"');
    expect(formatTerm('path', '"x\\y"')).toBe('path:"\\"x\\\\y\\""');
    expect(formatTerm('text', 'retry')).toBe('"retry"');
    expect(formatTerm('text', '-x')).toBe('"-x"');
    expect(formatTerm('text', 'chat:x')).toBe('"chat:x"');
  });

  it('round-trips through parseQuery', () => {
    const cases: [QueryField | 'text', string, boolean][] = [
      ['action', 'a "b" \\ c', false], ['path', '/x y', true], ['text', 'say "hi"', false], ['text', 'Pinned', true],
      ['chat', 'PJ0MRSHTDG', false], ['after', '2026-11-01', false],
    ];
    for (const [field, value, negate] of cases) {
      const r = parseQuery(formatTerm(field, value, negate));
      if (!r.ok) throw new Error(r.error.message);
      const t = r.query.terms;
      expect(t).toHaveLength(1);
      if (field === 'text') expect(t[0]).toMatchObject({ kind: 'text', text: value, negate });
      else expect(t[0]).toMatchObject({ kind: 'field', field, value, negate });
    }
  });
});

describe('withTerm', () => {
  it('appends a term on a new field', () => {
    expect(withTerm('', 'chat:A')).toBe('chat:A');
    expect(withTerm('action:x  ', 'chat:A')).toBe('action:x chat:A');
  });

  it('replaces a term on the same field in place, negated or not, and drops duplicates', () => {
    expect(withTerm('action:x chat:A retry', 'chat:B')).toBe('action:x chat:B retry');
    expect(withTerm('-chat:A action:x', 'chat:B')).toBe('chat:B action:x');
    expect(withTerm('chat:A action:x chat:C', '-chat:B')).toBe('-chat:B action:x');
    expect(withTerm('after:1h x', 'after:2026-11-01')).toBe('after:2026-11-01 x');
    expect(withTerm('pinned x', '-pinned')).toBe('-pinned x');
  });

  it('does not repeat the same text and appends to a query that does not parse', () => {
    expect(withTerm('hello world', 'Hello')).toBe('Hello world');
    expect(withTerm('acton:x', 'chat:A')).toBe('acton:x chat:A');
  });
});

describe('QUERY_FIELDS', () => {
  it('documents every field with an example that parses', () => {
    const names = QUERY_FIELDS.map((f) => f.name);
    for (const f of ['action', 'chat', 'thread', 'webhook', 'org', 'secret', 'status', 'source', 'method', 'path', 'id', 'after', 'before', 'retry', 'pinned']) {
      expect(names).toContain(f);
    }
    for (const f of QUERY_FIELDS) expect(parseQuery(f.example).ok, f.example).toBe(true);
  });
});
