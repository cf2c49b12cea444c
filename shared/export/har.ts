import { toBase64, tryUtf8Decode } from './bytes';
import { headerValue } from './names';
import type { PortableWebhook } from './types';

/*
 * HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), written in pieces so an export of 100,000 webhooks is
 * streamed: harStart() + harEntry(w, 0) + harEntry(w, 1) + … + harEnd(). Each entry is the captured request; its
 * response is what LiveHook answered (status only: LiveHook answers `{}`). Custom fields start with "_" as the spec
 * asks: `_bodyBase64` (always, so an import is byte-exact whatever the body) and `_livehook.id`.
 */

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 400: 'Bad Request', 401: 'Unauthorized',
  403: 'Forbidden', 404: 'Not Found', 408: 'Request Timeout', 409: 'Conflict', 410: 'Gone', 413: 'Content Too Large',
  415: 'Unsupported Media Type', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway',
  503: 'Service Unavailable', 504: 'Gateway Timeout',
};

interface NameValue {
  name: string;
  value: string;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch (err) {
    if (err instanceof URIError) return s; // malformed %-escape: show it as sent
    throw err;
  }
}

function queryPairs(query: string): NameValue[] {
  if (query === '') return [];
  return query.split('&').map((part) => {
    const eq = part.indexOf('=');
    return eq === -1 ? { name: safeDecode(part), value: '' } : { name: safeDecode(part.slice(0, eq)), value: safeDecode(part.slice(eq + 1)) };
  });
}

function headerList(headers: Record<string, string | string[]>): NameValue[] {
  const out: NameValue[] = [];
  for (const [name, value] of Object.entries(headers)) {
    for (const v of Array.isArray(value) ? value : [value]) out.push({ name, value: v });
  }
  return out;
}

export function harStart(creator: { name: string; version: string }): string {
  return `{"log":{"version":"1.2","creator":${JSON.stringify({ name: creator.name, version: creator.version })},"entries":[`;
}

export function harEnd(): string {
  return ']}}\n';
}

