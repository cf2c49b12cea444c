import {
  DEFAULT_TUNNEL_SETTINGS,
  publicUrlProblem,
  tunnelHostProblem,
  type TunnelSettings,
  type TunnelState,
  type TunnelStatus,
  type TunnelUrlChange,
} from '@shared/api/domains/tunnel';
import { systemClock, type Clock, type Logger } from '../ports';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { probeThroughPublicUrl, type Probe } from './health-probe';
import { openLocaltunnel, type OpenTunnel, type TunnelLike } from './open-localtunnel';
import { clientProblem, seconds, TunnelProblem } from './tunnel-problem';

/** Timers the supervisor schedules with; injected so tests run the state machine on a fake clock. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** What `record` receives when the public URL changes (the engine appends it to the journal). */
export type TunnelUrlChangedEntry = { kind: 'tunnel.urlChanged'; at: string; previousUrl: string; url: string };

export interface TunnelSupervisorOptions {
  /** The receiver's port, the only port the tunnel may reach; a function because the receiver binds port 0. */
  localPort: number | (() => number);
  settings?: Partial<TunnelSettings>;
  logger: Logger;
  clock?: Clock;
  timers?: Timers;
  /** [0, 1) — jitter source. */
  random?: () => number;
  openTunnel?: OpenTunnel;
  probe?: Probe;
  /** Called when a different public URL comes online (the engine passes the journal's append). */
  record?: (entry: TunnelUrlChangedEntry) => unknown;
  /** Health probe period while online. Default 30 s. */
  probeIntervalMs?: number;
  /** Default 5 s. */
  probeTimeoutMs?: number;
  /** Deadline for opening a tunnel (handshake). Default 15 s. */
  openTimeoutMs?: number;
  backoff?: Partial<BackoffPolicy>;
  /**
   * The localtunnel server keeps a tunnel's name for 1 s after its last socket closes and hands a random one to
   * whoever asks sooner. After losing a tunnel while its server is still up, the first retry waits at least this
   * long, so that asking for the same subdomain again gets it. Default 1.5 s.
   */
  nameReleaseMs?: number;
}

type StatusListener = (status: TunnelStatus) => void;
type UrlListener = (change: TunnelUrlChange) => void;

/** The one async step in flight (opening a tunnel or probing it), with its deadline. */
interface Pending {
  abort: AbortController;
  deadline: unknown;
}

/**
 * Keeps LiveHook's public URL up. Opens a localtunnel tunnel to the receiver (or, in "own public URL" mode, only
 * watches that URL), proves it works end to end with a nonce probe every `probeIntervalMs` and after any client
 * error, and on any failure closes what is left and retries with capped, jittered backoff, asking for the same
 * subdomain. Says what it is doing through `onStatus`, and through `onUrlChanged` when the public URL moved.
 *
 * Every callback belongs to a `run` (bumped by start, stop and failure to `failed`); callbacks of an older run are
 * ignored, so a late answer from a cancelled step can never resurrect a stopped tunnel.
 */
export class TunnelSupervisor {
  private settingsNow: TunnelSettings;
  private state: TunnelState = { state: 'stopped' };
  private run = 0;
  private client: TunnelLike | undefined;
  private pending: Pending | undefined;
  private timer: unknown;
  private attempt = 0;
  private reconnects = 0;
  private lastError: string | null = null;
  private lastErrorAt: string | null = null;
  private lastOnlineUrl: string | undefined;
  /** When stop() last closed an open tunnel (its name is held by the server for a moment after). */
  private releasedAt: number | undefined;
  /** The subdomain of the URL in use, asked for again on reconnect when none is configured. */
  private stickySubdomain: string | undefined;
  private readonly statusListeners = new Set<StatusListener>();
  private readonly urlListeners = new Set<UrlListener>();

  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly openTunnel: OpenTunnel;
  private readonly probe: Probe;
  private readonly backoff: BackoffPolicy;
  private readonly probeIntervalMs: number;
  private readonly probeTimeoutMs: number;
  private readonly openTimeoutMs: number;
  private readonly nameReleaseMs: number;

