import type {
  DeliveryRecord,
  IdempotencyReport,
  ReplayCheck,
  ReplayDestination,
  ReplayProgress,
} from '@shared/api/domains/delivery';
import { AppError } from '@shared/api/errors';
import { diffJson } from '@shared/diff';
import { checkWebhookBody } from '@shared/livechat/catalogue';
import type { CapturedWebhook } from '@shared/model/webhook';
import { newId } from '@shared/model/id';
import type { Logger } from '../ports';
import type { DeliveryService } from './delivery-service';
import { singleAttempt } from './policy';
import type { PolicySpec } from './types';

export interface ReplayOptions {
  id: string;
  to: ReplayDestination;
  /** Edited JSON text; absent = the captured bytes. */
  body?: string | undefined;
  policy?: 'saved' | 'single' | undefined;
  wait?: boolean | undefined;
  kind?: 'replay' | 'bulk' | 'idempotency';
  jobId?: string;
  signal?: AbortSignal;
}

export interface BulkOptions {
  jobId: string;
  ids?: string[] | undefined;
  query?: string | undefined;
  to: ReplayDestination;
  concurrency?: number | undefined;
  policy?: 'saved' | 'single' | undefined;
}

/** Checks an edited body: not JSON (or not an object) refuses it; catalogue findings only warn. */
export function checkEditedBody(text: string): ReplayCheck {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `Invalid JSON: ${(err as Error).message}. Fix the body before replaying it.`, findings: [] };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, error: 'A LiveChat webhook body is a JSON object ({ … }); this is not one.', findings: [] };
  }
  return { ok: true, findings: checkWebhookBody(json).findings };
}

/**
 * Replay: a captured webhook sent again, byte for byte (or edited), to a target or any URL; in bulk with a chosen
 * concurrency; twice in a row to see whether the target is idempotent.
 */
export class Replayer {
  private readonly jobs = new Map<string, AbortController>();

  constructor(
    private readonly service: DeliveryService,
    private readonly emitProgress: (p: ReplayProgress) => void,
    private readonly logger: Logger,
  ) {}

  async send(o: ReplayOptions): Promise<DeliveryRecord> {
    const w = await this.load(o.id);
    return this.sendWebhook(w, o);
  }

