import { sideBySide, type SideBySide } from '@shared/diff';
import type { DiffResult } from '@shared/diff/types';
import type { CapturedWebhook } from '@shared/model/webhook';
import { sideBySideOf, type SideBySideReply, type SideBySideRequest } from './side-by-side-protocol';

let worker: Worker | undefined;
/** Set once the worker failed to start (a shell that refuses workers): from then on the page aligns itself. */
let workerBroken = false;
let nextId = 1;
const waiting = new Map<number, { resolve(lines: SideBySide): void; reject(err: Error): void; request: Omit<SideBySideRequest, 'id'> }>();

function inPage(request: Omit<SideBySideRequest, 'id'>): Promise<SideBySide> {
  return new Promise((resolve, reject) => {
    // A macrotask first, so the "Aligning…" state paints before the page is busy.
    setTimeout(() => {
      try {
        resolve(sideBySideOf(request, sideBySide));
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    }, 0);
  });
}

function startWorker(): Worker | undefined {
  if (workerBroken || typeof Worker !== 'function') return undefined;
  if (worker) return worker;
  try {
    worker = new Worker(new URL('./side-by-side.worker.ts', import.meta.url), { type: 'module' });
  } catch (err) {
    console.warn('livehook: diff worker unavailable, aligning in the page', err);
    workerBroken = true;
    return undefined;
  }
  worker.onmessage = (event: MessageEvent<SideBySideReply>) => {
    const reply = event.data;
    const job = waiting.get(reply.id);
    if (!job) return;
    waiting.delete(reply.id);
    if (reply.ok) job.resolve(reply.lines);
    else job.reject(new Error(reply.message));
  };
  worker.onerror = (event) => {
    // The script could not load (e.g. a file:// page that may not start workers): finish what was asked in the page.
    console.warn('livehook: diff worker failed, aligning in the page', event.message);
    workerBroken = true;
    worker?.terminate();
    worker = undefined;
    const pending = [...waiting.values()];
    waiting.clear();
    for (const job of pending) inPage(job.request).then(job.resolve, job.reject);
  };
  return worker;
}

/** The two bodies of a diff pretty-printed and aligned line by line, computed off the page's thread when possible. */
export function alignBodies(left: CapturedWebhook, right: CapturedWebhook, result: DiffResult): Promise<SideBySide> {
  const request: Omit<SideBySideRequest, 'id'> = {
    a: { bodyBase64: left.bodyBase64, json: left.json !== undefined },
    b: { bodyBase64: right.bodyBase64, json: right.json !== undefined },
    result,
  };
  const w = startWorker();
  if (!w) return inPage(request);
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject, request });
    w.postMessage({ id, ...request } satisfies SideBySideRequest);
  });
}
