import { AppError } from '../api/errors';

/*
 * Byte helpers without Buffer (shared/ runs in the renderer too). Base64 goes through lookup tables and one typed
 * array instead of btoa/atob over a binary string, which needs an intermediate string per byte and is several times
 * slower on the 10 MiB bodies an export can carry.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ENC = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const DEC = new Uint8Array(256).fill(255);
for (let i = 0; i < 64; i++) DEC[ALPHABET.charCodeAt(i)] = i;
// URL-safe input is accepted too (some tools write it); output is always standard base64.
DEC['-'.charCodeAt(0)] = 62;
DEC['_'.charCodeAt(0)] = 63;

const ascii = new TextDecoder();
const encoder = new TextEncoder();
// ignoreBOM: keep a leading U+FEFF as a character, so decode → encode gives back the very same bytes.
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });
const strict = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });

export function toBase64(bytes: Uint8Array): string {
  const n = bytes.length;
  const out = new Uint8Array(Math.ceil(n / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = ENC[v >>> 18]!;
    out[o++] = ENC[(v >>> 12) & 63]!;
    out[o++] = ENC[(v >>> 6) & 63]!;
    out[o++] = ENC[v & 63]!;
  }
  if (i < n) {
    const v = (bytes[i]! << 16) | (i + 1 < n ? bytes[i + 1]! << 8 : 0);
    out[o++] = ENC[v >>> 18]!;
    out[o++] = ENC[(v >>> 12) & 63]!;
    out[o++] = i + 1 < n ? ENC[(v >>> 6) & 63]! : 61;
    out[o] = 61;
  }
  return ascii.decode(out);
}

function bad(message: string, offset: number): AppError {
  return new AppError('bad_request', `invalid base64: ${message} at offset ${offset}`, { offset });
}

/** Decodes standard (or URL-safe) base64, padding optional. Throws `bad_request` with the offset of the problem. */
export function fromBase64(s: string): Uint8Array {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 61) end--;
  if (s.length - end > 2 || (end < s.length && s.length % 4 !== 0)) throw bad('wrong padding', end);
  if (end % 4 === 1) throw bad('truncated input', end);
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let o = 0;
  let i = 0;
  const at = (k: number): number => {
    const c = s.charCodeAt(k);
    const v = c < 256 ? DEC[c]! : 255;
    if (v === 255) throw bad(`unexpected character ${JSON.stringify(s[k])}`, k);
    return v;
  };
  for (; i + 3 < end; i += 4) {
    const v = (at(i) << 18) | (at(i + 1) << 12) | (at(i + 2) << 6) | at(i + 3);
    out[o++] = v >>> 16;
    out[o++] = (v >>> 8) & 255;
    out[o++] = v & 255;
  }
  const rest = end - i;
  if (rest >= 2) {
    const v = (at(i) << 18) | (at(i + 1) << 12) | (rest === 3 ? at(i + 2) << 6 : 0);
    out[o] = v >>> 16;
    if (rest === 3) out[o + 1] = (v >>> 8) & 255;
  }
  return out;
}

export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Decodes UTF-8, replacing invalid sequences with U+FFFD (for display). */
export function utf8Decode(bytes: Uint8Array): string {
  return lenient.decode(bytes);
}

/** The text when `bytes` is valid UTF-8 (so encoding it gives back the same bytes), undefined otherwise. */
export function tryUtf8Decode(bytes: Uint8Array): string | undefined {
  try {
    return strict.decode(bytes);
  } catch (err) {
    if (err instanceof TypeError) return undefined; // the fatal decoder's way of saying "not UTF-8"
    throw err;
  }
}
