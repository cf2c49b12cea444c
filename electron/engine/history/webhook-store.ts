import type { EventsListParams, EventsPage } from '@shared/api/contract';
import { newId } from '@shared/model/id';
import { checkWebhookBody } from '@shared/livechat/catalogue';
import { toSummary, type CapturedWebhook, type SecretCheck, type WebhookSummary } from '@shared/model/webhook';
import { Journal, type JournalEntry, type JournalOptions } from '../journal/journal';
import type { Clock, Logger } from '../ports';
import { buildRecord, checkJsonDepth, parseBody, type IncomingRequest } from '../receiver/capture';
import type { ReceiverAnswer } from '../receiver/receiver';
import { History } from './history';

export interface WebhookStoreOptions {
  journal: Omit<JournalOptions, 'logger'>;
  logger: Logger;
  clock: Clock;
  bodyLimitBytes: number;
  /** The `secret_key` check (LiveChat registrations); without it every LiveChat delivery is `unknown`. */
  checkSecret?(webhookId: string | undefined, secretKey: unknown): SecretCheck;
  onCaptured(summary: WebhookSummary): void;
  onCleared(removed: number): void;
}

const WEBHOOK_KIND = 'webhook';

/**
 * Captured webhooks: made durable in the journal first, then indexed and announced. This is the receiver's hot path:
 * one parse, one hash, one journal append (group-committed), no other I/O.
 */
export class WebhookStore {
  private journal!: Journal;
  private readonly history = new History();
  private lastSeq = 0;

  private constructor(private readonly opts: WebhookStoreOptions) {}

  static async open(opts: WebhookStoreOptions): Promise<WebhookStore> {
    const store = new WebhookStore(opts);
    const log = opts.logger.child({ module: 'journal' });
    let skipped = 0;
    store.journal = await Journal.open({ ...opts.journal, logger: log }, ({ entry, locator }) => {
      const record = asStoredWebhook(entry);
      if (!record) {
        if (entry.kind === WEBHOOK_KIND) skipped++;
        return; // other kinds (tunnel changes, deliveries) belong to other modules
      }
      store.lastSeq = Math.max(store.lastSeq, record.seq);
      store.history.add(toSummary(record), locator, Buffer.from(record.bodyBase64, 'base64'));
    });
    if (skipped > 0) {
      const msg = `${skipped} webhook line(s) in the journal did not have the expected shape and were skipped`;
      store.journal.warnings.push(msg);
      log.warn({ skipped }, msg);
    }
    store.journal.onRetention((segments) => {
      const removed = store.history.removeSegments(segments);
      log.info({ segments, removed }, 'retention removed old webhooks');
    });
    log.info({ count: store.history.size, warnings: store.journal.warnings.length }, 'history read back');
    return store;
  }

  get count(): number {
    return this.history.size;
  }

  get warnings(): string[] {
    return this.journal.warnings;
  }

  async capture(req: IncomingRequest, answerStatus = 200): Promise<ReceiverAnswer> {
    const { clock, bodyLimitBytes } = this.opts;
    const seq = ++this.lastSeq;
    const id = newId(req.startedAtMs);
    const parsed = parseBody(req.body, req.bodyTruncated);
    const status = req.bodyTruncated ? 413 : answerStatus;
    const record = buildRecord(req, parsed, { id, seq }, { status, delayMs: 0 });
    const json = parsed.json;
    if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
      // The catalogue check is compiled and bounded (about a microsecond for a normal body), so it can run before the ack.
      const { findings } = checkWebhookBody(json);
      if (findings.length > 0) record.findings = findings;
      if (parsed.livechat.hasSecretKey) {
        record.secret = this.opts.checkSecret?.(parsed.livechat.webhookId, (json as { secret_key?: unknown }).secret_key) ?? 'unknown';
      }
    }
    const writeStart = clock.now();
    const locator = await this.journal.append(record, { key: 'bodyBase64', base64: req.body.toString('base64') });
    const done = clock.now();
    const summary = toSummary(record);
    summary.answer = { ...record.answer, latencyMs: done - req.startedAtMs };
    this.history.add(summary, locator, req.bodyTruncated ? undefined : req.body, done - writeStart);
    this.opts.onCaptured(summary);
    if (status === 413) {
      return {
        status,
        body: {
          error: 'payload_too_large',
          message: `Body of ${req.bodySize} bytes is over LiveHook's limit of ${bodyLimitBytes} bytes; its headers and first 64 KiB were recorded.`,
          id,
        },
      };
    }
    return { status, body: { received: true, id } };
  }

  /** Journals a non-webhook fact (a tunnel URL change, a delivery attempt). Resolves once it is on disk. */
  async appendEntry(entry: JournalEntry): Promise<void> {
    if (entry.kind === WEBHOOK_KIND) throw new Error('webhooks are recorded through capture()');
    await this.journal.append(entry);
  }

  list(params: EventsListParams): EventsPage {
    return this.history.list(params);
  }

  async get(id: string): Promise<CapturedWebhook | undefined> {
    const found = this.history.get(id);
    if (!found) return undefined;
    const entry = await this.journal.readAt(found.locator);
    const record = asStoredWebhook(entry);
    if (!record) throw new Error(`journal entry for ${id} is not a webhook record`);
    const parsed = parseBody(Buffer.from(record.bodyBase64, 'base64'), record.bodyTruncated);
    if (parsed.json !== undefined) {
      const tooDeep = checkJsonDepth(parsed.json);
      if (tooDeep === undefined) record.json = parsed.json;
      else record.parseError = tooDeep;
    }
    record.answer = found.summary.answer;
    if (found.persistMs !== undefined) record.timing = { ...record.timing, persistMs: found.persistMs };
    return record;
  }

  async clear(): Promise<number> {
    await this.journal.clear();
    const removed = this.history.clear();
    this.opts.onCleared(removed);
    return removed;
  }

  close(): Promise<void> {
    return this.journal.close();
  }
}

/** Journal lines are an edge: check the shape before trusting one as a webhook record. */
function asStoredWebhook(entry: JournalEntry): CapturedWebhook | undefined {
  if (entry.kind !== WEBHOOK_KIND) return undefined;
  const e = entry as Record<string, unknown>;
  const ok =
    typeof e.id === 'string' &&
    typeof e.seq === 'number' &&
    typeof e.receivedAt === 'string' &&
    typeof e.method === 'string' &&
    typeof e.path === 'string' &&
    typeof e.bodyBase64 === 'string' &&
    typeof e.bodySize === 'number' &&
    typeof e.headers === 'object' &&
    e.headers !== null &&
    typeof e.answer === 'object' &&
    e.answer !== null &&
    typeof e.livechat === 'object' &&
    e.livechat !== null;
  if (!ok) return undefined;
  const { kind: _kind, ...record } = e;
  return record as unknown as CapturedWebhook;
}
