import { isUtf8 } from 'node:buffer';
import { hash } from 'node:crypto';
import { liftLiveChatFields } from '@shared/livechat/envelope';
import type { CapturedWebhook, LiveChatFields, WebhookSource } from '@shared/model/webhook';

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
 * This runs on the receiver's hot path, before the 200: keep it to one validity check and one JSON.parse.
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

/** A webhook as journalled: the record without its body (which the journal splices in as `bodyBase64`). */
export type StoredWebhookMeta = Omit<CapturedWebhook, 'bodyBase64'> & { kind: 'webhook' };

/**
 * Builds the durable record, `kind` first so the journal can take it as it is. `json` is not stored: it is re-derived
 * from the exact bytes when read.
 */
export function buildRecord(
  req: IncomingRequest,
  parsed: ParsedBody,
  ids: { id: string; seq: number },
  answer: { status: number; delayMs: number },
): StoredWebhookMeta {
  const lc = parsed.livechat;
  const record: StoredWebhookMeta = {
    kind: 'webhook',
    id: ids.id,
    seq: ids.seq,
    receivedAt: new Date(req.startedAtMs).toISOString(),
    source: req.source,
    method: req.method,
    path: req.path,
    query: req.query,
    headers: req.headers,
    remoteAddress: req.remoteAddress,
    bodySize: req.bodySize,
    bodyTruncated: req.bodyTruncated,
    bodySha256: hash('sha256', req.body, 'hex'),
    livechat: lc,
    answer,
    timing: { startedAtMs: req.startedAtMs, bodyMs: req.bodyMs },
  };
  const contentType = headerValue(req.headers, 'content-type');
  if (contentType !== undefined) record.contentType = contentType;
  if (parsed.parseError !== undefined) record.parseError = parsed.parseError;
  if (lc.action !== undefined) record.action = lc.action;
  if (lc.chatId !== undefined) record.chatId = lc.chatId;
  if (lc.threadId !== undefined) record.threadId = lc.threadId;
  if (lc.webhookId !== undefined) record.webhookId = lc.webhookId;
  const org = lc.organizationId ?? lc.licenseId;
  if (org !== undefined) record.organizationId = org;
  return record;
}