  constructor(private readonly opts: TunnelSupervisorOptions) {
    this.settingsNow = { ...DEFAULT_TUNNEL_SETTINGS, ...definedOnly(opts.settings ?? {}) };
    this.logger = opts.logger;
    this.clock = opts.clock ?? systemClock;
    this.timers = opts.timers ?? systemTimers;
    this.random = opts.random ?? Math.random;
    this.openTunnel = opts.openTunnel ?? openLocaltunnel;
    this.probe = opts.probe ?? probeThroughPublicUrl;
    this.backoff = { ...DEFAULT_BACKOFF, ...definedOnly(opts.backoff ?? {}) };
    this.probeIntervalMs = opts.probeIntervalMs ?? 30_000;
    this.probeTimeoutMs = opts.probeTimeoutMs ?? 5_000;
    this.openTimeoutMs = opts.openTimeoutMs ?? 15_000;
    this.nameReleaseMs = opts.nameReleaseMs ?? 1_500;
  }

  get settings(): TunnelSettings {
    return { ...this.settingsNow };
  }

  status(): TunnelStatus {
    return {
      reconnects: this.reconnects,
      lastError: this.lastError,
      lastErrorAt: this.lastErrorAt,
      onlineSince: this.state.state === 'online' ? this.state.since : null,
      lastUrl: this.lastOnlineUrl ?? null,
      settings: this.settings,
      // Last: while reconnecting, the state's own lastError (the same words) is the one typed as always present.
      ...this.state,
    };
  }

  onStatus(listener: StatusListener): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onUrlChanged(listener: UrlListener): () => void {
    this.urlListeners.add(listener);
    return () => this.urlListeners.delete(listener);
  }

  /** Starts the tunnel unless it is already running. Progress is reported through `onStatus`. */
  start(): void {
    if (this.state.state !== 'stopped' && this.state.state !== 'failed') return;
    const run = ++this.run;
    this.attempt = 0;
    this.reconnects = 0;
    const { host, publicUrl } = this.settingsNow;
    const problem = publicUrl !== null ? publicUrlProblem(publicUrl) : tunnelHostProblem(host);
    if (problem) {
      this.noteError(problem);
      this.setState({ state: 'failed', reason: problem });
      return;
    }
    this.setState({ state: 'connecting' });
    // Stop then Start: the server still holds the name we just closed for about a second and would hand out a random
    // one instead. Wait for it to let go, so the public URL stays the same.
    const holdMs = this.releasedAt === undefined || publicUrl !== null ? 0 : this.releasedAt + this.nameReleaseMs - this.clock.now();
    if (holdMs > 0) this.schedule(run, holdMs, () => this.connect(run));
    else this.connect(run);
  }

  /** Closes the client, cancels every timer and request; safe to call in any state. */
  stop(): void {
    if (this.client !== undefined) this.releasedAt = this.clock.now();
    this.run++;
    this.halt();
    this.attempt = 0;
    if (this.state.state !== 'stopped') this.setState({ state: 'stopped' });
  }

  /** Changes options; a running (or failed) tunnel restarts when its server, subdomain or public URL changed. */
  configure(partial: Partial<TunnelSettings>): void {
    const before = this.settingsNow;
    const next = { ...before, ...definedOnly(partial) };
    this.settingsNow = next;
    const retarget = next.host !== before.host || next.subdomain !== before.subdomain || next.publicUrl !== before.publicUrl;
    if (retarget) this.stickySubdomain = undefined;
    if (retarget && this.state.state !== 'stopped') {
      this.stop();
      this.releasedAt = undefined; // another server or another name: nothing to wait for
      this.start();
    } else {
      this.emitStatus();
    }
  }

  private localPort(): number {
    return typeof this.opts.localPort === 'function' ? this.opts.localPort() : this.opts.localPort;
  }

