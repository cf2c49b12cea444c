import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { lockDataDir } from './data-dir-lock';
import { createDispatcher, type Dispatch, type Handlers } from './api/dispatch';
import { deliveryHandlers } from './api/delivery-handlers';
import { eventsHandlers } from './api/events-handlers';
import { afterSettled } from './api/settled';
import { receiverHandlers } from './api/receiver-handlers';
import { livechatHandlers } from './api/livechat-handlers';
import { sandboxHandlers, toSandboxDelivery } from './api/sandbox-handlers';
import { simulatorHandlers } from './api/simulator-handlers';
import { tunnelHandlers } from './api/tunnel-handlers';
import { createLiveChat, type LiveChatEmit } from './livechat/create-livechat';
import { startLiveChatSandbox, type LiveChatSandbox } from './livechat-sandbox/sandbox';
import type { TunnelStatus, TunnelUrlChange } from '@shared/api/domains/tunnel';
import { DeliveryService } from './delivery/delivery-service';
import { Replayer } from './delivery/replay';
import { WebhookStore } from './history/webhook-store';
import { TransferJobs } from './inspector/transfer-jobs';
import { Simulator } from './simulator/simulator';
import { systemClock } from './ports';
import { PushBus } from './push-bus';
import { DEFAULT_BODY_LIMIT, Receiver } from './receiver/receiver';
import { readTunnelSettings } from './tunnel/tunnel-settings';
import { TunnelSupervisor } from './tunnel/tunnel-supervisor';
import type { Engine, EngineDeps } from './types';

/** Written into exports (HAR `creator.version`); kept in step with package.json. */
const ENGINE_VERSION = '0.1.0';

/**
 * Builds the engine: everything LiveHook does, in plain Node. Shells call `dispatch` and listen with `onPush`;
 * they never reach inside.
 */
