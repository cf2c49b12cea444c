import { fromBase64, utf8Encode } from './bytes';
import type { ImportFormat, PortableWebhook } from './types';

/*
 * Reads an export back. Lenient about where the body is (bodyBase64, body as text or as a JSON value; HAR
 * `_bodyBase64`, postData.text with or without encoding: "base64") and about optional fields (method POST, path
 * "/", no headers), strict about what would make a wrong record: a line that is not a JSON object, a missing or
 * unreadable time, bad base64, headers that are not strings. Such lines/entries are skipped with a numbered error.
 */

export interface ImportResult {
  format: ImportFormat;
  items: PortableWebhook[];
  errors: string[];
}

type Obj = Record<string, unknown>;

class EntryError extends Error {}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function shortMessage(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return m.length > 120 ? `${m.slice(0, 117)}…` : m;
}

function time(v: unknown, field: string): string {
  const ms = typeof v === 'string' ? Date.parse(v) : NaN;
  if (Number.isNaN(ms)) throw new EntryError(`${field} is missing or not a date`);
  return new Date(ms).toISOString();
}

function base64(v: string, field: string): Uint8Array {
  try {
    return fromBase64(v);
  } catch (err) {
    throw new EntryError(`${field}: ${shortMessage(err)}`);
  }
}

function status(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 100 && v <= 599 ? v : undefined;
}

function headersFromObject(v: unknown): Record<string, string | string[]> {
  if (v === undefined) return {};
  if (!isObj(v)) throw new EntryError('headers is not an object');
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(v)) {
    if (typeof value === 'string' || (Array.isArray(value) && value.every((x) => typeof x === 'string'))) {
      out[name] = value as string | string[];
    } else {
      throw new EntryError(`header "${name}" is not a string`);
    }
  }
  return out;
}

function splitTarget(pathAndQuery: string): { path: string; query: string } {
  const noFragment = pathAndQuery.split('#', 1)[0]!;
  const q = noFragment.indexOf('?');
  const path = q === -1 ? noFragment : noFragment.slice(0, q);
  return { path: path === '' ? '/' : path, query: q === -1 ? '' : noFragment.slice(q + 1) };
}

function fromLine(o: Obj): PortableWebhook {
  const receivedAt = time(o.receivedAt, 'receivedAt');
  let body: Uint8Array;
  if (typeof o.bodyBase64 === 'string') body = base64(o.bodyBase64, 'bodyBase64');
  else if (typeof o.body === 'string') body = utf8Encode(o.body);
  else if (o.body === undefined) body = new Uint8Array(0);
  else body = utf8Encode(JSON.stringify(o.body));
  const target = splitTarget(typeof o.path === 'string' ? o.path : '/');
  const w: PortableWebhook = {
    receivedAt,
    method: typeof o.method === 'string' && o.method !== '' ? o.method : 'POST',
    path: target.path,
    query: typeof o.query === 'string' ? o.query.replace(/^\?/, '') : target.query,
    headers: headersFromObject(o.headers),
    body,
  };
  // `answerStatus` (NDJSON export), `status` (`livehook events --json`) or `answer.status` (a journal record).
  const answer = status(o.answerStatus) ?? status(o.status) ?? (isObj(o.answer) ? status(o.answer.status) : undefined);
  if (answer !== undefined) w.answerStatus = answer;
  if (typeof o.id === 'string' && o.id !== '') w.id = o.id;
  return w;
}

function parseNdjson(text: string): ImportResult {
  const items: PortableWebhook[] = [];
  const errors: string[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      errors.push(`line ${i + 1}: not JSON (${shortMessage(err)})`);
      return;
    }
    if (!isObj(value)) {
      errors.push(`line ${i + 1}: not a JSON object`);
      return;
    }
    try {
      items.push(fromLine(value));
    } catch (err) {
      if (!(err instanceof EntryError)) throw err;
      errors.push(`line ${i + 1}: ${err.message}`);
    }
  });
  return { format: 'ndjson', items, errors };
}

function fromHarEntry(e: unknown): PortableWebhook {
  if (!isObj(e)) throw new EntryError('not an object');
  const receivedAt = time(e.startedDateTime, 'startedDateTime');
  const req = e.request;
  if (!isObj(req)) throw new EntryError('no request object');
  if (typeof req.url !== 'string') throw new EntryError('request.url is not a string');
  const headers: Record<string, string | string[]> = {};
  if (req.headers !== undefined) {
    if (!Array.isArray(req.headers)) throw new EntryError('request.headers is not an array');
    for (const h of req.headers) {
      if (!isObj(h) || typeof h.name !== 'string' || typeof h.value !== 'string') {
        throw new EntryError('request.headers has an item that is not { name, value }');
      }
      const prev = headers[h.name];
      headers[h.name] = prev === undefined ? h.value : Array.isArray(prev) ? [...prev, h.value] : [prev, h.value];
    }
  }
  let body: Uint8Array = new Uint8Array(0);
  const pd = req.postData;
  if (isObj(pd)) {
    if (typeof pd._bodyBase64 === 'string') body = base64(pd._bodyBase64, 'postData._bodyBase64');
    else if (typeof pd.text === 'string') body = pd.encoding === 'base64' ? base64(pd.text, 'postData.text') : utf8Encode(pd.text);
  } else if (typeof e._bodyBase64 === 'string') {
    body = base64(e._bodyBase64, '_bodyBase64');
  }
  // Absolute (http://host/path?q) or origin-form (/path?q); parsed by hand because URL would normalise the path.
  const target = splitTarget(req.url.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/, ''));
  const w: PortableWebhook = {
    receivedAt,
    method: typeof req.method === 'string' && req.method !== '' ? req.method : 'POST',
    path: target.path,
    query: target.query,
    headers,
    body,
  };
  const answer = isObj(e.response) ? status(e.response.status) : undefined;
  if (answer !== undefined) w.answerStatus = answer;
  if (isObj(e._livehook) && typeof e._livehook.id === 'string' && e._livehook.id !== '') w.id = e._livehook.id;
  return w;
}

function parseHar(text: string): ImportResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { format: 'har', items: [], errors: [`not a HAR file: the text is not JSON (${shortMessage(err)})`] };
  }
  if (!isObj(doc) || !isObj(doc.log) || !Array.isArray(doc.log.entries)) {
    return { format: 'har', items: [], errors: ['not a HAR file: no log.entries array'] };
  }
  const items: PortableWebhook[] = [];
  const errors: string[] = [];
  doc.log.entries.forEach((e: unknown, i: number) => {
    try {
      items.push(fromHarEntry(e));
    } catch (err) {
      if (!(err instanceof EntryError)) throw err;
      errors.push(`entry ${i + 1}: ${err.message}`);
    }
  });
  return { format: 'har', items, errors };
}

/** HAR when the text is one JSON document with a `log`, NDJSON otherwise (one JSON object per line). */
export function detectImportFormat(text: string): ImportFormat {
  if (/^\s*\{\s*"log"\s*:/.test(text)) return 'har';
  const firstLine = text.trimStart().split('\n', 1)[0]!.trim();
  if (!firstLine.startsWith('{')) return 'ndjson';
  try {
    JSON.parse(firstLine);
    return 'ndjson';
  } catch (err) {
    if (err instanceof SyntaxError) return 'har'; // a JSON document spread over several lines
    throw err;
  }
}

/** Reads a HAR or NDJSON export (format detected when not given); unreadable entries are listed in `errors`. */
export function parseImport(text: string, format?: ImportFormat): ImportResult {
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return (format ?? detectImportFormat(t)) === 'har' ? parseHar(t) : parseNdjson(t);
}
