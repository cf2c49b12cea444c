// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatDuration } from '../../../renderer/src/lib/format';
import { secondsToRetry, tunnelLabel } from '../../../renderer/src/lib/tunnel-words';
import { makeTunnelStatus, makeWebhook } from './fake-transport';
import { createHarness } from './render-app';

const stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  vi.restoreAllMocks();
});

async function started() {
  const h = createHarness();
  stops.push(() => h.store.getState().stop());
  await h.store.getState().start();
  return h;
}

const online = (url: string) => ({ state: 'online' as const, url, since: '2025-01-15T09:30:00.000Z' });

describe('tunnel slice', () => {
  it('loads the status at start and applies pushes on the next frame, the newest of a frame winning', async () => {
    const { store, transport, frames } = await started();
    expect(store.getState().tunnel).toMatchObject({ state: 'stopped' });
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    transport.setTunnel({ state: 'connecting' });
    transport.setTunnel(online('https://a.loca.lt'));
    transport.capture(makeWebhook(1));
    expect(listener).not.toHaveBeenCalled();
    expect(frames.pending).toBe(1);
    frames.flush();
    unsubscribe();
    expect(store.getState().tunnel).toMatchObject({ state: 'online', url: 'https://a.loca.lt' });
    expect(store.getState().events).toHaveLength(1);
  });

  it('keeps an answer over a push that arrived before it but was still waiting for its frame', async () => {
    const { store, transport, frames } = await started();
    transport.setTunnel({ state: 'connecting' });
    // The engine moved on before answering: the answer is newer than the buffered push.
    transport.tunnel = makeTunnelStatus(online('https://b.loca.lt'));
    await store.getState().refreshTunnel();
    frames.flush();
    expect(store.getState().tunnel).toMatchObject({ state: 'online', url: 'https://b.loca.lt' });
    // A push after the answer is newer again.
    transport.setTunnel({ state: 'stopped' });
    frames.flush();
    expect(store.getState().tunnel?.state).toBe('stopped');
  });

  it('keeps buffered tunnel pushes when history is cleared', async () => {
    const { store, transport, frames } = await started();
    transport.capture(makeWebhook(1));
    transport.setTunnel(online('https://c.loca.lt'));
    transport.emit('events.cleared', { removed: 1 });
    frames.flush();
    expect(store.getState().events).toHaveLength(0);
    expect(store.getState().tunnel?.state).toBe('online');
  });

  it('keeps the last URL change with its time; a chain still on screen names the first URL', async () => {
    const { store, transport, frames } = await started();
    vi.spyOn(Date, 'now').mockReturnValue(Date.UTC(2025, 0, 15, 10, 0, 0));
    transport.emit('tunnel.urlChanged', { previousUrl: 'https://a.loca.lt', url: 'https://b.loca.lt' });
    frames.flush();
    expect(store.getState().tunnelUrlChange).toEqual({
      previousUrl: 'https://a.loca.lt',
      url: 'https://b.loca.lt',
      at: '2025-01-15T10:00:00.000Z',
    });
    transport.emit('tunnel.urlChanged', { previousUrl: 'https://b.loca.lt', url: 'https://c.loca.lt' });
    frames.flush();
    expect(store.getState().tunnelUrlChange).toMatchObject({ previousUrl: 'https://a.loca.lt', url: 'https://c.loca.lt' });
    // Back to the URL LiveChat knows: nothing to re-point.
    transport.emit('tunnel.urlChanged', { previousUrl: 'https://c.loca.lt', url: 'https://a.loca.lt' });
    frames.flush();
    expect(store.getState().tunnelUrlChange).toBeUndefined();

    transport.emit('tunnel.urlChanged', { previousUrl: 'https://a.loca.lt', url: 'https://d.loca.lt' });
    frames.flush();
    store.getState().dismissTunnelUrlChange();
    transport.emit('tunnel.urlChanged', { previousUrl: 'https://d.loca.lt', url: 'https://e.loca.lt' });
    frames.flush();
    expect(store.getState().tunnelUrlChange).toMatchObject({ previousUrl: 'https://d.loca.lt', url: 'https://e.loca.lt' });
  });

  it('reports start/stop failures in the banner and keeps bad_request of configure out of it', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { store, transport } = await started();
    transport.failures.set('tunnel.stop', { code: 'internal', message: 'boom' });
    expect(await store.getState().stopTunnel()).toBe(false);
    expect(store.getState().errors[0]).toMatchObject({ context: 'Stopping the tunnel', message: 'boom' });
    expect(store.getState().tunnelBusy).toBe(false);

    expect(await store.getState().configureTunnel({ host: 'http://10.0.0.1:8080' })).toBe(false);
    expect(store.getState().tunnelSettingsError).toEqual({
      message: 'Invalid params for tunnel.configure: host The tunnel server must be given by name (e.g. http://localhost:8080), not by IP address.',
      fields: ['host'],
    });
    expect(store.getState().errors).toHaveLength(1);

    transport.failures.set('tunnel.configure', { code: 'internal', message: 'disk full' });
    expect(await store.getState().configureTunnel({ startOnLaunch: false })).toBe(false);
    expect(store.getState().tunnelSettingsError).toBeUndefined();
    expect(store.getState().errors.at(-1)).toMatchObject({ context: 'Saving tunnel settings', message: 'disk full' });
  });
});

describe('tunnel words', () => {
  it('formats time online', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(59_999)).toBe('59 s');
    expect(formatDuration(192_000)).toBe('3 min 12 s');
    expect(formatDuration((2 * 3600 + 5 * 60 + 9) * 1000)).toBe('2 h 5 min');
    expect(formatDuration((3 * 86400 + 4 * 3600) * 1000)).toBe('3 d 4 h');
  });

  it('counts whole seconds to the next retry from when the status arrived', () => {
    expect(secondsToRetry(4000, 1000, 1000)).toBe(4);
    expect(secondsToRetry(4000, 1000, 1001)).toBe(4);
    expect(secondsToRetry(4000, 1000, 2000)).toBe(3);
    expect(secondsToRetry(4000, 1000, 9000)).toBe(0);
    const status = makeTunnelStatus({ state: 'reconnecting', attempt: 2, nextRetryInMs: 30_000, lastError: 'x' });
    expect(tunnelLabel(status, 0, 0)).toEqual({
      text: 'Reconnecting (attempt 2, next in 30s)',
      tone: 'warn',
      spoken: 'Reconnecting (attempt 2)',
    });
  });
});
