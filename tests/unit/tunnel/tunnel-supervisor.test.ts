import { describe, expect, it } from 'vitest';
import type { TunnelSettings, TunnelStatus, TunnelUrlChange } from '../../../shared/api/domains/tunnel';
import { TunnelProblem } from '../../../electron/engine/tunnel/tunnel-problem';
import { TunnelSupervisor, type TunnelSupervisorOptions, type TunnelUrlChangedEntry } from '../../../electron/engine/tunnel/tunnel-supervisor';
import { FakeProbe, FakeTunnelFactory } from '../../fakes/fake-tunnel-client';
import { ManualTimers, settle } from '../../fakes/manual-timers';
import { createRecordingLogger } from '../electron/fake-logger';

function world(opts: { settings?: Partial<TunnelSettings>; random?: () => number } & Partial<TunnelSupervisorOptions> = {}) {
  const timers = new ManualTimers();
  const factory = new FakeTunnelFactory();
  const probe = new FakeProbe();
  const recorded: TunnelUrlChangedEntry[] = [];
  const statuses: TunnelStatus[] = [];
  const changes: TunnelUrlChange[] = [];
  const supervisor = new TunnelSupervisor({
    localPort: 4321,
    logger: createRecordingLogger(),
    clock: timers.clock,
    timers,
    random: () => 0.5,
    openTunnel: factory.open,
    probe: probe.probe,
    record: (e) => void recorded.push(e),
    ...opts,
    settings: { host: 'https://lt.test', ...opts.settings },
  });
  supervisor.onStatus((s) => statuses.push(s));
  supervisor.onUrlChanged((c) => changes.push(c));
  const advance = (ms: number) => timers.advance(ms);
  return { timers, factory, probe, recorded, statuses, changes, supervisor, advance };
}

const states = (statuses: TunnelStatus[]) => statuses.map((s) => s.state);