  /** Starts a bulk replay and answers at once with the job's first progress; the rest follows as pushes. */
  async bulk(o: BulkOptions): Promise<ReplayProgress> {
    if (this.jobs.has(o.jobId)) throw new AppError('conflict', `A replay job with id ${o.jobId} is already running.`);
    if (o.ids === undefined && o.query === undefined) throw new AppError('bad_request', 'Give the webhooks to replay: `ids`, or a `query`.');
    this.destination(o.to); // refuse an unknown target before anything starts
    const ids = o.ids ?? this.idsMatching(o.query ?? '');
    const controller = new AbortController();
    this.jobs.set(o.jobId, controller);
    const progress: ReplayProgress = { jobId: o.jobId, total: ids.length, done: 0, delivered: 0, failed: 0, state: 'running' };
    // About a hundred progress pushes per job, whatever its size.
    const every = Math.max(1, Math.floor(ids.length / 100));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (!controller.signal.aborted && next < ids.length) {
        const id = ids[next++]!;
        let ok = false;
        try {
          const r = await this.send({ id, to: o.to, policy: o.policy, wait: true, kind: 'bulk', jobId: o.jobId, signal: controller.signal });
          ok = r.delivered;
        } catch (err) {
          // A webhook gone from history (retention) or not replayable: counted as failed, the job goes on.
          if (!(err instanceof AppError)) this.logger.error({ err, id, jobId: o.jobId }, 'bulk replay of one webhook failed');
        }
        if (controller.signal.aborted) break;
        progress.done++;
        if (ok) progress.delivered++;
        else progress.failed++;
        if (progress.done % every === 0 && progress.done < progress.total) this.emitProgress({ ...progress });
      }
    };
    const workers = Array.from({ length: Math.min(o.concurrency ?? 1, Math.max(1, ids.length)) }, () => worker());
    void Promise.all(workers).then(() => this.endJob(o.jobId, progress, controller.signal.aborted ? 'cancelled' : 'finished'));
    return { ...progress };
  }

  cancel(jobId: string): boolean {
    const c = this.jobs.get(jobId);
    if (!c) return false;
    c.abort();
    return true;
  }

  cancelAll(): void {
    for (const c of this.jobs.values()) c.abort();
  }

  async idempotency(id: string, to: ReplayDestination): Promise<IdempotencyReport> {
    const w = await this.load(id);
    const first = await this.sendWebhook(w, { id, to, policy: 'single', wait: true, kind: 'idempotency' });
    const second = await this.sendWebhook(w, { id, to, policy: 'single', wait: true, kind: 'idempotency' });
    const a = first.attempts.at(-1);
    const b = second.attempts.at(-1);
    const sameStatus = a?.status === b?.status && a?.timedOut === b?.timedOut;
    const report: IdempotencyReport = { first, second, sameStatus, differs: !sameStatus, verdict: '' };
    const ja = parseJson(a?.responseBody);
    const jb = parseJson(b?.responseBody);
    if (ja.ok && jb.ok) {
      report.bodyDiff = diffJson(ja.value, jb.value);
      if (!report.bodyDiff.equal) report.differs = true;
    } else {
      report.sameBodyText = (a?.responseBody ?? '') === (b?.responseBody ?? '');
      if (!report.sameBodyText) report.differs = true;
    }
    const status = (r: typeof a): string => (r?.status !== undefined ? String(r.status) : (r?.error ?? 'no answer'));
    report.verdict = !report.differs
      ? `The target answered both deliveries the same way (${status(a)}).`
      : !sameStatus
        ? `The target answered the same webhook differently: ${status(a)} then ${status(b)}. A LiveChat retry would be handled differently from the first delivery.`
        : 'The target answered the same webhook with a different body the second time: check that a retry is not processed twice.';
    return report;
  }

  private async sendWebhook(w: CapturedWebhook, o: ReplayOptions): Promise<DeliveryRecord> {
    if (w.bodyTruncated) {
      throw new AppError('conflict', `Webhook ${w.id} was over the body limit: only its first bytes were kept, so it cannot be replayed as captured.`);
    }
    let body: Uint8Array = Buffer.from(w.bodyBase64, 'base64');
    if (o.body !== undefined) {
      const check = checkEditedBody(o.body);
      if (!check.ok) throw new AppError('bad_request', check.error ?? 'The edited body cannot be sent.', { findings: check.findings });
      body = Buffer.from(o.body, 'utf8');
    }
    const dest = this.destination(o.to);
    const deliveryId = newId(Date.now());
    const request = this.service.requestFor(w, body, dest.url, { 'x-livehook-replay': w.id, 'x-livehook-delivery': deliveryId });
    const policy: PolicySpec = o.policy === 'single' ? singleAttempt(this.service.currentPolicy) : this.service.currentPolicy;
    const running = this.service.run({
      kind: o.kind ?? 'replay',
      request,
      policy,
      webhookId: w.id,
      action: w.action,
      targetId: dest.targetId,
      edited: o.body !== undefined,
      deliveryId,
      ...(o.jobId !== undefined ? { jobId: o.jobId } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
    });
    if (o.wait === true) return running;
    running.catch(() => undefined); // run() journals and logs its own failures
    const started = this.service.history.get(deliveryId);
    if (!started) throw new Error(`delivery ${deliveryId} was not recorded when it started`);
    return { ...started };
  }

  private destination(to: ReplayDestination): { url: string; targetId?: string } {
    if ('url' in to) return { url: to.url };
    const t = this.service.targets.get(to.targetId);
    return { url: t.url, targetId: t.id };
  }

  private async load(id: string): Promise<CapturedWebhook> {
    const w = await this.service.store.get(id);
    if (!w) throw new AppError('not_found', `No webhook with id ${id} in history (it may have been removed by retention or a clear).`);
    return w;
  }

  /** Every webhook matching the query, oldest first (the order LiveChat sent them). */
  private idsMatching(query: string): string[] {
    const ids: string[] = [];
    let beforeSeq: number | undefined;
    for (;;) {
      const page = this.service.store.list({ query, limit: 1000, ...(beforeSeq === undefined ? {} : { beforeSeq }) });
      for (const s of page.items) ids.push(s.id);
      const last = page.items.at(-1);
      if (!page.hasMore || !last) break;
      beforeSeq = last.seq;
    }
    return ids.reverse();
  }

  private endJob(jobId: string, progress: ReplayProgress, state: ReplayProgress['state']): void {
    this.jobs.delete(jobId);
    progress.state = state;
    this.emitProgress({ ...progress });
  }
}

function parseJson(text: string | undefined): { ok: true; value: unknown } | { ok: false } {
  if (text === undefined || text.trim() === '') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false }; // not JSON: compared as text
  }
}
