import { isUtf8 } from 'node:buffer';
import { hash } from 'node:crypto';
import { liftLiveChatFields } from '@shared/livechat/envelope';
import { checkWebhookBody } from '@shared/livechat/catalogue';
import type { CapturedWebhook, LiveChatFields, SchemaFinding, WebhookSource } from '@shared/model/webhook';

/** What the receiver (or the simulator, or an import) hands over: one request as it came in. */
export interface IncomingRequest {
  source: WebhookSource;
  method: string;
  path: string;
  query: string;
  headers: Record<string, string | string[]>;
  remoteAddress: string;
  body: Buffer;
  bodySize: number;
  bodyTruncated: boolean;
  startedAtMs: number;
  bodyMs: number;
}

export interface ParsedBody {
  json?: unknown;
  parseError?: string;
  livechat: LiveChatFields;
}

/** Deeper than this, a body is kept and shown raw only: rendering or re-serialising it would blow the stack. */
export const MAX_JSON_DEPTH = 1000;

/**
 * Parses a webhook body leniently: anything that is not a JSON object is still a valid capture, with a reason.
 * Runs off the receiver's path (the analysis worker), and on it only when a response rule needs the action.
 * (JSON.parse itself copes with any nesting depth; the depth guard is for readers that recurse: `checkJsonDepth`.)
 */
export function parseBody(body: Buffer, truncated: boolean): ParsedBody {
  const none: LiveChatFields = { hasSecretKey: false, kind: 'unknown' };
  if (truncated) return { parseError: 'Body over the size limit: only the first bytes were kept', livechat: none };
  if (body.length === 0) return { parseError: 'Empty body', livechat: none };
  // Compressed bodies are stored as received, never decoded: the record is the bytes on the wire. The reason says so.
  if (body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b) {
    return { parseError: 'Body is gzip-compressed (Content-Encoding is not decoded): stored as received', livechat: none };
  }
  if (!isUtf8(body)) return { parseError: 'Body is not valid UTF-8', livechat: none };
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (err) {
    return { parseError: `Invalid JSON: ${(err as Error).message}`, livechat: none };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    const kind = Array.isArray(json) ? 'an array' : json === null ? 'null' : `a ${typeof json}`;
    return { json, parseError: `Body is JSON but ${kind}, not an object`, livechat: none };
  }
  return { json, livechat: liftLiveChatFields(json) };
}

/**
 * For readers that recurse (JSON.stringify to send a record, the renderer's tree): a body nested deeper than
 * MAX_JSON_DEPTH is then shown as raw text only. Returns the reason, or undefined when the value is fine.
 */
export function checkJsonDepth(json: unknown): string | undefined {
  return jsonDepthExceeds(json, MAX_JSON_DEPTH) ? `JSON nested deeper than ${MAX_JSON_DEPTH} levels: shown as raw text only` : undefined;
}

/** Iterative, so a hostile 100,000-level body cannot overflow the stack here. */
function jsonDepthExceeds(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

function headerValue(headers: Record<string, string | string[]>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * A webhook as journalled: the request as it came (method, path, headers, timing), the answer given and, spliced in by
 * the journal, the body as `bodyBase64`. What the body says (parse error, LiveChat fields, hash, findings) is not
 * stored: it is derived from the exact bytes, off the receiver's path (see BodyFacts). Records written by earlier
 * versions carry those fields too; readers take them as they are.
 */
export type StoredWebhookMeta = Omit<CapturedWebhook, 'bodyBase64' | 'livechat' | 'bodySha256'> & {
  kind: 'webhook';
  livechat?: LiveChatFields;
  bodySha256?: string;
};

/** What a body says, derived from its exact bytes (the same every time, so it is never journalled). */
export interface BodyFacts {
  parseError?: string;
  livechat: LiveChatFields;
  bodySha256: string;
  findings?: SchemaFinding[];
  /** The body's `secret_key` when it has one, for the registration check (which needs the engine's secrets). */
  secretKey?: unknown;
}

/** Parses, lifts, hashes and checks a body against the action catalogue. `json` is handed back for readers that show it. */
export function bodyFacts(body: Buffer, truncated: boolean): BodyFacts & { json?: unknown } {
  const parsed = parseBody(body, truncated);
  const facts: BodyFacts & { json?: unknown } = { livechat: parsed.livechat, bodySha256: hash('sha256', body, 'hex') };
  if (parsed.parseError !== undefined) facts.parseError = parsed.parseError;
  const json = parsed.json;
  if (json !== undefined) facts.json = json;
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    const { findings } = checkWebhookBody(json);
    if (findings.length > 0) facts.findings = findings;
    if (parsed.livechat.hasSecretKey) facts.secretKey = (json as { secret_key?: unknown }).secret_key;
  }
  return facts;
}

/**
 * The durable record of a request, `kind` first so the journal can take it as it is: everything the receiver knows
 * without reading the body. `contentType` is a header, so it is here; the rest of the summary comes from BodyFacts.
 */
export function buildRecord(req: IncomingRequest, ids: { id: string; seq: number }, answer: { status: number; delayMs: number }): StoredWebhookMeta {
  const record: StoredWebhookMeta = {
    kind: 'webhook',
    id: ids.id,
    seq: ids.seq,
    receivedAt: isoTime(req.startedAtMs),
    source: req.source,
    method: req.method,
    path: req.path,
    query: req.query,
    headers: req.headers,
    remoteAddress: req.remoteAddress,
    bodySize: req.bodySize,
    bodyTruncated: req.bodyTruncated,
    answer,
    timing: { startedAtMs: req.startedAtMs, bodyMs: req.bodyMs },
  };
  const contentType = headerValue(req.headers, 'content-type');
  if (contentType !== undefined) record.contentType = contentType;
  return record;
}

let isoMs = Number.NaN;
let isoText = '';

/** `new Date(ms).toISOString()`, remembered for the last millisecond (a busy receiver sees dozens per ms). */
function isoTime(ms: number): string {
  if (ms !== isoMs) {
    isoText = new Date(ms).toISOString();
    isoMs = ms;
  }
  return isoText;
}

/** Fills a record's body-derived fields from `facts` (the secret verdict, which needs the engine, is the caller's). */
export function applyFacts<T extends Omit<StoredWebhookMeta, 'kind'>>(record: T, facts: BodyFacts): T & { livechat: LiveChatFields; bodySha256: string } {
  const lc = facts.livechat;
  const r = record as T & { livechat: LiveChatFields; bodySha256: string };
  r.livechat = lc;
  r.bodySha256 = facts.bodySha256;
  if (facts.parseError !== undefined) r.parseError = facts.parseError;
  if (facts.findings !== undefined) r.findings = facts.findings;
  if (lc.action !== undefined) r.action = lc.action;
  if (lc.chatId !== undefined) r.chatId = lc.chatId;
  if (lc.threadId !== undefined) r.threadId = lc.threadId;
  if (lc.webhookId !== undefined) r.webhookId = lc.webhookId;
  const org = lc.organizationId ?? lc.licenseId;
  if (org !== undefined) r.organizationId = org;
  return r;
}
