/** Where a captured webhook came in from. */
export type WebhookSource = 'tunnel' | 'local' | 'simulator' | 'import';

/** The LiveChat envelope fields lifted out of a body (all optional: bodies are parsed leniently). */
export interface LiveChatFields {
  action?: string;
  webhookId?: string;
  organizationId?: string;
  /** v3.2–v3.3 bodies carry a numeric license id instead of organization_id. */
  licenseId?: string;
  chatId?: string;
  threadId?: string;
  eventId?: string;
  userId?: string;
  /** True when the body carries `secret_key` (the value itself is never lifted out). */
  hasSecretKey: boolean;
  /** App webhooks (Developer Console "App Webhooks") use a different, camelCase envelope. */
  kind: 'webhook' | 'app' | 'unknown';
}

/** The `secret_key` check against the secret LiveHook registered for the delivery's `webhook_id`. */
export type SecretCheck = 'ok' | 'mismatch' | 'unknown';

/** A schema finding on a captured body (unknown action, missing or mistyped field). Never about extra fields. */
export interface SchemaFinding {
  /** JSON path of the field, e.g. `payload.chat_id`, or `action`. */
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

/** What LiveHook answered the sender. */
export interface WebhookAnswer {
  status: number;
  /** Deliberate delay before answering (response rules); 0 by default. */
  delayMs: number;
  /**
   * Time from the first byte of the request to the answer, in ms. Measured after the record is durable, so it is
   * known for webhooks captured in this run and absent for history read back from disk.
   */
  latencyMs?: number;
  /** The response rule that made this answer (absent for LiveHook's usual 200). */
  rule?: { id: string; name: string };
  /** True when a rule closed the connection without any response. */
  dropped?: boolean;
  /** Pass-through forwarding: what the target answered, which LiveHook relayed to the sender. */
  passThrough?: PassThroughAnswer;
}

/** The target's answer relayed in pass-through mode (504 to the sender on a timeout, 502 when unreachable). */
export interface PassThroughAnswer {
  deliveryId: string;
  targetId: string;
  url: string;
  status?: number;
  error?: string;
  latencyMs: number;
}

/** A captured request as shown in lists. Kept small: the list can hold hundreds of thousands. */
export interface WebhookSummary {
  id: string;
  /** Position in the journal; strictly increasing. Clients use it to ask for what they missed. */
  seq: number;
  receivedAt: string;
  source: WebhookSource;
  method: string;
  path: string;
  bodySize: number;
  /** True when only the first bytes of the body were kept (the body was over the size limit). */
  bodyTruncated: boolean;
  contentType?: string;
  /** Set when the body is not a JSON object. */
  parseError?: string;
  action?: string;
  chatId?: string;
  threadId?: string;
  webhookId?: string;
  organizationId?: string;
  /** Set for LiveChat webhooks (bodies with `secret_key`); absent for other requests. */
  secret?: SecretCheck;
  /** Number of schema findings (details in the full record). */
  findingCount?: number;
  /** SHA-256 of the stored body bytes, hex (a retry has the same hash and webhook id as its first attempt). */
  bodySha256?: string;
  /**
   * Set on a retry: the id of the first delivery of the same body (same hash and `webhook_id`) within a few minutes.
   * Absent on a first delivery.
   */
  retryOf?: string;
  /** Delivery number within its retry group: absent (or 1) for a first delivery, 2… for retries. */
  attempt?: number;
  /**
   * In `events.list` results with `groupRetries`: how many deliveries the group headed by this webhook has (≥ 2).
   * Absent when the webhook was delivered once.
   */
  attempts?: number;
  /** Pinned (starred): retention never removes it. */
  pinned?: boolean;
  answer: WebhookAnswer;
}

/** The full record, as stored in the journal and returned by `events.get`. */
export interface CapturedWebhook extends WebhookSummary {
  query: string;
  headers: Record<string, string | string[]>;
  remoteAddress: string;
  /** The body bytes exactly as received, base64 (or the first 64 KiB of them when `bodyTruncated`). */
  bodyBase64: string;
  /** SHA-256 of the stored body bytes, hex. Equal hashes + equal webhook id = a LiveChat retry. */
  bodySha256: string;
  /** The parsed body when it is JSON (any JSON value), absent otherwise. */
  json?: unknown;
  livechat: LiveChatFields;
  /** Schema findings against the action catalogue (absent when none). */
  findings?: SchemaFinding[];
  timing: {
    /** Epoch ms of the first byte. */
    startedAtMs: number;
    /** ms spent receiving the body. */
    bodyMs: number;
    /** ms spent making the record durable (write + fsync); absent for history read back from disk. */
    persistMs?: number;
  };
}

export function toSummary(w: Omit<CapturedWebhook, 'bodyBase64'>): WebhookSummary {
  const s: WebhookSummary = {
    id: w.id,
    seq: w.seq,
    receivedAt: w.receivedAt,
    source: w.source,
    method: w.method,
    path: w.path,
    bodySize: w.bodySize,
    bodyTruncated: w.bodyTruncated,
    answer: w.answer,
  };
  if (w.contentType !== undefined) s.contentType = w.contentType;
  if (w.parseError !== undefined) s.parseError = w.parseError;
  if (w.action !== undefined) s.action = w.action;
  if (w.chatId !== undefined) s.chatId = w.chatId;
  if (w.threadId !== undefined) s.threadId = w.threadId;
  if (w.webhookId !== undefined) s.webhookId = w.webhookId;
  if (w.organizationId !== undefined) s.organizationId = w.organizationId;
  if (w.secret !== undefined) s.secret = w.secret;
  if (w.findings !== undefined && w.findings.length > 0) s.findingCount = w.findings.length;
  if (w.bodySha256 !== undefined) s.bodySha256 = w.bodySha256;
  if (w.retryOf !== undefined) s.retryOf = w.retryOf;
  if (w.attempt !== undefined) s.attempt = w.attempt;
  if (w.pinned !== undefined) s.pinned = w.pinned;
  return s;
}
