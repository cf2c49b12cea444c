import { parseQuery } from './parse';
import type { QueryField, QueryTerm } from './types';

const NEEDS_QUOTES_VALUE = /\s|^"|^$/;
// As a bare word, text must not read as something else: a negation, a flag, a `field:` term or a phrase.
const NEEDS_QUOTES_TEXT = /\s|"|^-|^[A-Za-z_]\w*:|^$/;

function quote(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/** Writes one term so that parseQuery reads it back as exactly this field and value (quoted only when needed). */
export function formatTerm(field: QueryField | 'text', value: string, negate = false): string {
  const sign = negate ? '-' : '';
  if (field === 'text') {
    const lower = value.toLowerCase();
    const bare = !NEEDS_QUOTES_TEXT.test(value) && lower !== 'retry' && lower !== 'pinned';
    return sign + (bare ? value : quote(value));
  }
  return `${sign}${field}:${NEEDS_QUOTES_VALUE.test(value) ? quote(value) : value}`;
}

/** Terms that constrain the same thing: one field (negated or not), one flag, or the very same text. */
function sameSlot(a: QueryTerm, b: QueryTerm): boolean {
  if (a.kind === 'field' && b.kind === 'field') return a.field === b.field;
  if (a.kind === 'flag' && b.kind === 'flag') return a.flag === b.flag;
  if (a.kind === 'text' && b.kind === 'text') return a.text.toLowerCase() === b.text.toLowerCase();
  return false;
}

/**
 * Adds `term` (as written by formatTerm) to the query text, replacing a term on the same field in place (so
 * clicking a chat id chip swaps `chat:A` for `chat:B` instead of ANDing two chats that can never both match).
 * When `source` does not parse, the term is appended and the error stays for the user to see.
 */
export function withTerm(source: string, term: string): string {
  const append = (): string => {
    const head = source.trimEnd();
    return head === '' ? term : `${head} ${term}`;
  };
  const parsedTerm = parseQuery(term);
  const parsed = parseQuery(source);
  if (!parsedTerm.ok || parsedTerm.query.terms.length !== 1 || !parsed.ok) return append();
  const added = parsedTerm.query.terms[0]!;
  const same = parsed.query.terms.filter((t) => sameSlot(t, added));
  if (same.length === 0) return append();

  let out = source;
  // Right to left, so earlier offsets stay valid; the first one is replaced, the rest removed with their leading space.
  for (let k = same.length - 1; k >= 0; k--) {
    const t = same[k]!;
    if (k === 0) {
      out = out.slice(0, t.start) + term + out.slice(t.end);
    } else {
      let from = t.start;
      while (from > 0 && /\s/.test(out[from - 1]!)) from--;
      out = out.slice(0, from) + out.slice(t.end);
    }
  }
  return out;
}
