import { setImmediate as nextTick } from 'node:timers/promises';
import type { EventsExportResult, EventsImportResult } from '@shared/api/domains/events';
import { AppError } from '@shared/api/errors';
import {
  curlCommand,
  exportFileName,
  exportMimeType,
  harEnd,
  harEntry,
  harStart,
  ndjsonLine,
  parseImport,
  redactHeaders,
  redactSecretKey,
} from '@shared/export';
import type { PortableWebhook } from '@shared/export/types';
import type { CapturedWebhook } from '@shared/model/webhook';
import type { WebhookStore } from '../history/webhook-store';
import type { Clock, Logger } from '../ports';
import type { IncomingRequest } from '../receiver/capture';
import { ChunkedText } from './chunked-text';

/** A finished export is dropped after its last chunk is read, or after this long. */
export const EXPORT_TTL_MS = 10 * 60_000;
/** Progress pushes at most this often per job. */
const PROGRESS_EVERY_MS = 100;
/** Records read between two yields to the event loop (webhooks keep arriving while an export runs). */
const EXPORT_SLICE = 100;
/** Imports captured concurrently: one group commit (one fsync) per batch instead of one per webhook. */
const IMPORT_BATCH = 256;

export interface TransferJobsOptions {
  store: WebhookStore;
  clock: Clock;
  logger: Logger;
  progress(p: { jobId: string; done: number; total: number }): void;
  /** Where a copied cURL command sends the webhook (the local receiver). */
  baseUrl(): string;
  version: string;
}

interface Running {
  cancelled: boolean;
}

interface Finished {
  chunks: string[];
  expiry: NodeJS.Timeout;
}

type ExportParams = {
  jobId: string;
  format: 'har' | 'ndjson' | 'curl';
  ids?: string[] | undefined;
  query?: string | undefined;
  includeSecrets?: boolean | undefined;
};

/**
 * Exports and imports as cancellable jobs. Both can cover the whole history, so they run in slices with the event
 * loop free in between, report progress (throttled), and stop at the next slice when cancelled.
 */
export class TransferJobs {
  private readonly running = new Map<string, Running>();
  private readonly finished = new Map<string, Finished>();

  constructor(private readonly opts: TransferJobsOptions) {}

  async export(p: ExportParams): Promise<EventsExportResult> {
    const { store, clock } = this.opts;
    if (p.ids === undefined && p.query === undefined) {
      throw new AppError('bad_request', 'events.export needs `ids` (the selection) or `query` (the filter result).');
    }
    let ids: string[];
    if (p.ids !== undefined) {
      const missing = p.ids.find((id) => store.history.get(id) === undefined);
      if (missing !== undefined) throw new AppError('not_found', `No webhook with id ${missing} in history; nothing was exported.`);
      ids = p.ids;
    } else {
      ids = store.history.matching({ query: p.query }, clock.now()).map((e) => e.summary.id);
    }
    const job = this.begin(p.jobId);
    const out = new ChunkedText();
    const baseUrl = this.opts.baseUrl();
    let count = 0;
    const progress = this.throttledProgress(p.jobId, ids.length);
    try {
      if (p.format === 'har') out.write(harStart({ name: 'LiveHook', version: this.opts.version }));
      for (let i = 0; i < ids.length && !job.cancelled; i++) {
        const record = await store.getStored(ids[i]!);
        if (!record) continue; // removed by retention or clear since the list was taken
        const w = toPortable(record, p.includeSecrets === true);
        if (p.format === 'har') out.write(harEntry(w, count));
        else if (p.format === 'ndjson') out.write(ndjsonLine(w));
        else out.write(`${curlCommand(w, baseUrl)}\n\n`);
        count++;
        progress(i + 1, false);
        if ((i + 1) % EXPORT_SLICE === 0) await nextTick();
      }
      if (p.format === 'har') out.write(harEnd());
    } finally {
      this.running.delete(p.jobId);
    }
    progress(job.cancelled ? count : ids.length, true);
    const result: EventsExportResult = {
      jobId: p.jobId,
      count,
      cancelled: job.cancelled,
      chunks: 0,
      bytes: 0,
      fileName: exportFileName(p.format, new Date(clock.now())),
      mimeType: exportMimeType(p.format),
    };
    if (job.cancelled) return result;
    const chunks = out.finish();
    const expiry = setTimeout(() => this.finished.delete(p.jobId), EXPORT_TTL_MS);
    expiry.unref();
    this.finished.set(p.jobId, { chunks, expiry });
    return { ...result, chunks: chunks.length, bytes: out.bytes };
  }