/** One entry; every entry after the first (index > 0) starts with the separating comma. */
export function harEntry(w: PortableWebhook, index: number): string {
  const host = headerValue(w.headers, 'host') ?? 'localhost';
  const request: Record<string, unknown> = {
    method: w.method,
    url: `http://${host}${w.path}${w.query === '' ? '' : `?${w.query}`}`,
    httpVersion: 'HTTP/1.1',
    cookies: [],
    headers: headerList(w.headers),
    queryString: queryPairs(w.query),
    headersSize: -1,
    bodySize: w.body.length,
  };
  if (w.body.length > 0) {
    const text = tryUtf8Decode(w.body);
    const base64 = toBase64(w.body);
    const mimeType = headerValue(w.headers, 'content-type') ?? '';
    request.postData =
      text !== undefined
        ? { mimeType, text, _bodyBase64: base64 }
        : { mimeType, text: base64, encoding: 'base64', _bodyBase64: base64 };
  }
  const status = w.answerStatus ?? 0;
  const entry: Record<string, unknown> = {
    startedDateTime: w.receivedAt,
    time: 0,
    request,
    response: {
      status,
      statusText: STATUS_TEXT[status] ?? '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [],
      content: w.answerStatus === undefined ? { size: 0, mimeType: '' } : { size: 2, mimeType: 'application/json', text: '{}' },
      redirectURL: '',
      headersSize: -1,
      bodySize: w.answerStatus === undefined ? 0 : 2,
    },
    cache: {},
    timings: { send: 0, wait: 0, receive: 0 },
  };
  if (w.id !== undefined) entry._livehook = { id: w.id };
  return (index > 0 ? ',' : '') + JSON.stringify(entry);
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** HAR 1.2 structure violations, each naming the JSON path that is wrong; empty when the document is valid. */
export function validateHar(obj: unknown): string[] {
  const errors: string[] = [];
  const need = (o: Obj, key: string, where: string, kind: 'string' | 'number' | 'array' | 'object'): unknown => {
    const v = o[key];
    const ok = kind === 'array' ? Array.isArray(v) : kind === 'object' ? isObj(v) : typeof v === kind;
    if (!ok) errors.push(`${where}.${key}: expected ${kind === 'array' || kind === 'object' ? `an ${kind}` : `a ${kind}`}`);
    return ok ? v : undefined;
  };
  const nameValues = (o: Obj, key: string, where: string): void => {
    const list = need(o, key, where, 'array') as unknown[] | undefined;
    list?.forEach((item, i) => {
      if (!isObj(item) || typeof item.name !== 'string' || typeof item.value !== 'string') {
        errors.push(`${where}.${key}[${i}]: expected { name: string, value: string }`);
      }
    });
  };
  const nonNegative = (o: Obj, key: string, where: string): void => {
    const v = need(o, key, where, 'number') as number | undefined;
    if (v !== undefined && v < 0) errors.push(`${where}.${key}: must not be negative`);
  };

  if (!isObj(obj)) return ['top level: expected an object'];
  const log = need(obj, 'log', 'har', 'object') as Obj | undefined;
  if (log === undefined) return errors;
  need(log, 'version', 'log', 'string');
  const creator = need(log, 'creator', 'log', 'object') as Obj | undefined;
  if (creator !== undefined) {
    need(creator, 'name', 'log.creator', 'string');
    need(creator, 'version', 'log.creator', 'string');
  }
  const entries = need(log, 'entries', 'log', 'array') as unknown[] | undefined;
  entries?.forEach((entry, i) => {
    const at = `log.entries[${i}]`;
    if (!isObj(entry)) {
      errors.push(`${at}: expected an object`);
      return;
    }
    const started = need(entry, 'startedDateTime', at, 'string') as string | undefined;
    if (started !== undefined && (!ISO_8601.test(started) || Number.isNaN(Date.parse(started)))) {
      errors.push(`${at}.startedDateTime: not an ISO 8601 date-time with a zone`);
    }
    nonNegative(entry, 'time', at);
    const req = need(entry, 'request', at, 'object') as Obj | undefined;
    if (req !== undefined) {
      const r = `${at}.request`;
      need(req, 'method', r, 'string');
      need(req, 'url', r, 'string');
      need(req, 'httpVersion', r, 'string');
      need(req, 'cookies', r, 'array');
      nameValues(req, 'headers', r);
      nameValues(req, 'queryString', r);
      need(req, 'headersSize', r, 'number');
      need(req, 'bodySize', r, 'number');
      if (req.postData !== undefined) {
        const pd = need(req, 'postData', r, 'object') as Obj | undefined;
        if (pd !== undefined) {
          need(pd, 'mimeType', `${r}.postData`, 'string');
          if (typeof pd.text !== 'string' && !Array.isArray(pd.params)) errors.push(`${r}.postData: expected text or params`);
        }
      }
    }
    const res = need(entry, 'response', at, 'object') as Obj | undefined;
    if (res !== undefined) {
      const r = `${at}.response`;
      need(res, 'status', r, 'number');
      need(res, 'statusText', r, 'string');
      need(res, 'httpVersion', r, 'string');
      need(res, 'cookies', r, 'array');
      nameValues(res, 'headers', r);
      const content = need(res, 'content', r, 'object') as Obj | undefined;
      if (content !== undefined) {
        need(content, 'size', `${r}.content`, 'number');
        need(content, 'mimeType', `${r}.content`, 'string');
      }
      need(res, 'redirectURL', r, 'string');
      need(res, 'headersSize', r, 'number');
      need(res, 'bodySize', r, 'number');
    }
    need(entry, 'cache', at, 'object');
    const timings = need(entry, 'timings', at, 'object') as Obj | undefined;
    if (timings !== undefined) for (const k of ['send', 'wait', 'receive']) nonNegative(timings, k, `${at}.timings`);
  });
  return errors;
}