export function createEngine(deps: EngineDeps): Engine {
  const dataDir = resolve(deps.dataDir);
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger.child({ module: 'engine' });
  const bus = new PushBus(logger);
  const bodyLimitBytes = deps.receiver?.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
  let store: WebhookStore | undefined;
  let delivery: DeliveryService | undefined;
  let replayer: Replayer | undefined;
  let simulator: Simulator | undefined;
  let receiver: Receiver | undefined;
  let tunnel: TunnelSupervisor | undefined;
  let livechat: ReturnType<typeof createLiveChat> | undefined;
  /** The sandbox LiveChat while somebody is signed in to it (started on the first sandbox sign-in). */
  let sandbox: LiveChatSandbox | undefined;
  let dispatch: Dispatch | undefined;
  let state: 'new' | 'starting' | 'running' | 'stopping' | 'stopped' = 'new';
  let stopping: Promise<void> | undefined;
  let unlock: (() => Promise<void>) | undefined;

  function running<T>(value: T | undefined, what: string): T {
    if (value === undefined) throw new Error(`engine not started (${what})`);
    return value;
  }

  return {
    get dataDir() {
      return dataDir;
    },
    get receiverUrl() {
      return running(receiver, 'receiverUrl').url;
    },
    get receiverPort() {
      return running(receiver, 'receiverPort').port;
    },

    async start() {
      if (state !== 'new') throw new Error(`engine cannot start from state ${state}`);
      state = 'starting';
      await mkdir(dataDir, { recursive: true });
      try {
        unlock = await lockDataDir(dataDir);
      } catch (err) {
        state = 'stopped';
        throw err;
      }
      const lcLog = deps.logger.child({ module: 'livechat' });
      const startSandbox = async (): Promise<LiveChatSandbox> => {
        const sb = deps.livechat?.startSandbox
          ? await deps.livechat.startSandbox()
          : await startLiveChatSandbox({
              ...deps.livechat?.sandbox,
              logger: deps.logger.child({ module: 'sandbox' }),
              clock,
              delivery: { ...deps.livechat?.sandbox?.delivery, onAttempt: (r) => bus.emit('sandbox.delivery', toSandboxDelivery(r)) },
            });
        const stop = sb.stop.bind(sb);
        sb.stop = async () => {
          if (sandbox === sb) sandbox = undefined;
          await stop();
        };
        sandbox = sb;
        return sb;
      };
      const lc = createLiveChat({
        logger: lcLog,
        clock,
        secrets: deps.secrets,
        settings: deps.settings,
        openExternal:
          deps.openExternal ??
          (async (url) => {
            lcLog.info({ url }, 'open this URL in a browser to sign in to LiveChat');
          }),
        publicUrl: () => {
          const st = tunnel?.status();
          return st === undefined ? undefined : st.state === 'online' ? st.url : (st.lastUrl ?? undefined);
        },
        localUrl: () => receiver?.url,
        onPublicUrlChanged: (listener) => bus.on((event, payload) => event === 'tunnel.urlChanged' && listener(payload as TunnelUrlChange)),
        onTunnelStatus: (listener) => bus.on((event, payload) => event === 'tunnel.status' && listener(payload as TunnelStatus)),
        tunnelStatus: () => tunnel?.status() ?? { state: 'stopped', reconnects: 0, lastError: null, lastErrorAt: null, onlineSince: null, lastUrl: null, settings: readTunnelSettings(deps.settings, lcLog) },
        startSandbox,
        emit: ((event, payload) => bus.emit(event, payload)) as LiveChatEmit,
        ...(deps.livechat?.baseUrls ? { baseUrls: deps.livechat.baseUrls } : {}),
        ...(deps.livechat?.options ? { options: deps.livechat.options } : {}),
      });
      livechat = lc;
      let s: WebhookStore;
      try {
        // Secrets first: the receiver checks every delivery's secret_key from its first webhook on.
        await lc.start();
        s = await WebhookStore.open({
          journal: { dir: resolve(dataDir, 'journal'), ...deps.journal },
          logger: deps.logger,
          clock,
          bodyLimitBytes,
          checkSecret: (webhookId, secretKey) => lc.secretChecker.check(webhookId, secretKey),
          onCaptured: (summary) => bus.emit('event.captured', summary),
          onCleared: (removed) => bus.emit('events.cleared', { removed }),
          onRemoved: (ids) => bus.emit('events.removed', { ids, reason: 'retention' }),
          onUpdated: (summary) => bus.emit('event.updated', summary),
          onHeld: (held) => bus.emit('events.held', { held }),
          ...(deps.analysisWorker ? { analysisWorker: deps.analysisWorker } : {}),
        });
      } catch (err) {
        await lc.stop();
        await unlock();
        state = 'stopped';
        throw err;
      }
      store = s;
      let dv: DeliveryService;
      try {
        dv = await DeliveryService.open({
          store: s,
          settings: deps.settings,
          logger: deps.logger,
          clock,
          dir: resolve(dataDir, 'deliveries'),
          ...deps.delivery,
          emit: {
            attempt: (p) => bus.emit('delivery.attempt', p),
            done: (r) => bus.emit('delivery.done', r),
            rulesChanged: (rules) => bus.emit('rules.changed', rules),
            forwardingChanged: (f) => bus.emit('forwarding.changed', f),
          },
        });
      } catch (err) {
        await s.close();
        await lc.stop();
        await unlock();
        state = 'stopped';
        throw err;
      }
      delivery = dv;
      const rp = new Replayer(dv, (p) => bus.emit('replay.progress', p), deps.logger.child({ module: 'replay' }));
      replayer = rp;
      const r = new Receiver({
        host: deps.receiver?.host ?? '127.0.0.1',
        port: deps.receiver?.port ?? 0,
        bodyLimitBytes,
        logger: deps.logger.child({ module: 'receiver' }),
        clock,
        // Response rules and forwarding sit in front of the store; with neither on it is one boolean check.
        capture: (req) => dv.capture(req),
        healthText: () => 'LiveHook receiver is up. Send webhooks with POST to any path.',
        ...(deps.receiver?.timeouts ? { timeouts: deps.receiver.timeouts } : {}),
      });
      try {
        await r.start();
      } catch (err) {
        await dv.close();
        await s.close();
        await unlock();
        state = 'stopped';
        throw err;
      }
      receiver = r;
      const tunnelLog = deps.logger.child({ module: 'tunnel' });
      const t = new TunnelSupervisor({
        ...deps.tunnel?.supervisor,
        localPort: () => r.port,
        settings: { ...readTunnelSettings(deps.settings, tunnelLog), ...deps.tunnel?.overrides },
        logger: tunnelLog,
        clock,
        record: (entry) =>
          s.appendEntry(entry).catch((err: unknown) => tunnelLog.error({ err, entry }, 'could not journal the tunnel URL change')),
      });
      t.onStatus((status) => bus.emit('tunnel.status', status));
      t.onUrlChanged((change) => bus.emit('tunnel.urlChanged', change));
      tunnel = t;
      // Simulated webhooks into LiveHook go through the receiver's own capture (rules, forwarding) with source
      // `simulator`, from inside the engine: nothing a request from outside carries can claim that source.
      const sim = new Simulator({
        clock,
        logger: deps.logger.child({ module: 'simulator' }),
        settings: deps.settings,
        capture: (req) => dv.capture(req),
        // Through the delivery service, so simulated sends to a URL are journaled, pushed and drawn like any delivery.
        deliverer: {
          deliver: async (request, opts) => {
            const record = await dv.run({ kind: 'simulation', request, policy: opts?.policy ?? dv.currentPolicy, ...(opts?.signal ? { signal: opts.signal } : {}) });
            return { deliveryId: record.deliveryId, url: record.url, attempts: record.attempts, delivered: record.delivered, verdict: record.verdict };
          },
        },
        policy: () => dv.currentPolicy,
        sandbox: () => sandbox,
        getWebhook: (id) => s.getStored(id),
        emit: (record) => bus.emit('simulator.trigger', record),
      });
      simulator = sim;
      const handlers = {
        ...tunnelHandlers(t, deps.settings, tunnelLog),
        ...livechatHandlers(lc),
        ...sandboxHandlers(() => sandbox, lcLog),
        // Methods that read captured webhooks see every one acknowledged before the call (see afterSettled).
        ...afterSettled(s, simulatorHandlers(sim)),
        ...afterSettled(s, deliveryHandlers(dv, rp)),
        ...afterSettled(s, eventsHandlers({
          store: s,
          settings: deps.settings,
          clock,
          jobs: new TransferJobs({
            store: s,
            clock,
            logger: deps.logger.child({ module: 'transfer' }),
            progress: (p) => bus.emit('events.jobProgress', p),
            baseUrl: () => r.url,
            version: ENGINE_VERSION,
          }),
        })),
        ...afterSettled(s, receiverHandlers(() => ({
          localUrl: r.url,
          port: r.port,
          bodyLimitBytes,
          dataDir,
          count: s.count,
          journalWarnings: s.warnings.slice(-50),
        }))),
      } satisfies Handlers;
      dispatch = createDispatcher(handlers, deps.logger.child({ module: 'api' }));
      state = 'running';
      if (deps.tunnel?.autoStart === true) t.start();
    },

    stop() {
      if (stopping) return stopping;
      state = 'stopping';
      stopping = (async () => {
        // Tunnel first (its probe would see the receiver go and start reconnecting), then the receiver: no new webhook
        // may be acked once the journal starts closing.
        // Simulated sends before anything they use (the sandbox, the deliverer, the store) goes away.
        await simulator?.stop();
        // LiveChat first, while the network and the tunnel are still up ("unregister webhooks on quit").
        await livechat?.shutdown();
        tunnel?.stop();
        await receiver?.stop();
        // Bulk replays stop; forwards already under way finish their current wait, then the delivery journal closes.
        replayer?.cancelAll();
        await delivery?.close();
        await store?.close();
        await unlock?.();
        state = 'stopped';
        logger.info('engine stopped');
      })();
      return stopping;
    },

    async dispatch(method, params) {
      if (!dispatch || state !== 'running') {
        return { ok: false, error: { code: 'unavailable', message: 'LiveHook is not running.' } };
      }
      return dispatch(method, params);
    },

    onPush(listener) {
      return bus.on(listener);
    },
  };
}