  /** One chunk of a finished export; the job is dropped once its last chunk has been read. */
  chunk(jobId: string, index: number): { text: string; last: boolean } {
    const job = this.finished.get(jobId);
    if (!job) throw new AppError('not_found', `No finished export ${jobId} (it was read to the end, cancelled, or expired after 10 minutes).`);
    if (index >= job.chunks.length) throw new AppError('bad_request', `Export ${jobId} has ${job.chunks.length} chunk(s); there is no chunk ${index}.`);
    const last = index === job.chunks.length - 1;
    if (last) {
      clearTimeout(job.expiry);
      this.finished.delete(jobId);
    }
    return { text: job.chunks[index]!, last };
  }

  cancel(jobId: string): { cancelled: boolean } {
    const job = this.running.get(jobId);
    if (job) {
      job.cancelled = true;
      return { cancelled: true };
    }
    const done = this.finished.get(jobId);
    if (done) {
      clearTimeout(done.expiry);
      this.finished.delete(jobId);
      return { cancelled: true };
    }
    return { cancelled: false };
  }

  /**
   * Reads HAR or NDJSON back into history through the receiver's own capture path (same record, hash, findings and
   * retry grouping), keeping each webhook's original arrival time, with source `import`.
   */
  async import(p: { format: 'har' | 'ndjson'; text: string; jobId?: string | undefined }): Promise<EventsImportResult> {
    const parsed = parseImport(p.text, p.format);
    const jobId = p.jobId ?? `import-${this.opts.clock.now()}`;
    const job = this.begin(jobId);
    const items = parsed.items;
    const progress = this.throttledProgress(jobId, items.length);
    let imported = 0;
    try {
      for (let i = 0; i < items.length && !job.cancelled; i += IMPORT_BATCH) {
        const batch = items.slice(i, i + IMPORT_BATCH);
        await Promise.all(batch.map((w) => this.opts.store.capture(toRequest(w, this.opts.clock.now()), w.answerStatus ?? 200)));
        imported += batch.length;
        progress(imported, false);
        await nextTick();
      }
    } finally {
      this.running.delete(jobId);
    }
    progress(imported, true);
    const errors = parsed.errors;
    return { imported, skipped: errors.length, errors: errors.slice(0, 20) };
  }

  private begin(jobId: string): Running {
    if (this.running.has(jobId) || this.finished.has(jobId)) {
      throw new AppError('conflict', `A job with id ${jobId} already exists; use a new id per export or import.`);
    }
    const job: Running = { cancelled: false };
    this.running.set(jobId, job);
    return job;
  }

  private throttledProgress(jobId: string, total: number): (done: number, force: boolean) => void {
    let last = Number.NEGATIVE_INFINITY;
    return (done, force) => {
      const now = this.opts.clock.now();
      if (!force && now - last < PROGRESS_EVERY_MS) return;
      last = now;
      this.opts.progress({ jobId, done, total });
    };
  }
}

function toPortable(record: CapturedWebhook, includeSecrets: boolean): PortableWebhook {
  const body = new Uint8Array(Buffer.from(record.bodyBase64, 'base64'));
  return {
    receivedAt: record.receivedAt,
    method: record.method,
    path: record.path,
    query: record.query,
    // Credentials in headers (Authorization, cookies) are secrets too.
    headers: includeSecrets ? record.headers : redactHeaders(record.headers),
    body: includeSecrets ? body : redactSecretKey(body),
    answerStatus: record.answer.status,
    id: record.id,
  };
}

function toRequest(w: PortableWebhook, nowMs: number): IncomingRequest {
  const at = Date.parse(w.receivedAt);
  const body = Buffer.from(w.body.buffer, w.body.byteOffset, w.body.byteLength);
  return {
    source: 'import',
    method: w.method,
    path: w.path,
    query: w.query,
    headers: w.headers,
    remoteAddress: 'import',
    body,
    bodySize: body.length,
    bodyTruncated: false,
    startedAtMs: Number.isFinite(at) ? at : nowMs,
    bodyMs: 0,
  };
}