  private connect(run: number): void {
    const { publicUrl, host } = this.settingsNow;
    if (publicUrl !== null) {
      this.checkHealth(run, publicUrl);
      return;
    }
    const subdomain = this.settingsNow.subdomain ?? this.stickySubdomain;
    this.logger.info({ host, subdomain, port: this.localPort() }, 'opening tunnel');
    this.step(
      run,
      this.openTimeoutMs,
      () => new TunnelProblem('timeout', `The tunnel server did not open a tunnel within ${seconds(this.openTimeoutMs)}`),
      (signal) =>
        this.openTunnel({
          port: this.localPort(),
          host,
          ...(subdomain !== undefined ? { subdomain } : {}),
          local_host: '127.0.0.1',
          signal,
        }),
      (client) => this.adopt(run, client),
      // Opened after we gave up on it (deadline, stop): nobody will use it.
      (client) => closeQuietly(client, this.logger),
    );
  }

  private adopt(run: number, client: TunnelLike): void {
    this.client = client;
    this.logger.info({ url: client.url }, 'tunnel opened; probing it');
    client.on('error', (err) => {
      const words = clientProblem(err).message;
      if (run !== this.run || client !== this.client) {
        this.logger.debug({ err: words }, 'error from a tunnel client already replaced');
        return;
      }
      this.logger.warn({ err: words }, 'tunnel client error; probing');
      // One socket failing does not mean the tunnel is gone: the probe decides.
      this.checkHealth(run, client.url);
    });
    client.on('close', () => {
      if (run === this.run && client === this.client) this.fail(run, new TunnelProblem('closed', 'The tunnel client closed unexpectedly'));
    });
    this.checkHealth(run, client.url);
  }

  /** Probes now (unless a probe is already on its way); online on success, reconnect on failure. */
  private checkHealth(run: number, url: string): void {
    if (this.pending) return;
    this.clearTimer();
    const ownUrl = this.settingsNow.publicUrl !== null;
    this.step(
      run,
      // The probe has its own deadline; this one only guards an injected probe that never settles.
      this.probeTimeoutMs + 1_000,
      () => new TunnelProblem('timeout', `No answer through the tunnel within ${seconds(this.probeTimeoutMs)}`),
      (signal) => this.probe(url, { timeoutMs: this.probeTimeoutMs, signal, ownUrl }),
      () => this.healthy(run, url),
    );
  }

  private healthy(run: number, url: string): void {
    this.attempt = 0;
    if (this.state.state !== 'online' || this.state.url !== url) {
      const previousUrl = this.lastOnlineUrl;
      this.lastOnlineUrl = url;
      if (this.settingsNow.publicUrl === null && this.settingsNow.subdomain === null) this.stickySubdomain = subdomainOf(url);
      this.logger.info({ url }, 'tunnel online');
      this.setState({ state: 'online', url, since: new Date(this.clock.now()).toISOString() });
      if (previousUrl !== undefined && previousUrl !== url) this.announceUrlChange(previousUrl, url);
    }
    this.schedule(run, this.probeIntervalMs, () => this.checkHealth(run, url));
  }

  private fail(run: number, problem: TunnelProblem): void {
    if (run !== this.run) return;
    const wasOnline = this.state.state === 'online';
    this.halt();
    this.noteError(problem.message);
    if (problem.permanent) {
      this.run++;
      this.logger.warn({ reason: problem.message }, 'tunnel failed; not retrying');
      this.setState({ state: 'failed', reason: problem.message });
      return;
    }
    this.attempt++;
    this.reconnects++;
    let delay = backoffDelay(this.attempt, this.backoff, this.random);
    // The server is up (it answered, or kept a dead tunnel) and may still hold our name: let it go before asking again.
    const serverUp = problem.kind !== 'refused' && problem.kind !== 'unreachable';
    if (wasOnline && serverUp && this.settingsNow.publicUrl === null) delay = Math.max(delay, this.nameReleaseMs);
    this.logger.warn({ reason: problem.message, attempt: this.attempt, retryInMs: delay }, 'tunnel down; reconnecting');
    this.setState({ state: 'reconnecting', attempt: this.attempt, nextRetryInMs: delay, lastError: problem.message });
    this.schedule(run, delay, () => this.connect(run));
  }

