import type { PushName } from '@shared/api/contract';
import type { Result } from '@shared/api/wire';
import type { TunnelSettings } from '@shared/api/domains/tunnel';
import type { LiveChatDeps } from './livechat/create-livechat';
import type { LiveChatSandbox, SandboxOptions } from './livechat-sandbox/sandbox';
import type { Clock, Logger, OpenExternal, SecretStore, SettingsStore } from './ports';
import type { Timers, TunnelSupervisorOptions } from './tunnel/tunnel-supervisor';
import type { ReceiverTimeouts } from './receiver/receiver';

export interface EngineDeps {
  /** Where the journal and other lasting data live. Created if missing. */
  dataDir: string;
  logger: Logger;
  clock?: Clock;
  secrets: SecretStore;
  settings: SettingsStore;
  receiver?: {
    /** 0 (the default) = any free port. */
    port?: number;
    /** Interface to bind; default 127.0.0.1 (the tunnel client connects locally). */
    host?: string;
    /** Default 10 MiB. */
    bodyLimitBytes?: number;
    /** Default DEFAULT_RECEIVER_TIMEOUTS (tests shorten them to see a slow sender cut off). */
    timeouts?: Partial<ReceiverTimeouts>;
  };
  /** The system browser, for LiveChat sign-in. Default: sign-in URLs are only logged. */
  openExternal?: OpenExternal;
  livechat?: {
    /** LiveChat's hosts (tests point them at a sandbox). */
    baseUrls?: LiveChatDeps['baseUrls'];
    options?: LiveChatDeps['options'];
    /** What "Sandbox account" starts; default the in-repo sandbox with LiveChat's delivery rules. */
    startSandbox?: () => Promise<LiveChatSandbox>;
    /** Tests: faster delivery rules for the default sandbox. */
    sandbox?: Omit<SandboxOptions, 'logger' | 'clock'>;
  };
  tunnel?: {
    /**
     * Open the tunnel as soon as the engine has started. Off unless a shell asks: the shells decide from the user's
     * `startOnLaunch` setting and flags, and tests never reach for the public localtunnel server by accident.
     */
    autoStart?: boolean;
    /** This run only (command-line flags): layered over the saved settings, not saved. */
    overrides?: Partial<TunnelSettings>;
    /** Tests: timings, backoff and fakes for the supervisor. */
    supervisor?: Partial<Omit<TunnelSupervisorOptions, 'localPort' | 'logger' | 'settings' | 'record'>>;
  };
  /** Forwarding and replay: timers for retry waits and deadlines (tests), and journal durability. */
  delivery?: {
    timers?: Timers;
    /** Default true: fsync each batch of delivery records. */
    durable?: boolean;
  };
  journal?: {
    /** Keep at most this many webhooks (whole segments are dropped). Default 100,000. */
    maxCount?: number;
    /** Keep at most this many bytes on disk. Default 1 GiB. */
    maxBytes?: number;
    /** Roll to a new segment file past this size. Default 16 MiB. */
    segmentBytes?: number;
  };
  /**
   * The analysis worker's script. Default: beside the engine — the bundled out/main/analysis-worker.js in the app, the
   * TypeScript source through tsx when the engine itself runs from source. Benchmarks that run the engine from source
   * pass the built one, so they measure the worker users get rather than a tsx-loaded one.
   */
  analysisWorker?: URL;
}

export type PushListener = (event: PushName, payload: unknown) => void;

export interface Engine {
  start(): Promise<void>;
  /** Stops accepting webhooks, waits for in-flight writes, closes the journal. Safe to call twice. */
  stop(): Promise<void>;
  /** Validates `params` against the contract, runs the handler, never throws. */
  dispatch(method: string, params: unknown): Promise<Result<unknown>>;
  onPush(listener: PushListener): () => void;
  /** Valid after start(). */
  readonly receiverUrl: string;
  readonly receiverPort: number;
  readonly dataDir: string;
}
