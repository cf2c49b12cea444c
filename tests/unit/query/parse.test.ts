import { describe, expect, it } from 'vitest';
import { parseQuery, parseTimeValue } from '../../../shared/query';
import type { QueryError, QueryTerm } from '../../../shared/query';

function terms(source: string): QueryTerm[] {
  const r = parseQuery(source);
  if (!r.ok) throw new Error(`expected ${source} to parse: ${r.error.message}`);
  return r.query.terms;
}

function error(source: string): QueryError {
  const r = parseQuery(source);
  if (r.ok) throw new Error(`expected ${source} to fail`);
  return r.error;
}

describe('parseQuery: successes', () => {
  it('reads an empty or blank query as zero terms', () => {
    expect(terms('')).toEqual([]);
    expect(terms('  \t ')).toEqual([]);
  });

  it('reads field terms with their offsets', () => {
    expect(terms('action:incoming_event  chat:PJ0MRSHTDG')).toEqual([
      { kind: 'field', field: 'action', value: 'incoming_event', negate: false, start: 0, end: 21 },
      { kind: 'field', field: 'chat', value: 'PJ0MRSHTDG', negate: false, start: 23, end: 38 },
    ]);
  });

  it('accepts field names in any case and keeps the value as typed', () => {
    expect(terms('ACTION:Incoming_Chat Secret:OK')).toEqual([
      { kind: 'field', field: 'action', value: 'Incoming_Chat', negate: false, start: 0, end: 20 },
      { kind: 'field', field: 'secret', value: 'OK', negate: false, start: 21, end: 30 },
    ]);
  });

  it('reads quoted values with escapes, and negation of fields', () => {
    expect(terms('-action:"a b" path:"x\\"y\\\\z"')).toEqual([
      { kind: 'field', field: 'action', value: 'a b', negate: true, start: 0, end: 13 },
      { kind: 'field', field: 'path', value: 'x"y\\z', negate: false, start: 14, end: 28 },
    ]);
  });

  it('reads flags, is: aliases and their negations', () => {
    expect(terms('retry -pinned is:retry -IS:Pinned is:invalid')).toEqual([
      { kind: 'flag', flag: 'retry', negate: false, start: 0, end: 5 },
      { kind: 'flag', flag: 'pinned', negate: true, start: 6, end: 13 },
      { kind: 'flag', flag: 'retry', negate: false, start: 14, end: 22 },
      { kind: 'flag', flag: 'pinned', negate: true, start: 23, end: 33 },
      { kind: 'field', field: 'status', value: 'invalid', negate: false, start: 34, end: 44 },
    ]);
  });

  it('reads phrases and bare words as full text', () => {
    expect(terms('"hello there" -spam 10:00')).toEqual([
      { kind: 'text', text: 'hello there', phrase: true, negate: false, start: 0, end: 13 },
      { kind: 'text', text: 'spam', phrase: false, negate: true, start: 14, end: 19 },
      { kind: 'text', text: '10:00', phrase: false, negate: false, start: 20, end: 25 },
    ]);
  });

  it('accepts every status, secret and source form', () => {
    for (const v of ['invalid', 'valid', '413', '200', '4xx', '5XX']) expect(terms(`status:${v}`)).toHaveLength(1);
    for (const v of ['ok', 'mismatch', 'unknown', 'none']) expect(terms(`secret:${v}`)).toHaveLength(1);
    for (const v of ['tunnel', 'local', 'simulator', 'import']) expect(terms(`source:${v}`)).toHaveLength(1);
  });

  it('accepts ISO dates, date-times with or without a zone, and relative ages', () => {
    const ok = ['2026-11-01', '2026-11-01T10:00', '2026-11-01T10:00Z', '2026-11-01T10:00:05.123+02:00', '30s', '10m', '2h', '3d'];
    for (const v of ok) expect(terms(`after:${v} before:${v}`), v).toHaveLength(2);
    expect(terms('after:"2026-11-01 10:00"')).toHaveLength(1);
  });
});

