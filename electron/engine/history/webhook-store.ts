import type { EventsListParams, EventsPage } from '@shared/api/contract';
import { newId } from '@shared/model/id';
import { toSummary, type CapturedWebhook, type SecretCheck, type WebhookSummary } from '@shared/model/webhook';
import { Journal, type JournalEntry, type JournalLocator, type JournalOptions } from '../journal/journal';
import type { Clock, Logger } from '../ports';
import { buildRecord, checkJsonDepth, parseBody, type IncomingRequest } from '../receiver/capture';
import { asStoredWebhook, completeRecord, isFailure, type AnalysisResult } from './analysis';
import { AnalysisQueue } from './analysis-queue';
import type { AnswerDecider, ReceiverAnswer } from '../receiver/receiver';
import { receiverAnswerOf, recordedAnswer } from '../delivery/answer-plan';
import { History, type HistoryEntry } from './history';
import { RetryGroups, type RetryGroup } from './retry-groups';

export interface WebhookStoreOptions {
  journal: Omit<JournalOptions, 'logger'>;
  logger: Logger;
  clock: Clock;
  bodyLimitBytes: number;
  /** The `secret_key` check (LiveChat registrations); without it every LiveChat delivery is `unknown`. */
  checkSecret?(webhookId: string | undefined, secretKey: unknown): SecretCheck;
  onCaptured(summary: WebhookSummary): void;
  onCleared(removed: number): void;
  /** Retention removed these webhooks (so live lists can drop them too). */
  onRemoved?(ids: string[]): void;
  /** A summary changed after capture (pinned / unpinned). */
  onUpdated?(summary: WebhookSummary): void;
  /** During a flood, how many acknowledged webhooks wait for analysis (called when it changes; 0 when over). */
  onHeld?(held: number): void;
  /** Where captured webhooks are analysed: 'worker' (default) or 'inline' (this thread; tests of the fallback). */
  analysis?: 'worker' | 'inline';
  /** Webhooks per second above which analysis waits for the flood to pass (default 1,000; see AnalysisQueue). */
  floodPerSecond?: number;
  /** The analysis worker's script (default: beside the engine; see AnalysisQueue). */
  analysisWorker?: URL;
}

/** How `capture` answers: once the record is durable ('durable', the receiver), or once it is also analysed and listed. */
export interface CaptureOptions {
  ack?: 'durable' | 'listed';
}

const WEBHOOK_KIND = 'webhook';
/** `{ kind: 'pin', id, pinned }`: a pin or unpin, re-applied in journal order on read-back. */
const PIN_KIND = 'pin';

/**
 * Captured webhooks: made durable in the journal first, then analysed and announced. The receiver's path is one
 * journal append (group-committed) of the request as it came, and the ack; reading the body (parse, LiveChat fields,
 * hash, findings, full-text index) happens after, in the analysis worker, which reads the record back from the
 * journal (analysis.ts). Readers call `settled()` first, so what was acknowledged is also listed.
 */
export class WebhookStore {
  private journal!: Journal;
  /** Read-only use by the inspector (queries, chats, exports); changes go through this class. */
  readonly history = new History();
  private readonly retries = new RetryGroups();
  private readonly strings = new SharedStrings();
  private lastSeq = 0;
  private analysis!: AnalysisQueue;
  /** Last count reported to onHeld. */
  private held = 0;
  /** Segments below this number are gone (retention, clear): late analysis results for them are dropped. */
  private firstLiveSegment = 0;

  private constructor(private readonly opts: WebhookStoreOptions) {}

