import { AppError } from '@shared/api/errors';
import type { CapturedWebhook, WebhookSummary } from '@shared/model/webhook';
import type { Handlers } from './dispatch';
import type { WebhookStore } from '../history/webhook-store';
import { chatTimeline } from '../inspector/chat-timeline';
import { diffWebhooks, readDiffIgnore, writeDiffIgnore } from '../inspector/diff-webhooks';
import type { TransferJobs } from '../inspector/transfer-jobs';
import type { Clock, SettingsStore } from '../ports';

type EventsMethod =
  | 'events.list'
  | 'events.get'
  | 'events.clear'
  | 'events.histogram'
  | 'events.retries'
  | 'events.chat'
  | 'events.previous'
  | 'events.diff'
  | 'events.getDiffIgnore'
  | 'events.setDiffIgnore'
  | 'events.pin'
  | 'events.export'
  | 'events.exportChunk'
  | 'events.cancelJob'
  | 'events.import';

export interface EventsHandlerDeps {
  store: WebhookStore;
  settings: SettingsStore;
  clock: Clock;
  jobs: TransferJobs;
}

const notFound = (id: string): AppError =>
  new AppError('not_found', `No webhook with id ${id} in history (it may have been cleared or removed by retention).`);

/** Default number of histogram buckets (the list header's chart). */
const HISTOGRAM_BUCKETS = 60;

export function eventsHandlers({ store, settings, clock, jobs }: EventsHandlerDeps): Pick<Handlers, EventsMethod> {
  const record = async (id: string): Promise<CapturedWebhook> => {
    const r = await store.get(id);
    if (!r) throw notFound(id);
    return r;
  };
  return {
    'events.list': (params) => store.list(params),
    'events.get': (params) => record(params.id),
    /**
     * Removes every webhook that is not pinned. `removed` counts what went; pinned webhooks stay (their number is
     * in `keptPinned`), so a user who wants them gone unpins them first.
     */
    'events.clear': async () => {
      const { removed, keptPinned } = await store.clear();
      const result = { removed, keptPinned };
      return result;
    },
    'events.histogram': ({ query, buckets }) => store.history.histogram({ query }, buckets ?? HISTOGRAM_BUCKETS, clock.now()),
    'events.retries': ({ id }) => {
      const attempts = store.history.retries(id);
      if (!attempts) throw notFound(id);
      return { attempts };
    },
    'events.chat': ({ chatId, limit }) => chatTimeline(store, chatId, limit),
    'events.previous': ({ id, by }) => {
      const found = store.history.previous(id, by);
      if (found === undefined) throw notFound(id);
      return { id: found === null ? null : found.summary.id };
    },
    'events.diff': async ({ a, b, ignore }) => {
      const [ra, rb] = await Promise.all([record(a), record(b)]);
      const diff = diffWebhooks(ra, rb, ignore ?? readDiffIgnore(settings));
      return { ...diff, a: summaryOf(store, a), b: summaryOf(store, b) };
    },
    'events.getDiffIgnore': () => ({ paths: readDiffIgnore(settings) }),
    'events.setDiffIgnore': ({ paths }) => ({ paths: writeDiffIgnore(settings, paths) }),
    'events.pin': async ({ id, pinned }) => {
      const s = await store.pin(id, pinned);
      if (!s) throw notFound(id);
      return s;
    },
    'events.export': (params) => jobs.export(params),
    'events.exportChunk': ({ jobId, index }) => jobs.chunk(jobId, index),
    'events.cancelJob': ({ jobId }) => jobs.cancel(jobId),
    'events.import': (params) => jobs.import(params),
  };
}

function summaryOf(store: WebhookStore, id: string): WebhookSummary {
  const e = store.history.get(id);
  if (!e) throw notFound(id);
  return e.summary;
}
