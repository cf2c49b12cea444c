import { FIELD_NAMES, IS_WORDS, SECRET_VALUES, SOURCE_VALUES } from './fields';
import { parseTimeValue } from './time';
import type { ParseResult, QueryError, QueryField, QueryTerm } from './types';

/*
 * Grammar (terms separated by whitespace, ANDed):
 *   term   = ["-"] ( phrase | field ":" value | flag | word )
 *   phrase = '"' chars '"'          (\" and \\ escape inside quotes)
 *   value  = phrase | non-space chars
 *   flag   = "retry" | "pinned"     (also is:retry, is:pinned; is:invalid / is:valid mean status:…)
 * A word that looks like `name:` with an unknown name is an error rather than text, so a typo in a field name is
 * reported instead of silently matching nothing; quote text that contains a colon to search for it.
 */

const NAME = /[A-Za-z_]\w*/y;
const FIELDS = new Set<string>(FIELD_NAMES);
const STATUS_CODE = /^[1-5]\d\d$/;
const STATUS_CLASS = /^[1-5]xx$/i;

class QuerySyntaxError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v' || c === '\u00a0';
}

/** Reads a double-quoted string starting at `at` (the quote); returns its value and the index after the closing quote. */
function readQuoted(source: string, at: number): { value: string; end: number } {
  let out = '';
  let j = at + 1;
  while (j < source.length) {
    const c = source[j]!;
    if (c === '\\' && (source[j + 1] === '"' || source[j + 1] === '\\')) {
      out += source[j + 1];
      j += 2;
    } else if (c === '"') {
      if (j + 1 < source.length && !isSpace(source[j + 1])) {
        throw new QuerySyntaxError('expected a space after the closing quote', j + 1, j + 2);
      }
      return { value: out, end: j + 1 };
    } else {
      out += c;
      j++;
    }
  }
  throw new QuerySyntaxError('unterminated quote: add a closing "', at, source.length);
}

function readWord(source: string, at: number): number {
  let j = at;
  while (j < source.length && !isSpace(source[j])) j++;
  return j;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = Math.min(up + 1, row[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length]!;
}

function unknownFieldMessage(name: string): string {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const f of [...FIELD_NAMES, 'is']) {
    const d = editDistance(lower, f);
    if (d < bestDistance) {
      best = f;
      bestDistance = d;
    }
  }
  if (best !== undefined && bestDistance <= Math.max(1, Math.floor(best.length / 3))) {
    return `unknown field "${name}" — did you mean ${best}?`;
  }
  return `unknown field "${name}" — fields are ${FIELD_NAMES.join(', ')}, is; quote text that contains ":" to search for it`;
}

/** Checks a field's value; the message says what would have been accepted. */
function checkValue(field: QueryField, value: string, start: number, end: number): void {
  const lower = value.toLowerCase();
  switch (field) {
    case 'secret':
      if (!(SECRET_VALUES as readonly string[]).includes(lower)) {
        throw new QuerySyntaxError(`bad secret value "${value}" — use ok, mismatch, unknown or none`, start, end);
      }
      return;
    case 'status':
      if (lower !== 'invalid' && lower !== 'valid' && !STATUS_CODE.test(value) && !STATUS_CLASS.test(value)) {
        throw new QuerySyntaxError(`bad status value "${value}" — use invalid, valid, an HTTP status (413) or a class (4xx)`, start, end);
      }
      return;
    case 'source':
      if (!(SOURCE_VALUES as readonly string[]).includes(lower)) {
        throw new QuerySyntaxError(`bad source value "${value}" — use ${SOURCE_VALUES.join(', ')}`, start, end);
      }
      return;
    case 'after':
    case 'before':
      if (parseTimeValue(value, 0) === undefined) {
        throw new QuerySyntaxError(
          `bad date "${value}" — use 2026-11-01, 2026-11-01T10:00 (UTC unless an offset like Z or +02:00 is given) or an age: 30s, 10m, 2h, 3d`,
          start,
          end,
        );
      }
      return;
    default:
      return;
  }
}

function parseTerm(source: string, start: number): { term: QueryTerm; end: number } {
  let i = start;
  let negate = false;
  if (source[i] === '-') {
    negate = true;
    i++;
    if (i >= source.length || isSpace(source[i])) {
      throw new QuerySyntaxError('"-" must be followed by a term to negate (no space between them)', start, start + 1);
    }
  }

  if (source[i] === '"') {
    const q = readQuoted(source, i);
    if (q.value.trim() === '') throw new QuerySyntaxError('empty phrase', i, q.end);
    return { term: { kind: 'text', text: q.value, phrase: true, negate, start, end: q.end }, end: q.end };
  }

  NAME.lastIndex = i;
  const name = NAME.exec(source);
  const colon = name === null ? -1 : i + name[0].length;
  if (name !== null && source[colon] === ':') {
    const fieldName = name[0].toLowerCase();
    const valueStart = colon + 1;
    let value: string;
    let end: number;
    if (source[valueStart] === '"') {
      const q = readQuoted(source, valueStart);
      value = q.value;
      end = q.end;
    } else {
      end = readWord(source, valueStart);
      value = source.slice(valueStart, end);
    }
    if (value === '') throw new QuerySyntaxError(`empty value for ${fieldName}:`, start, end);

    if (fieldName === 'is') {
      const word = value.toLowerCase();
      if (word === 'retry' || word === 'pinned') return { term: { kind: 'flag', flag: word, negate, start, end }, end };
      if (word === 'invalid' || word === 'valid') {
        return { term: { kind: 'field', field: 'status', value: word, negate, start, end }, end };
      }
      throw new QuerySyntaxError(`unknown is:${value} — use ${IS_WORDS.map((w) => `is:${w}`).join(', ')}`, valueStart, end);
    }
    if (!FIELDS.has(fieldName)) throw new QuerySyntaxError(unknownFieldMessage(name[0]), i, colon);
    const field = fieldName as QueryField;
    checkValue(field, value, valueStart, end);
    return { term: { kind: 'field', field, value, negate, start, end }, end };
  }

  const end = readWord(source, i);
  const word = source.slice(i, end);
  const lower = word.toLowerCase();
  if (lower === 'retry' || lower === 'pinned') return { term: { kind: 'flag', flag: lower, negate, start, end }, end };
  return { term: { kind: 'text', text: word, phrase: false, negate, start, end }, end };
}

/** Parses the filter bar's text. Never throws: a syntax problem is returned with the offsets to underline. */
export function parseQuery(source: string): ParseResult {
  const terms: QueryTerm[] = [];
  let i = 0;
  try {
    for (;;) {
      while (i < source.length && isSpace(source[i])) i++;
      if (i >= source.length) break;
      const { term, end } = parseTerm(source, i);
      terms.push(term);
      i = end;
    }
  } catch (err) {
    if (!(err instanceof QuerySyntaxError)) throw err;
    const error: QueryError = { message: err.message, start: err.start, end: err.end };
    return { ok: false, error };
  }
  return { ok: true, query: { source, terms } };
}