  /**
   * Runs one async step of `run` under a deadline. `onDone` runs at most once and only while the run is current;
   * a failure (or the deadline) goes to `fail`. A result that arrives after the step was given up goes to `onLate`.
   */
  private step<T>(
    run: number,
    timeoutMs: number,
    timeoutProblem: () => TunnelProblem,
    task: (signal: AbortSignal) => Promise<T>,
    onDone: (value: T) => void,
    onLate?: (value: T) => void,
  ): void {
    const abort = new AbortController();
    const mine: Pending = {
      abort,
      deadline: this.timers.setTimeout(() => {
        if (this.pending !== mine) return;
        const problem = timeoutProblem();
        this.pending = undefined;
        abort.abort(problem);
        this.fail(run, problem);
      }, timeoutMs),
    };
    this.pending = mine;
    const current = (): boolean => {
      if (this.pending !== mine || run !== this.run) return false;
      this.timers.clearTimeout(mine.deadline);
      this.pending = undefined;
      return true;
    };
    new Promise<T>((resolve) => resolve(task(abort.signal))).then(
      (value) => (current() ? onDone(value) : onLate?.(value)),
      (err: unknown) => {
        if (current()) this.fail(run, err instanceof TunnelProblem ? err : new TunnelProblem('reset', `The tunnel failed: ${errorText(err)}`));
      },
    );
  }

  private schedule(run: number, ms: number, fn: () => void): void {
    this.clearTimer();
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      if (run === this.run) fn();
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Cancels the pending step and the timer and closes the client: nothing of this run keeps running. */
  private halt(): void {
    this.clearTimer();
    const pending = this.pending;
    this.pending = undefined;
    if (pending) {
      this.timers.clearTimeout(pending.deadline);
      pending.abort.abort(new TunnelProblem('aborted', 'cancelled'));
    }
    const client = this.client;
    this.client = undefined;
    if (client) closeQuietly(client, this.logger);
  }

  private noteError(words: string): void {
    this.lastError = words;
    this.lastErrorAt = new Date(this.clock.now()).toISOString();
  }

  private announceUrlChange(previousUrl: string, url: string): void {
    this.logger.warn({ previousUrl, url }, 'public URL changed');
    const at = new Date(this.clock.now()).toISOString();
    if (this.opts.record) {
      const entry: TunnelUrlChangedEntry = { kind: 'tunnel.urlChanged', at, previousUrl, url };
      let recorded: unknown;
      try {
        recorded = this.opts.record(entry);
      } catch (err) {
        recorded = Promise.reject(err);
      }
      Promise.resolve(recorded).catch((err: unknown) => this.logger.error({ err, previousUrl, url }, 'could not record the public URL change'));
    }
    for (const listener of this.urlListeners) {
      try {
        listener({ previousUrl, url });
      } catch (err) {
        this.logger.error({ err }, 'urlChanged listener failed');
      }
    }
  }

  private setState(state: TunnelState): void {
    this.state = state;
    this.emitStatus();
  }

  private emitStatus(): void {
    const status = this.status();
    for (const listener of this.statusListeners) {
      try {
        listener(status);
      } catch (err) {
        this.logger.error({ err }, 'tunnel status listener failed');
      }
    }
  }
}

function closeQuietly(client: TunnelLike, logger: Logger): void {
  try {
    client.close();
  } catch (err) {
    logger.warn({ err }, 'closing the tunnel client failed');
  }
}

/** `https://abc.loca.lt` → `abc`. */
function subdomainOf(url: string): string | undefined {
  const label = new URL(url).hostname.split('.')[0];
  return label && label.length > 0 ? label : undefined;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function definedOnly<T extends object>(partial: T): Partial<T> {
  return Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) as Partial<T>;
}
