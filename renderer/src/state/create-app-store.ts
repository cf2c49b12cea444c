import type { ApiClient } from '@shared/api/client';
import type { WebhookSummary } from '@shared/model/webhook';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Connection } from '../bridge/connection';
import type { AppState, ConnectionSlice, LifecycleSlice } from './app-state';
import { createErrorsSlice } from './errors-slice';
import { createEventsSlice } from './events-slice';
import { createFilterSlice } from './filter-slice';
import { createFrameBatcher, defaultFrameScheduler, type FrameScheduler } from './frame-batcher';
import { createReceiverSlice } from './receiver-slice';
import { createSelectionSlice } from './selection-slice';
import type { SliceKit, StoreInternals, StoreTuning } from './slice-kit';

export type AppStore = StoreApi<AppState>;

export type ConnectionEvents = Pick<Connection, 'state' | 'onState' | 'onReconnect'>;

export interface AppStoreOptions {
  /** Link state and reconnects; without it the link is taken as always open (like Electron IPC). */
  connection?: ConnectionEvents;
  /** How pushes are batched; tests pass a manual scheduler to flush frames on demand. */
  scheduleFrame?: FrameScheduler;
  pageSize?: number;
  filterDebounceMs?: number;
}

const alwaysOpen: ConnectionEvents = {
  state: 'open',
  onState: () => () => undefined,
  onReconnect: () => () => undefined,
};

/**
 * The one store of the renderer. Slices per feature share a client; components subscribe to single fields.
 * Nothing talks to the engine before `start()`, so tests can build a store, subscribe, then start it.
 */
export function createAppStore(client: ApiClient, options: AppStoreOptions = {}): AppStore {
  const connection = options.connection ?? alwaysOpen;
  const tuning: StoreTuning = {
    pageSize: options.pageSize ?? 200,
    filterDebounceMs: options.filterDebounceMs ?? 150,
  };
  const internals: StoreInternals = { knownIds: new Set(), listGeneration: 0, pushesDuringReload: undefined };

  return createStore<AppState>()((set, get) => {
    const kit: SliceKit = { client, set, get, tuning, internals };
    const events = createEventsSlice(kit);
    const filter = createFilterSlice(kit);
    const batcher = createFrameBatcher<WebhookSummary>(
      (batch) => events.applyCaptured(batch),
      options.scheduleFrame ?? defaultFrameScheduler(),
    );
    const unsubscribe: Array<() => void> = [];
    let started = false;
    let initialLoad: Promise<void> | undefined;

    async function loadInitial(): Promise<void> {
      await Promise.all([get().refreshReceiver(), get().reloadEvents()]);
    }

    const connectionSlice: ConnectionSlice = { connection: connection.state, connectionDetail: undefined };

    const lifecycle: LifecycleSlice = {
      async start() {
        if (started) return initialLoad;
        started = true;
        // Subscribe before the first page is asked for, so nothing captured in between is missed (dedupe by id
        // absorbs the overlap).
        unsubscribe.push(
          client.on('event.captured', (summary) => batcher.push(summary)),
          client.on('events.cleared', () => {
            // Buffered pushes predate the clear: they no longer exist.
            batcher.drop();
            events.applyCleared();
          }),
          connection.onState((state, detail) => {
            set({ connection: state, connectionDetail: detail });
            if (state !== 'open') events.linkDown();
            // The first connection may have failed before anything loaded; its first success loads everything.
            if (state === 'open' && !get().eventsLoaded && !get().loadingEvents) void loadInitial();
          }),
          connection.onReconnect(() => void events.catchUpAfterReconnect()),
        );
        set({ connection: connection.state });
        initialLoad = loadInitial();
        return initialLoad;
      },
      stop() {
        for (const off of unsubscribe.splice(0)) off();
        batcher.stop();
        filter.stop();
        events.stop();
      },
    };

    return {
      ...connectionSlice,
      ...createReceiverSlice(kit),
      ...events.state,
      ...createSelectionSlice(kit),
      ...filter.state,
      ...createErrorsSlice(kit),
      ...lifecycle,
    };
  });
}
