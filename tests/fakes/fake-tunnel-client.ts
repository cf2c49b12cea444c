import { EventEmitter } from 'node:events';
import type { OpenTunnel, OpenTunnelOptions, TunnelLike } from '../../electron/engine/tunnel/open-localtunnel';
import type { Probe } from '../../electron/engine/tunnel/health-probe';
import { TunnelProblem } from '../../electron/engine/tunnel/tunnel-problem';

/** A tunnel client that does nothing on the network: tests make it fail with `emit('error' | 'close')`. */
export class FakeTunnel extends EventEmitter implements TunnelLike {
  closed = false;

  constructor(readonly url: string) {
    super();
  }

  close(): void {
    this.closed = true;
    this.emit('close');
  }
}

type Outcome = { url: string } | { error: Error } | 'hang';

/**
 * Stands in for the localtunnel client factory. By default each open gives the subdomain asked for (or a fresh
 * `randN`) under `https://*.tunnel.test`; `script` queues other outcomes for the next opens.
 */
export class FakeTunnelFactory {
  readonly calls: OpenTunnelOptions[] = [];
  readonly opened: FakeTunnel[] = [];
  private readonly queue: Outcome[] = [];
  private hanging: Array<{ resolve(t: FakeTunnel): void; url: string }> = [];
  private fresh = 0;
  /** When set, every open (after the queue) ends like this. */
  always: Outcome | undefined;

  script(...outcomes: Outcome[]): void {
    this.queue.push(...outcomes);
  }

  get last(): FakeTunnel {
    const t = this.opened.at(-1);
    if (!t) throw new Error('no tunnel opened yet');
    return t;
  }

  /** Lets opens that were told to hang finish now (as if the server finally answered). */
  releaseHanging(): FakeTunnel[] {
    const released = this.hanging.map(({ resolve, url }) => {
      const t = new FakeTunnel(url);
      resolve(t);
      return t;
    });
    this.hanging = [];
    return released;
  }

  readonly open: OpenTunnel = (opts) => {
    this.calls.push(opts);
    const outcome = this.queue.shift() ?? this.always ?? { url: `https://${opts.subdomain ?? `rand${++this.fresh}`}.tunnel.test` };
    if (outcome === 'hang') {
      return new Promise<TunnelLike>((resolve) => this.hanging.push({ resolve, url: `https://late${++this.fresh}.tunnel.test` }));
    }
    if ('error' in outcome) return Promise.reject(outcome.error);
    const t = new FakeTunnel(outcome.url);
    this.opened.push(t);
    return Promise.resolve(t);
  };
}

/** A probe whose answer tests set: 'ok', a problem to throw, or 'hang' (until the caller's signal aborts). */
export class FakeProbe {
  readonly calls: string[] = [];
  answer: 'ok' | 'hang' | TunnelProblem = 'ok';

  readonly probe: Probe = (url, { signal }) => {
    this.calls.push(url);
    const answer = this.answer;
    if (answer === 'ok') return Promise.resolve();
    if (answer === 'hang') {
      return new Promise<void>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
    }
    return Promise.reject(answer);
  };

  failWith(kind: TunnelProblem['kind'], words: string): void {
    this.answer = new TunnelProblem(kind, words);
  }
}