describe('TunnelSupervisor', () => {
  it('connects, goes online once the probe passes through the public URL, and probes every 30 s', async () => {
    const w = world();
    w.supervisor.start();
    expect(w.supervisor.status().state).toBe('connecting');
    await settle();

    expect(w.factory.calls).toEqual([{ port: 4321, host: 'https://lt.test', local_host: '127.0.0.1', signal: expect.any(AbortSignal) }]);
    expect(w.probe.calls).toEqual(['https://rand1.tunnel.test']);
    const status = w.supervisor.status();
    expect(status).toMatchObject({ state: 'online', url: 'https://rand1.tunnel.test', since: new Date(w.timers.now).toISOString(), reconnects: 0, lastError: null });
    expect(status.onlineSince).toBe(new Date(w.timers.now).toISOString());
    expect(states(w.statuses)).toEqual(['connecting', 'online']);

    expect(w.timers.delays()).toEqual([30_000]);
    await w.advance(30_000);
    expect(w.probe.calls).toHaveLength(2);
    await w.advance(30_000);
    expect(w.probe.calls).toHaveLength(3);
    expect(states(w.statuses)).toEqual(['connecting', 'online']);
  });

  it('after Stop, a quick Start waits for the server to release the name, then asks for the same subdomain', async () => {
    const w = world();
    w.supervisor.start();
    await settle();
    w.supervisor.stop();
    await w.advance(200);
    w.supervisor.start();
    await settle();
    expect(w.factory.calls).toHaveLength(1); // held back: the server still holds rand1
    expect(w.timers.delays()).toEqual([1_300]);
    await w.advance(1_300);
    expect(w.factory.calls.map((c) => c.subdomain)).toEqual([undefined, 'rand1']);
    expect(w.supervisor.status()).toMatchObject({ state: 'online', url: 'https://rand1.tunnel.test' });

    // Long after a stop, Start connects at once.
    w.supervisor.stop();
    await w.advance(10_000);
    w.supervisor.start();
    await settle();
    expect(w.factory.calls).toHaveLength(3);
  });

  it('reconnects after a failed probe, asking for the same subdomain, without a URL change when it gets it back', async () => {
    const w = world();
    w.supervisor.start();
    await settle();
    const first = w.factory.last;

    w.probe.failWith('stale', 'The tunnel answered, but not for this LiveHook (stale tunnel)');
    await w.advance(30_000);
    const down = w.supervisor.status();
    expect(down).toMatchObject({ state: 'reconnecting', attempt: 1, lastError: 'The tunnel answered, but not for this LiveHook (stale tunnel)', reconnects: 1 });
    expect(down.lastUrl).toBe('https://rand1.tunnel.test');
    expect(first.closed).toBe(true);

    w.probe.answer = 'ok';
    await w.advance(down.state === 'reconnecting' ? down.nextRetryInMs : NaN);
    expect(w.factory.calls.map((c) => c.subdomain)).toEqual([undefined, 'rand1']);
    expect(w.supervisor.status()).toMatchObject({ state: 'online', url: 'https://rand1.tunnel.test', reconnects: 1 });
    expect(w.changes).toEqual([]);
    expect(w.recorded).toEqual([]);
    expect(states(w.statuses)).toEqual(['connecting', 'online', 'reconnecting', 'online']);
  });

  it('pushes and records urlChanged when the server hands out a different URL, then asks for the new subdomain', async () => {
    const w = world();
    w.supervisor.start();
    await settle();
    w.factory.script({ url: 'https://other.tunnel.test' });
    w.factory.last.emit('close');
    await settle();
    expect(w.supervisor.status()).toMatchObject({ state: 'reconnecting', lastError: 'The tunnel client closed unexpectedly' });
    await w.advance(30_000);

    const online = w.supervisor.status();
    expect(online).toMatchObject({ state: 'online', url: 'https://other.tunnel.test' });
    expect(w.changes).toEqual([{ previousUrl: 'https://rand1.tunnel.test', url: 'https://other.tunnel.test' }]);
    expect(w.recorded).toEqual([
      { kind: 'tunnel.urlChanged', at: online.onlineSince, previousUrl: 'https://rand1.tunnel.test', url: 'https://other.tunnel.test' },
    ]);

    w.factory.last.emit('close');
    await w.advance(30_000);
    expect(w.factory.calls.map((c) => c.subdomain)).toEqual([undefined, 'rand1', 'other']);
    expect(w.changes).toHaveLength(1);
  });

  it('always asks for a configured subdomain, whatever the server gave last time', async () => {
    const w = world({ settings: { subdomain: 'myhooks1' } });
    w.factory.script({ url: 'https://taken1.tunnel.test' });
    w.supervisor.start();
    await settle();
    w.factory.last.emit('close');
    await w.advance(30_000);
    expect(w.factory.calls.map((c) => c.subdomain)).toEqual(['myhooks1', 'myhooks1']);
    expect(w.supervisor.status()).toMatchObject({ state: 'online', url: 'https://myhooks1.tunnel.test' });
    expect(w.changes).toEqual([{ previousUrl: 'https://taken1.tunnel.test', url: 'https://myhooks1.tunnel.test' }]);
  });

  it('backs off exponentially with full jitter, capped at 30 s, while the server stays down', async () => {
    const w = world();
    w.factory.always = { error: new TunnelProblem('refused', 'The tunnel server refused the connection (ECONNREFUSED at lt.test:443)') };
    w.supervisor.start();
    await settle();
    const delays: number[] = [];
    for (let i = 0; i < 10; i++) {
      const s = w.supervisor.status();
      if (s.state !== 'reconnecting') throw new Error(`expected reconnecting, got ${s.state}`);
      expect(s.attempt).toBe(i + 1);
      expect(w.timers.delays()).toEqual([s.nextRetryInMs]);
      delays.push(s.nextRetryInMs);
      await w.advance(s.nextRetryInMs);
    }
    // random() = 0.5: half of 500·2^(n−1), never more than half of the 30 s cap.
    expect(delays).toEqual([250, 500, 1000, 2000, 4000, 8000, 15000, 15000, 15000, 15000]);
    expect(w.supervisor.status().reconnects).toBe(11);
    expect(w.factory.calls).toHaveLength(11);
  });

  it('spreads retries over the whole window below the ceiling (jitter), never beyond it', async () => {
    const sequence = [0, 0.999, 0.25, 0.999, 0.999, 0.999, 0.999, 0.999, 0.999, 0.1];
    let i = 0;
    const w = world({ random: () => sequence[i++ % sequence.length]! });
    w.factory.always = { error: new TunnelProblem('refused', 'refused') };
    w.supervisor.start();
    await settle();
    const delays: number[] = [];
    for (let n = 0; n < 10; n++) {
      const s = w.supervisor.status();
      delays.push(s.state === 'reconnecting' ? s.nextRetryInMs : NaN);
      await w.advance(delays.at(-1)!);
    }
    expect(delays).toEqual([0, 999, 500, 3996, 7992, 15984, 29970, 29970, 29970, 3000]);
  });

  it('waits for the server to release the old name before asking again, but only when the server is up', async () => {
    const w = world();
    w.supervisor.start();
    await settle();
    w.probe.failWith('timeout', 'No answer through the tunnel within 5 s');
    await w.advance(30_000);
    expect(w.supervisor.status()).toMatchObject({ state: 'reconnecting', nextRetryInMs: 1_500 });

    w.probe.answer = 'ok';
    await w.advance(1_500);
    expect(w.supervisor.status().state).toBe('online');
    w.probe.failWith('refused', 'The tunnel server refused the connection (ECONNREFUSED at lt.test:443)');
    await w.advance(30_000);
    expect(w.supervisor.status()).toMatchObject({ state: 'reconnecting', nextRetryInMs: 250 });
  });

  it('probes at once when the client reports an error, and stays online if the tunnel still answers', async () => {
    const w = world();
    w.supervisor.start();
    await settle();
    w.factory.last.emit('error', new Error('connection refused: lt.test:40001 (check your firewall settings)'));
    await settle();
    expect(w.probe.calls).toHaveLength(2);
    expect(w.supervisor.status()).toMatchObject({ state: 'online', reconnects: 0 });
    expect(w.timers.delays()).toEqual([30_000]);

    w.probe.failWith('stale', 'The tunnel answered HTTP 404 instead of LiveHook');
    w.factory.last.emit('error', new Error('connection refused: lt.test:40001 (check your firewall settings)'));
    await settle();
    expect(w.supervisor.status()).toMatchObject({ state: 'reconnecting', lastError: 'The tunnel answered HTTP 404 instead of LiveHook' });
  });

  it('gives up on an open that hangs, reconnects, and closes the tunnel if it opens after all', async () => {
    const w = world({ openTimeoutMs: 15_000 });
    w.factory.script('hang');
    w.supervisor.start();
    await settle();
    expect(w.timers.delays()).toEqual([15_000]);
    await w.advance(15_000);
    expect(w.supervisor.status()).toMatchObject({
      state: 'reconnecting',
      lastError: 'The tunnel server did not open a tunnel within 15 s',
    });
    const [late] = w.factory.releaseHanging();
    await settle();
    expect(late!.closed).toBe(true);
    expect(w.supervisor.status().state).toBe('reconnecting');
  });

  it('stops for good on a permanent problem (the server refused the request itself), and can be started again', async () => {
    const w = world();
    w.factory.script({ error: new TunnelProblem('http', 'The tunnel server refused to open a tunnel (HTTP 403: Invalid subdomain.)', true) });
    w.supervisor.start();
    await settle();
    expect(w.supervisor.status()).toMatchObject({ state: 'failed', reason: 'The tunnel server refused to open a tunnel (HTTP 403: Invalid subdomain.)' });
    expect(w.timers.pending).toBe(0);

    w.supervisor.start();
    await settle();
    expect(w.supervisor.status().state).toBe('online');
  });

  it('refuses a tunnel server given by IP address in plain words, without opening anything', async () => {
    const w = world({ settings: { host: 'http://127.0.0.1:8080' } });
    w.supervisor.start();
    await settle();
    expect(w.supervisor.status()).toMatchObject({ state: 'failed', reason: expect.stringMatching(/by name .* not by IP address/) });
    expect(w.factory.calls).toEqual([]);
  });

  it('with its own public URL, never opens a localtunnel client and only probes that URL', async () => {
    const w = world({ settings: { publicUrl: 'https://hooks.example.com/livehook' } });
    w.supervisor.start();
    await settle();
    expect(w.supervisor.status()).toMatchObject({ state: 'online', url: 'https://hooks.example.com/livehook' });

    w.probe.failWith('timeout', 'No answer from https://hooks.example.com/livehook within 5 s');
    await w.advance(30_000);
    const down = w.supervisor.status();
    // No name to wait for here: plain backoff.
    expect(down).toMatchObject({ state: 'reconnecting', attempt: 1, nextRetryInMs: 250 });
    w.probe.answer = 'ok';
    await w.advance(250);
    expect(w.supervisor.status().state).toBe('online');
    expect(w.factory.calls).toEqual([]);
    expect(w.probe.calls).toEqual(Array(3).fill('https://hooks.example.com/livehook'));
    expect(w.changes).toEqual([]);
  });

  it('stop() cancels everything: no timer left, client closed, late answers ignored — in every state', async () => {
    // online: the probe timer
    const a = world();
    a.supervisor.start();
    await settle();
    a.supervisor.stop();
    expect(a.timers.pending).toBe(0);
    expect(a.factory.last.closed).toBe(true);
    expect(a.supervisor.status()).toMatchObject({ state: 'stopped', onlineSince: null });

    // reconnecting: the retry timer
    const b = world();
    b.factory.always = { error: new TunnelProblem('refused', 'refused') };
    b.supervisor.start();
    await settle();
    expect(b.supervisor.status().state).toBe('reconnecting');
    b.supervisor.stop();
    expect(b.timers.pending).toBe(0);

    // connecting: the open's deadline; the tunnel that opens afterwards is closed at once
    const c = world();
    c.factory.script('hang');
    c.supervisor.start();
    await settle();
    c.supervisor.stop();
    expect(c.timers.pending).toBe(0);
    const [late] = c.factory.releaseHanging();
    await settle();
    expect(late!.closed).toBe(true);
    expect(c.supervisor.status().state).toBe('stopped');
    expect(c.timers.pending).toBe(0);

    // probing: the probe is aborted and its failure ignored
    const d = world();
    d.supervisor.start();
    await settle();
    d.probe.answer = 'hang';
    await d.advance(30_000);
    d.supervisor.stop();
    await settle();
    expect(d.timers.pending).toBe(0);
    expect(d.supervisor.status().state).toBe('stopped');
    expect(states(d.statuses).at(-1)).toBe('stopped');
  });

  it('configure() restarts a running tunnel when its server, subdomain or public URL changes, and only then', async () => {
    const w = world();
    w.supervisor.start();
    await settle();
    w.supervisor.configure({ startOnLaunch: false });
    expect(w.factory.calls).toHaveLength(1);
    expect(w.supervisor.status().settings.startOnLaunch).toBe(false);

    w.supervisor.configure({ subdomain: 'myhooks1' });
    expect(w.factory.opened[0]!.closed).toBe(true);
    await settle();
    expect(w.factory.calls.map((c) => c.subdomain)).toEqual([undefined, 'myhooks1']);
    expect(w.supervisor.status()).toMatchObject({ state: 'online', url: 'https://myhooks1.tunnel.test' });
    expect(w.changes).toEqual([{ previousUrl: 'https://rand1.tunnel.test', url: 'https://myhooks1.tunnel.test' }]);

    w.supervisor.stop();
    w.supervisor.configure({ host: 'https://other.test' });
    expect(w.supervisor.status().state).toBe('stopped');
    expect(w.factory.calls).toHaveLength(2);
  });

  it('start() twice opens one tunnel; a listener that throws does not stop the others', async () => {
    const w = world();
    w.supervisor.onStatus(() => {
      throw new Error('bad listener');
    });
    const seen: string[] = [];
    w.supervisor.onStatus((s) => seen.push(s.state));
    w.supervisor.start();
    w.supervisor.start();
    await settle();
    expect(w.factory.calls).toHaveLength(1);
    expect(seen).toEqual(['connecting', 'online']);
  });
});