describe('parseQuery: errors with offsets', () => {
  it('names an unknown field and suggests the closest one', () => {
    expect(error('chat:X acton:incoming_chat')).toEqual({
      message: 'unknown field "acton" — did you mean action?',
      start: 7,
      end: 12,
    });
    const far = error('http://example.com');
    expect(far.message).toContain('unknown field "http"');
    expect(far.message).toContain('quote text');
    expect([far.start, far.end]).toEqual([0, 4]);
  });

  it('rejects an empty value', () => {
    expect(error('action: chat:x')).toEqual({ message: 'empty value for action:', start: 0, end: 7 });
    expect(error('x -chat:""')).toMatchObject({ message: 'empty value for chat:', start: 2, end: 10 });
  });

  it('rejects a bad date at the value', () => {
    const e = error('action:x after:yesterday');
    expect(e.message).toMatch(/^bad date "yesterday"/);
    expect([e.start, e.end]).toEqual([15, 24]);
    expect(error('before:2026-02-31').message).toMatch(/^bad date/);
    expect(error('before:2026-11-01T25:00').message).toMatch(/^bad date/);
  });

  it('rejects bad secret, status and source values', () => {
    expect(error('secret:yes')).toMatchObject({ start: 7, end: 10 });
    expect(error('secret:yes').message).toContain('ok, mismatch, unknown or none');
    expect(error('status:broken')).toMatchObject({ start: 7, end: 13 });
    expect(error('status:600').message).toMatch(/^bad status value "600"/);
    expect(error('source:cloud')).toMatchObject({ start: 7, end: 12 });
    expect(error('is:fast')).toMatchObject({ start: 3, end: 7 });
  });

  it('rejects an unterminated quote from the quote to the end', () => {
    expect(error('chat:x "hello there')).toEqual({ message: 'unterminated quote: add a closing "', start: 7, end: 19 });
    expect(error('action:"abc')).toMatchObject({ start: 7, end: 11 });
  });

  it('rejects a lone or detached minus', () => {
    expect(error('chat:x -')).toMatchObject({ start: 7, end: 8 });
    expect(error('- chat:x')).toMatchObject({ start: 0, end: 1 });
  });

  it('rejects text glued to a closing quote and empty phrases', () => {
    expect(error('"ab"cd')).toMatchObject({ message: 'expected a space after the closing quote', start: 4, end: 5 });
    expect(error('x ""')).toMatchObject({ message: 'empty phrase', start: 2, end: 4 });
  });
});

describe('parseTimeValue', () => {
  const now = Date.UTC(2026, 10, 27, 12, 0, 0);
  it('reads relative ages back from now', () => {
    expect(parseTimeValue('30s', now)).toBe(now - 30_000);
    expect(parseTimeValue('10m', now)).toBe(now - 600_000);
    expect(parseTimeValue('2h', now)).toBe(now - 7_200_000);
    expect(parseTimeValue('3d', now)).toBe(now - 3 * 86_400_000);
  });

  it('reads times without an offset as UTC and applies offsets', () => {
    expect(parseTimeValue('2026-11-01', now)).toBe(Date.UTC(2026, 10, 1));
    expect(parseTimeValue('2026-11-01T10:00', now)).toBe(Date.UTC(2026, 10, 1, 10));
    expect(parseTimeValue('2026-11-01T10:00:00Z', now)).toBe(Date.UTC(2026, 10, 1, 10));
    expect(parseTimeValue('2026-11-01T10:00+02:00', now)).toBe(Date.UTC(2026, 10, 1, 8));
    expect(parseTimeValue('2026-11-01T10:00:00.250-0130', now)).toBe(Date.UTC(2026, 10, 1, 11, 30, 0, 250));
    expect(parseTimeValue('2026-11-01Z', now)).toBeUndefined();
    expect(parseTimeValue('11/01/2026', now)).toBeUndefined();
  });
});
