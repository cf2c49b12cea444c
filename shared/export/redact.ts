import { tryUtf8Decode, utf8Encode } from './bytes';

export const REDACTED = '[redacted]';

/** Headers whose values are credentials (lower-case names). */
export const SECRET_HEADERS: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key']);

/** The index after the string literal starting at `at` (a `"`), or -1 when it is not closed. */
function stringEnd(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92) i++; // backslash: skip the escaped character
    else if (c === 34) return i + 1;
  }
  return -1;
}

function skipSpace(text: string, at: number): number {
  let i = at;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
    i++;
  }
  return i;
}

function memberName(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end - 1);
  // Only escaped names need JSON.parse; the plain ones are compared as they are (most keys, far cheaper).
  return raw.includes('\\') ? (JSON.parse(text.slice(start, end)) as string) : raw;
}

/**
 * Replaces the string value of every `secret_key` member, at any depth, with "[redacted]"; every other byte of the
 * body stays as it was (spacing, key order, number spelling, escapes), so an export differs from the capture only
 * where the secret was. Bodies that are not UTF-8 JSON, or that have no such member, are returned unchanged.
 * The key is compared after unescaping, so `"secret\u005fkey"` is caught too.
 */
export function redactSecretKey(body: Uint8Array): Uint8Array {
  const text = tryUtf8Decode(body);
  if (text === undefined || (!text.includes('secret') && !text.includes('\\u'))) return body;
  try {
    JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    if (err instanceof SyntaxError) return body; // not JSON: nothing is a member, nothing to redact
    throw err;
  }
  const parts: string[] = [];
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    if (text.charCodeAt(i) !== 34) {
      i++;
      continue;
    }
    const end = stringEnd(text, i);
    if (end === -1) break;
    const colon = skipSpace(text, end);
    // In valid JSON a string followed by ":" is a member name.
    if (text.charCodeAt(colon) === 58 && memberName(text, i, end) === 'secret_key') {
      const value = skipSpace(text, colon + 1);
      if (text.charCodeAt(value) === 34) {
        const valueEnd = stringEnd(text, value);
        parts.push(text.slice(copied, value), JSON.stringify(REDACTED));
        copied = valueEnd;
        i = valueEnd;
        continue;
      }
    }
    i = end;
  }
  if (parts.length === 0) return body;
  parts.push(text.slice(copied));
  return utf8Encode(parts.join(''));
}

/** A copy of the headers with credential values replaced (names compared case-insensitively). */
export function redactHeaders(headers: Record<string, string | string[]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? (Array.isArray(value) ? value.map(() => REDACTED) : REDACTED) : value;
  }
  return out;
}
