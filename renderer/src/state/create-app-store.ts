import type { ApiClient } from '@shared/api/client';
import type { TunnelStatus, TunnelUrlChange } from '@shared/api/contract';
import type { LiveChatStatus, WebhooksView } from '@shared/api/domains/livechat';
import type { SandboxDelivery } from '@shared/api/domains/sandbox';
import type { WebhookSummary } from '@shared/model/webhook';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Connection } from '../bridge/connection';
import type { AppState, ConnectionSlice, LifecycleSlice } from './app-state';
import { createDeliverySlice } from './delivery-slice';
import { createErrorsSlice } from './errors-slice';
import { createEventsSlice } from './events-slice';
import { createFilterSlice } from './filter-slice';
import { createFrameBatcher, defaultFrameScheduler, type FrameScheduler } from './frame-batcher';
import { createHistogramSlice } from './histogram-slice';
import { createInspectorSlice } from './inspector-slice';
import { createLiveChatSlice } from './livechat-slice';
import { createReceiverSlice } from './receiver-slice';
import { createSelectionSlice } from './selection-slice';
import { createTransferSlice } from './transfer-slice';
import { createTriggerSlice } from './trigger-slice';
import type { SliceKit, StoreInternals, StoreTuning } from './slice-kit';
import { createTunnelSlice } from './tunnel-slice';

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

/** A push waiting for the next frame. Tunnel pushes carry when they arrived: a retry countdown starts then. */
type BufferedPush =
  | { kind: 'event.captured'; summary: WebhookSummary }
  | { kind: 'event.updated'; summary: WebhookSummary }
  | { kind: 'tunnel.status'; status: TunnelStatus; at: number }
  | { kind: 'tunnel.urlChanged'; change: TunnelUrlChange; at: number }
  | { kind: 'livechat.status'; status: LiveChatStatus }
  | { kind: 'webhooks.changed'; view: WebhooksView }
  | { kind: 'sandbox.delivery'; delivery: SandboxDelivery };

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
    const histogram = createHistogramSlice(kit);
    const tunnel = createTunnelSlice(kit, {
      dropBufferedStatus: () => batcher.drop((p) => p.kind === 'tunnel.status'),
    });
    const livechat = createLiveChatSlice(kit, {
      dropBufferedStatus: () => batcher.drop((p) => p.kind === 'livechat.status'),
      dropBufferedView: () => batcher.drop((p) => p.kind === 'webhooks.changed'),
    });
    const delivery = createDeliverySlice(kit, options.scheduleFrame ?? defaultFrameScheduler());
    const batcher = createFrameBatcher<BufferedPush>((batch) => {
      const captured: WebhookSummary[] = [];
      const updated: WebhookSummary[] = [];
      const deliveries: SandboxDelivery[] = [];
      let status: Extract<BufferedPush, { kind: 'tunnel.status' }> | undefined;
      let livechatStatus: LiveChatStatus | undefined;
      let view: WebhooksView | undefined;
      for (const push of batch) {
        if (push.kind === 'event.captured') captured.push(push.summary);
        else if (push.kind === 'event.updated') updated.push(push.summary);
        // Each status is complete: only the newest of the frame matters.
        else if (push.kind === 'tunnel.status') status = push;
        else if (push.kind === 'tunnel.urlChanged') tunnel.applyUrlChange(push.change, push.at);
        else if (push.kind === 'livechat.status') livechatStatus = push.status;
        else if (push.kind === 'webhooks.changed') view = push.view;
        else deliveries.push(push.delivery);
      }
      if (captured.length > 0) events.applyCaptured(captured);
      for (const summary of updated) get().applyUpdated(summary);
      if (status) tunnel.applyStatus(status.status, status.at);
      if (livechatStatus) livechat.applyStatus(livechatStatus);
      if (view) livechat.applyView(view);
      if (deliveries.length > 0) livechat.applyDeliveries(deliveries);
    }, options.scheduleFrame ?? defaultFrameScheduler());
    const unsubscribe: Array<() => void> = [];
    let started = false;
    let initialLoad: Promise<void> | undefined;

    async function loadInitial(): Promise<void> {
      await Promise.all([get().refreshReceiver(), get().reloadEvents(), get().refreshTunnel(), get().refreshLiveChat()]);
    }

    const connectionSlice: ConnectionSlice = { connection: connection.state, connectionDetail: undefined };

    const lifecycle: LifecycleSlice = {
      async start() {
        if (started) return initialLoad;
        started = true;
        // Subscribe before the first page is asked for, so nothing captured in between is missed (dedupe by id
        // absorbs the overlap).
        unsubscribe.push(
          client.on('event.captured', (summary) => batcher.push({ kind: 'event.captured', summary })),
          client.on('event.updated', (summary) => batcher.push({ kind: 'event.updated', summary })),
          // Progress is rare (a few per second) and drives a progress bar: applied as it comes.
          client.on('events.jobProgress', (progress) => get().applyJobProgress(progress)),
          // A few per trigger step: applied as they come.
          client.on('simulator.trigger', (record) => get().applyTrigger(record)),
          // Retention dropped the oldest webhooks: the list drops them too, or a long session would hold them all.
          client.on('events.removed', ({ ids }) => {
            const gone = new Set(ids);
            batcher.drop((p) => p.kind === 'event.captured' && gone.has(p.summary.id));
            events.applyRemoved(ids);
          }),
          // A few per second during a flood: applied as they come.
          client.on('events.held', ({ held }) => events.applyHeld(held)),
          client.on('events.cleared', () => {
            // Buffered webhooks predate the clear: they no longer exist.
            batcher.drop((p) => p.kind === 'event.captured');
            events.applyCleared();
          }),
          client.on('tunnel.status', (status) => batcher.push({ kind: 'tunnel.status', status, at: Date.now() })),
          client.on('tunnel.urlChanged', (change) => batcher.push({ kind: 'tunnel.urlChanged', change, at: Date.now() })),
          client.on('livechat.status', (status) => batcher.push({ kind: 'livechat.status', status })),
          client.on('webhooks.changed', (view) => batcher.push({ kind: 'webhooks.changed', view })),
          client.on('sandbox.delivery', (delivery) => batcher.push({ kind: 'sandbox.delivery', delivery })),
          connection.onState((state, detail) => {
            set({ connection: state, connectionDetail: detail });
            if (state !== 'open') events.linkDown();
            // The first connection may have failed before anything loaded; its first success loads everything.
            if (state === 'open' && !get().eventsLoaded && !get().loadingEvents) void loadInitial();
          }),
          connection.onReconnect(() => {
            void events.catchUpAfterReconnect();
            // Tunnel pushes sent while the link was down are lost: ask for the state as it is now.
            void get().refreshTunnel();
            // So are LiveChat's: sign-in state, and with it the registrations.
            void get().refreshLiveChat();
          }),
        );
        unsubscribe.push(...delivery.subscribe());
        set({ connection: connection.state });
        initialLoad = loadInitial();
        return initialLoad;
      },
      stop() {
        for (const off of unsubscribe.splice(0)) off();
        batcher.stop();
        delivery.stop();
        filter.stop();
        histogram.stop();
        events.stop();
      },
    };

    return {
      ...connectionSlice,
      ...createReceiverSlice(kit),
      ...tunnel.state,
      ...livechat.state,
      ...events.state,
      ...createSelectionSlice(kit),
      ...filter.state,
      ...histogram.state,
      ...createInspectorSlice(kit),
      ...createTransferSlice(kit),
      ...createTriggerSlice(kit),
      ...createErrorsSlice(kit),
      ...delivery.state,
      ...lifecycle,
    };
  });
}
