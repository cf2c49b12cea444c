import { closeSync, openSync, readSync } from 'node:fs';
import { toSummary, type CapturedWebhook, type WebhookSummary } from '@shared/model/webhook';
import type { JournalEntry, JournalLocator } from '../journal/journal';
import { decodeLocated } from '../journal/line-codec';
import { segmentPath } from '../journal/segment-files';
import { applyFacts, bodyFacts, type StoredWebhookMeta } from '../receiver/capture';
import { searchPrefix, type TextIndexWriter, type TextSpan } from './text-index';

/**
 * The analysis of a captured webhook: everything its body says (parse, LiveChat fields, hash, catalogue findings)
 * and its full-text entry. It runs after the webhook is durable and acknowledged, in the analysis worker (see
 * analysis-worker.ts), reading the record back from the journal: the journal is the queue, so a burst waits on disk,
 * not in memory, and nothing acknowledged can be lost by a worker that dies.
 */

/** One item handed to analysis: where the record is, and the two timings only the capturing thread knows. */
export const ITEM_FIELDS = 5; // segment, offset, length, latencyMs (-1: none), persistMs

export interface Analysed {
  /** Everything but the secret verdict, which needs the engine's registrations (`secretKey` is for that check). */
  summary: WebhookSummary;
  span: TextSpan;
  secretKey?: unknown;
  hasSecretKey: boolean;
  locator: JournalLocator;
  latencyMs: number;
  persistMs: number;
}

export interface AnalysisFailure {
  failed: string;
  locator: JournalLocator;
  latencyMs: number;
  persistMs: number;
}

export type AnalysisResult = Analysed | AnalysisFailure;

export function isFailure(r: AnalysisResult): r is AnalysisFailure {
  return (r as AnalysisFailure).failed !== undefined;
}

/** Journal lines are an edge: check the shape before trusting one as a webhook record. */
export function asStoredWebhook(entry: JournalEntry): (StoredWebhookMeta & { bodyBase64: string }) | undefined {
  if (entry.kind !== 'webhook') return undefined;
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
    (e.livechat === undefined || (typeof e.livechat === 'object' && e.livechat !== null));
  return ok ? (entry as unknown as StoredWebhookMeta & { bodyBase64: string }) : undefined;
}

/**
 * A record with every body-derived field: taken as stored when an earlier version journalled them, derived from the
 * bytes otherwise. `json` comes back when the body was parsed here (readers that show it use it).
 */
export function completeRecord(stored: StoredWebhookMeta & { bodyBase64: string }, body = Buffer.from(stored.bodyBase64, 'base64')): {
  record: CapturedWebhook & { kind?: string };
  json?: unknown;
  secretKey?: unknown;
  hasSecretKey: boolean;
} {
  if (stored.livechat !== undefined && stored.bodySha256 !== undefined) {
    return { record: stored as CapturedWebhook, hasSecretKey: false };
  }
  const facts = bodyFacts(body, stored.bodyTruncated);
  const record = applyFacts(stored, facts) as CapturedWebhook & { kind?: string };
  const out: ReturnType<typeof completeRecord> = { record, hasSecretKey: facts.livechat.hasSecretKey };
  if (facts.json !== undefined) out.json = facts.json;
  if (facts.secretKey !== undefined) out.secretKey = facts.secretKey;
  return out;
}

/** Analyses batches of journal locators: reads each record back, derives its facts, writes its searchable text. */
export class Analyst {
  constructor(
    private readonly dir: string,
    private readonly text: TextIndexWriter,
  ) {}

  run(items: Float64Array): AnalysisResult[] {
    const out: AnalysisResult[] = [];
    const files = new Map<number, number | Error>();
    try {
      for (let i = 0; i < items.length; ) {
        // Consecutive records of one segment (a journal batch) are read with one call.
        const segment = items[i]!;
        const from = items[i + 1]!;
        let to = from + items[i + 2]!;
        let j = i + ITEM_FIELDS;
        while (j < items.length && items[j] === segment && items[j + 1] === to) {
          to += items[j + 2]!;
          j += ITEM_FIELDS;
        }
        const read = this.read(files, segment, from, to - from);
        for (let k = i; k < j; k += ITEM_FIELDS) {
          const locator = { segment, offset: items[k + 1]!, length: items[k + 2]! };
          const latencyMs = items[k + 3]!;
          const persistMs = items[k + 4]!;
          try {
            if (read instanceof Error) throw read;
            const start = locator.offset - from;
            out.push({ ...this.analyse(read, start, start + locator.length, locator), latencyMs, persistMs });
          } catch (err) {
            out.push({ failed: (err as Error).message, locator, latencyMs, persistMs });
          }
        }
        i = j;
      }
    } finally {
      // Never held between runs: retention and clear delete segment files (which Windows refuses while one is open).
      for (const fd of files.values()) if (typeof fd === 'number') closeSync(fd);
    }
    return out;
  }

  private read(files: Map<number, number | Error>, segment: number, offset: number, length: number): Buffer | Error {
    let fd = files.get(segment);
    if (fd === undefined) {
      try {
        fd = openSync(segmentPath(this.dir, segment), 'r');
      } catch (err) {
        fd = new Error(`cannot open journal segment ${segment}: ${(err as Error).message}`);
      }
      files.set(segment, fd);
    }
    if (fd instanceof Error) return fd;
    const buf = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      const n = readSync(fd, buf, got, length - got, offset + got);
      if (n === 0) return new Error(`journal segment ${segment} ends before byte ${offset + length}`);
      got += n;
    }
    return buf;
  }

  private analyse(buf: Buffer, start: number, end: number, locator: JournalLocator): Omit<Analysed, 'latencyMs' | 'persistMs'> {
    const decoded = decodeLocated(buf, start, end - start);
    if (!decoded.ok) throw new Error(decoded.reason);
    const stored = asStoredWebhook(decoded.entry);
    if (!stored) throw new Error('not a webhook record');
    const body = Buffer.from(stored.bodyBase64, 'base64');
    const { record, secretKey, hasSecretKey } = completeRecord(stored, body);
    const summary = toSummary(record);
    const span = this.text.add(searchPrefix(summary), body);
    const out: Omit<Analysed, 'latencyMs' | 'persistMs'> = { summary, span, hasSecretKey, locator };
    if (secretKey !== undefined) out.secretKey = secretKey;
    return out;
  }
}
