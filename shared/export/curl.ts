import { tryUtf8Decode } from './bytes';
import { HOP_BY_HOP_HEADERS, headerValue } from './names';
import type { PortableWebhook } from './types';

/** Bodies up to this size go inline; Linux refuses a single exec argument over 128 KiB (MAX_ARG_STRLEN). */
const INLINE_MAX_BYTES = 64 * 1024;
const SKIPPED_HEADERS = new Set([...HOP_BY_HOP_HEADERS, 'host', 'content-length']);

/** POSIX single-quoting: nothing is special inside '…' except the quote itself, written as '\''. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * A printf format that writes exactly `bytes`: printable ASCII as itself (`%` and `\` doubled), everything else
 * as a three-digit octal escape (POSIX printf; always three digits so a following digit is not swallowed). The
 * quote is escaped too, so the format can be single-quoted as is.
 */
function printfFormat(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    // A format starting with "-" would be read as an option by bash's printf: escape it.
    if (b === 0x25) out += '%%';
    else if (b === 0x5c) out += '\\\\';
    else if (b >= 0x20 && b < 0x7f && b !== 0x27 && !(i === 0 && b === 0x2d)) out += String.fromCharCode(b);
    else out += `\\${b.toString(8).padStart(3, '0')}`;
  }
  return out;
}

/**
 * A POSIX-shell command (ending with "\n") that sends the webhook again to `baseUrl` + its path and query.
 * Hop-by-hop headers, Host and Content-Length are left to curl. A body that is UTF-8 without NUL, does not start
 * with "@" (curl would read a file) and fits in one argument is passed inline with --data-binary; any other body
 * is written by the shell's printf builtin (octal escapes) into `--data-binary @-`, which reproduces it byte for
 * byte with nothing but POSIX sh and curl.
 */
export function curlCommand(w: PortableWebhook, baseUrl: string): string {
  const url = `${baseUrl.replace(/\/+$/, '')}${w.path}${w.query === '' ? '' : `?${w.query}`}`;
  const args = [`curl -X ${shellQuote(w.method)} ${shellQuote(url)}`];
  for (const [name, value] of Object.entries(w.headers)) {
    if (SKIPPED_HEADERS.has(name.toLowerCase())) continue;
    for (const v of Array.isArray(value) ? value : [value]) args.push(`-H ${shellQuote(`${name}: ${v}`)}`);
  }
  if (w.body.length === 0) return `${args.join(' \\\n  ')}\n`;
  // Without this curl would add "Content-Type: application/x-www-form-urlencoded" to a body that had none.
  if (headerValue(w.headers, 'content-type') === undefined) args.push(`-H ${shellQuote('Content-Type:')}`);
  const text = w.body.length <= INLINE_MAX_BYTES ? tryUtf8Decode(w.body) : undefined;
  if (text !== undefined && !text.includes('\0') && !text.startsWith('@')) {
    args.push(`--data-binary ${shellQuote(text)}`);
    return `${args.join(' \\\n  ')}\n`;
  }
  args.push('--data-binary @-');
  return `printf ${shellQuote(printfFormat(w.body))} | ${args.join(' \\\n  ')}\n`;
}