  static async open(opts: WebhookStoreOptions): Promise<WebhookStore> {
    const store = new WebhookStore(opts);
    const log = opts.logger.child({ module: 'journal' });
    let skipped = 0;
    // Last word per id, in journal order: pin entries, and carried-over records (which hold `pinned: true`).
    const pins = new Map<string, boolean>();
    store.journal = await Journal.open({ ...opts.journal, logger: log, deferRetentionOnOpen: true }, ({ entry, locator }) => {
      if (entry.kind === PIN_KIND) {
        if (typeof entry.id === 'string' && typeof entry.pinned === 'boolean') pins.set(entry.id, entry.pinned);
        else skipped++;
        return;
      }
      const record = asStoredWebhook(entry);
      if (!record) {
        if (entry.kind === WEBHOOK_KIND) skipped++;
        return; // other kinds (tunnel changes, deliveries) belong to other modules
      }
      if (typeof record.pinned === 'boolean') pins.set(record.id, record.pinned);
      store.lastSeq = Math.max(store.lastSeq, record.seq);
      store.readBack(record, locator);
    });
    for (const [id, pinned] of pins) {
      const e = store.history.get(id);
      if (e && pinned) e.summary.pinned = true;
    }
    if (skipped > 0) {
      const msg = `${skipped} webhook line(s) in the journal did not have the expected shape and were skipped`;
      store.journal.warnings.push(msg);
      log.warn({ skipped }, msg);
    }
    let carried: HistoryEntry[] = [];
    store.journal.setCarryOver({
      select: (segments) => {
        const doomed = new Set(segments);
        carried = store.history.all().filter((e) => e.summary.pinned === true && doomed.has(e.locator.segment));
        return carried.map((e) => e.locator);
      },
      patch: { pinned: true },
      moved: (moves) => moves.forEach((m, i) => (carried[i]!.locator = m.to)),
    });
    store.journal.onRetention((segments) => {
      store.firstLiveSegment = Math.max(store.firstLiveSegment, ...segments.map((n) => n + 1));
      const ids = store.history.removeSegments(segments);
      const removed = ids.length;
      if (removed > 0) opts.onRemoved?.(ids);
      log.info({ segments, removed }, 'retention removed old webhooks');
    });
    // Retention on open runs only now, with the pins known, so a pinned webhook survives lowered limits too.
    await store.journal.enforceRetention();
    store.analysis = new AnalysisQueue({
      dir: opts.journal.dir,
      text: store.history.text,
      logger: opts.logger,
      mode: opts.analysis ?? 'worker',
      ...(opts.floodPerSecond !== undefined ? { floodPerSecond: opts.floodPerSecond } : {}),
      ...(opts.analysisWorker ? { workerScript: opts.analysisWorker } : {}),
      apply: (results) => store.applyAnalysis(results),
      onHeld: (held) => {
        if (held === store.held) return;
        store.held = held;
        opts.onHeld?.(held);
      },
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

  /**
   * `answer`: a fixed status, or a decider (response rules, pass-through) asked once the action is known; what it
   * decides is recorded with the capture. With `ack: 'durable'` (the receiver's default path) this resolves as soon as
   * the record is on disk, without a summary; otherwise once the webhook is analysed and listed, with its summary.
   */
  async capture(req: IncomingRequest, answer: number | AnswerDecider = 200, options: CaptureOptions = {}): Promise<ReceiverAnswer> {
    const { clock, bodyLimitBytes } = this.opts;
    const seq = ++this.lastSeq;
    const id = newId(req.startedAtMs);
    // Only a decider needs the action before the answer; the body is read again, fully, by the analysis.
    const plan = typeof answer === 'number' ? undefined : answer({ action: parseBody(req.body, req.bodyTruncated).livechat.action, path: req.path });
    const status = req.bodyTruncated ? 413 : (plan?.status ?? (typeof answer === 'number' ? answer : 200));
    const record = buildRecord(req, { id, seq }, plan ? recordedAnswer(status, plan) : { status, delayMs: 0 });
    const writeStart = clock.now();
    const locator = await this.journal.append(record, { key: 'bodyBase64', base64: req.body.toString('base64') });
    const done = clock.now();
    // An import keeps its original time: "latency" from then would be meaningless.
    const ticket = this.analysis.submit(locator, req.source === 'import' ? -1 : done - req.startedAtMs, done - writeStart);
    let summary: WebhookSummary | undefined;
    if (options.ack !== 'durable') {
      await this.analysis.settled(ticket);
      summary = this.history.get(id)?.summary;
    }
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
    const out: ReceiverAnswer = plan ? receiverAnswerOf(plan, status, id) : { status, body: { received: true, id } };
    if (summary) out.summary = summary;
    return out;
  }

  /** Where captured webhooks are analysed now (diagnostics, tests). */
  get analysisMode(): 'worker' | 'inline' {
    return this.analysis.mode;
  }

  /** Acknowledged webhooks waiting for analysis, and batches being analysed now (diagnostics, tests). */
  get analysisBacklog(): { held: number; inFlight: number } {
    return { held: this.analysis.held, inFlight: this.analysis.inFlight };
  }

  /** Resolves once every webhook acknowledged so far is analysed and in history (readers call this first). */
  settled(): Promise<void> {
    return this.analysis.settled();
  }

  /** Analysis results, in capture order: each becomes a history entry and an `event.captured` push. */
  private applyAnalysis(results: AnalysisResult[]): void {
    for (const r of results) {
      if (isFailure(r)) {
        // The record is on disk but could not be read back: its segment was removed meanwhile (then it is gone
        // anyway), or the disk gave different bytes (the next start reports the line as corrupt).
        if (r.locator.segment >= this.firstLiveSegment) {
          this.opts.logger.error({ locator: r.locator, reason: r.failed }, 'captured webhook could not be analysed');
          this.journal.warnings.push(`A captured webhook could not be read back for analysis (${r.failed}); it is still in the journal.`);
        }
        continue;
      }
      const summary = r.summary;
      if (r.locator.segment < this.firstLiveSegment) continue;
      if (r.hasSecretKey) this.checkSecret(summary, r.secretKey);
      if (r.latencyMs >= 0) summary.answer = { ...summary.answer, latencyMs: r.latencyMs };
      // Repeated strings (method, path, content type, action, ids) shared with earlier webhooks, as on read-back.
      this.strings.share(summary);
      const entry: HistoryEntry = { summary, locator: r.locator, atMs: Date.parse(summary.receivedAt), persistMs: r.persistMs, span: r.span };
      this.register(entry);
      this.history.add(entry);
      this.opts.onCaptured(summary);
    }
  }

  /** Journals a non-webhook fact (a tunnel URL change, a delivery attempt). Resolves once it is on disk. */
  async appendEntry(entry: JournalEntry): Promise<void> {
    if (entry.kind === WEBHOOK_KIND) throw new Error('webhooks are recorded through capture()');
    await this.journal.append(entry);
  }

  list(params: EventsListParams): EventsPage {
    return this.history.list(params, this.opts.clock.now());
  }

  /** The stored record with what its body says (exports), but not its parsed JSON; history's view of retries and pins. */
  async getStored(id: string): Promise<CapturedWebhook | undefined> {
    const found = this.history.get(id);
    if (!found) return undefined;
    const stored = asStoredWebhook(await this.journal.readAt(found.locator));
    if (!stored) throw new Error(`journal entry for ${id} is not a webhook record`);
    return this.complete(found, stored).record;
  }

  /** A stored record with its body-derived fields and history's view of retries, pins and the secret verdict. */
  private complete(found: HistoryEntry, stored: NonNullable<ReturnType<typeof asStoredWebhook>>): { record: CapturedWebhook; json?: unknown } {
    const { record, json } = completeRecord(stored);
    delete record.kind;
    const s = found.summary;
    if (s.secret !== undefined) record.secret = s.secret;
    delete record.retryOf;
    delete record.attempt;
    delete record.pinned;
    if (s.retryOf !== undefined) record.retryOf = s.retryOf;
    if (s.attempt !== undefined) record.attempt = s.attempt;
    if (s.pinned !== undefined) record.pinned = s.pinned;
    return json === undefined ? { record } : { record, json };
  }

  async get(id: string): Promise<CapturedWebhook | undefined> {
    const found = this.history.get(id);
    if (!found) return undefined;
    const stored = asStoredWebhook(await this.journal.readAt(found.locator));
    if (!stored) throw new Error(`journal entry for ${id} is not a webhook record`);
    const { record, json: derived } = this.complete(found, stored);
    const json = derived !== undefined ? derived : parseBody(Buffer.from(record.bodyBase64, 'base64'), record.bodyTruncated).json;
    if (json !== undefined) {
      const tooDeep = checkJsonDepth(json);
      if (tooDeep === undefined) record.json = json;
      else record.parseError = tooDeep;
    }
    record.answer = found.summary.answer;
    if (found.persistMs !== undefined) record.timing = { ...record.timing, persistMs: found.persistMs };
    return record;
  }

  /**
   * Pins or unpins. The flag is set before the pin entry is journalled, so a retention pass running meanwhile
   * already carries the webhook over; if the append fails the flag is put back and the error thrown.
   */
  async pin(id: string, pinned: boolean): Promise<WebhookSummary | undefined> {
    const e = this.history.get(id);
    if (!e) return undefined;
    const was = e.summary.pinned === true;
    setPinned(e.summary, pinned);
    try {
      await this.journal.append({ kind: PIN_KIND, id, pinned });
    } catch (err) {
      setPinned(e.summary, was);
      throw err;
    }
    this.opts.onUpdated?.(e.summary);
    return e.summary;
  }

  /**
   * Removes every unpinned webhook; pinned ones are copied to a fresh segment first and stay. Webhooks captured
   * while the clear runs are not counted as removed.
   */
  async clear(): Promise<{ removed: number; keptPinned: number }> {
    await this.settled(); // every acknowledged webhook is in history, so it is counted (and its segment goes)
    const upTo = this.lastSeq;
    const pinned = this.history.all().filter((e) => e.summary.pinned === true);
    const moved = await this.journal.clear(pinned.map((e) => e.locator), { pinned: true });
    // A webhook appended just before the clear may still be in analysis: its segment is gone, so is its result.
    this.firstLiveSegment = Math.max(this.firstLiveSegment, this.journal.currentSegment);
    pinned.forEach((e, i) => (e.locator = moved[i]!));
    const keep = new Set(pinned);
    const removed = this.history.removeWhere((e) => !keep.has(e) && e.summary.seq <= upTo);
    if (this.history.size === 0) this.retries.clear();
    this.opts.onCleared(removed);
    return { removed, keptPinned: pinned.length };
  }

  async close(): Promise<void> {
    await this.analysis?.close();
    await this.journal.close();
  }

  /**
   * Links an entry to its retry group once the group has two deliveries: most webhooks are delivered once, and a
   * group object per webhook would cost ~10 MB per 100,000 in history for nothing.
   */
  private joinGroup(entry: HistoryEntry, retry: { group: RetryGroup; attempt: number }): void {
    if (retry.attempt < 2) return;
    entry.group = retry.group;
    if (retry.attempt === 2) {
      const head = this.history.get(retry.group.headId);
      if (head) head.group = retry.group;
    }
  }

  /** One record read back from the journal: indexed now, grouped with its retries by the same rule as capture. */
  private readBack(stored: NonNullable<ReturnType<typeof asStoredWebhook>>, locator: JournalLocator): void {
    const known = this.history.get(stored.id);
    if (known) {
      // A pinned record carried over by retention or clear, read before its old copy was deleted: same record.
      known.locator = locator;
      return;
    }
    const body = Buffer.from(stored.bodyBase64, 'base64');
    // Records of this version hold the request only: what the body says is derived again (as the worker did).
    const { record, secretKey, hasSecretKey } = completeRecord(stored, body);
    const summary = toSummary(record);
    if (hasSecretKey) this.checkSecret(summary, secretKey);
    delete summary.retryOf;
    delete summary.attempt;
    delete summary.pinned; // applied once every pin entry has been read
    this.strings.share(summary);
    const entry: HistoryEntry = { summary, locator, atMs: Date.parse(record.receivedAt) };
    this.register(entry);
    this.history.add(entry, body);
  }

  /** The `secret_key` verdict against the registrations known now (capture and read-back alike). */
  private checkSecret(summary: WebhookSummary, secretKey: unknown): void {
    summary.secret = this.opts.checkSecret?.(summary.webhookId, secretKey) ?? 'unknown';
  }

  /** Groups an entry with earlier deliveries of the same body and webhook id (LiveChat's retries). */
  private register(entry: HistoryEntry): void {
    const s = entry.summary;
    const retry = this.retries.register(s.id, s.webhookId, s.bodySha256 ?? '', entry.atMs);
    if (!retry) return;
    this.joinGroup(entry, retry);
    if (retry.attempt > 1) {
      s.retryOf = retry.group.headId;
      s.attempt = retry.attempt;
    }
  }
}

/**
 * JSON.parse gives every record its own copy of strings that repeat across history (method, path, content type,
 * action, webhook and organization ids) and its own answer object; sharing them saves ~100 bytes per webhook read
 * back. Bounded, so a history of unique paths cannot grow the pool without limit.
 */
class SharedStrings {
  private readonly pool = new Map<string, string>();
  private readonly answers = new Map<string, WebhookSummary['answer']>();

  share(s: WebhookSummary): void {
    s.method = this.one(s.method);
    s.path = this.one(s.path);
    s.source = this.one(s.source) as WebhookSummary['source'];
    if (s.contentType !== undefined) s.contentType = this.one(s.contentType);
    if (s.action !== undefined) s.action = this.one(s.action);
    if (s.webhookId !== undefined) s.webhookId = this.one(s.webhookId);
    if (s.organizationId !== undefined) s.organizationId = this.one(s.organizationId);
    if (s.answer.latencyMs === undefined) {
      const key = JSON.stringify(s.answer);
      const known = this.answers.get(key);
      if (known) s.answer = known;
      else if (this.answers.size < 1000) this.answers.set(key, s.answer);
    }
  }

  private one(v: string): string {
    const known = this.pool.get(v);
    if (known !== undefined) return known;
    if (this.pool.size < 10_000) this.pool.set(v, v);
    return v;
  }
}

function setPinned(s: WebhookSummary, pinned: boolean): void {
  if (pinned) s.pinned = true;
  else delete s.pinned;
}
