import type { TriggerItem, TriggerRecord } from '@shared/api/domains/simulator';
import type { Logger } from '../ports';
import type { Timers } from '../tunnel/tunnel-supervisor';
import { sendOne, type DestinationDeps, type OneSend } from './destinations';

/**
 * Runs one trigger: waits each step's delay (compressed by the speed), sends it, and keeps the record — pushed after
 * every change — up to date until every webhook has settled or the run is cancelled.
 */

export interface OneStep extends OneSend {
  delayMs: number;
}

/** What to send and where: a send's bodies or a scenario's steps. Kept with recent triggers so one can be repeated. */
export interface Plan {
  kind: TriggerRecord['kind'];
  label: string;
  scenario?: string;
  seed?: number;
  destination: TriggerRecord['destination'];
  steps: OneStep[];
  /** 1 = real pace, 10 = ten times faster, 0 = no waiting. */
  speed: number;
}

export interface RunnerDeps extends DestinationDeps {
  logger: Logger;
  timers: Timers;
  emit(record: TriggerRecord): void;
}

export async function runTrigger(record: TriggerRecord, plan: Plan, deps: RunnerDeps, signal: AbortSignal): Promise<TriggerRecord> {
  const emit = (): void => deps.emit(snapshot(record));
  const pending: Array<Promise<void>> = [];
  try {
    for (const [index, step] of plan.steps.entries()) {
      const wait = plan.speed > 0 && index > 0 ? step.delayMs / plan.speed : 0;
      if (wait > 0 && !(await sleep(deps.timers, wait, signal))) break;
      if (signal.aborted) break;
      const item: TriggerItem = { index, delivered: false, verdict: 'sending…', ...(step.action === undefined ? {} : { action: step.action }) };
      if (plan.kind === 'scenario') item.delayMs = step.delayMs;
      record.items.push(item);
      emit();
      const sent = sendOne(plan.destination, step, item, deps, signal).then(
        () => emit(),
        (err: unknown) => {
          item.verdict = `failed: ${err instanceof Error ? err.message : String(err)}`;
          deps.logger.warn({ err, trigger: record.id, index }, 'simulated webhook could not be sent');
          emit();
        },
      );
      // Into LiveHook itself, one after the other (the list shows them in order). Elsewhere, like LiveChat: each
      // delivery runs on its own schedule and a slow or failing target does not hold back the next event.
      if (plan.destination.kind === 'self') await sent;
      else pending.push(sent);
    }
    await Promise.all(pending);
  } catch (err) {
    record.error = err instanceof Error ? err.message : String(err);
    deps.logger.error({ err, trigger: record.id }, 'simulator trigger failed');
  }
  if (signal.aborted) record.cancelled = true;
  record.done = true;
  emit();
  return snapshot(record);
}

function sleep(timers: Timers, ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const onAbort = (): void => {
      timers.clearTimeout(handle);
      resolve(false);
    };
    const handle = timers.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** A copy that later changes to the record do not reach (pushes are serialised later, answers kept by callers). */
export function snapshot(r: TriggerRecord): TriggerRecord {
  return { ...r, items: r.items.map((i) => ({ ...i, ...(i.sandbox === undefined ? {} : { sandbox: i.sandbox.map((d) => ({ ...d })) }) })) };
}
