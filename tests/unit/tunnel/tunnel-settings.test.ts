import { describe, expect, it } from 'vitest';
import { DEFAULT_TUNNEL_SETTINGS, TunnelConfigureParams } from '../../../shared/api/domains/tunnel';
import { createMemorySettingsStore } from '../../../electron/engine/ports';
import { tunnelHandlers } from '../../../electron/engine/api/tunnel-handlers';
import { readTunnelSettings, TUNNEL_SETTINGS_KEY } from '../../../electron/engine/tunnel/tunnel-settings';
import { TunnelSupervisor } from '../../../electron/engine/tunnel/tunnel-supervisor';
import { FakeProbe, FakeTunnelFactory } from '../../fakes/fake-tunnel-client';
import { ManualTimers, settle } from '../../fakes/manual-timers';
import { createRecordingLogger } from '../electron/fake-logger';

describe('tunnel options', () => {
  it('accepts what the localtunnel server accepts, and refuses the rest with a reason', () => {
    const ok = (p: unknown) => TunnelConfigureParams.safeParse(p).success;
    expect(ok({})).toBe(true);
    expect(ok({ host: 'https://localtunnel.me', subdomain: 'myhooks1', startOnLaunch: false, publicUrl: null })).toBe(true);
    expect(ok({ host: 'http://localhost:8080' })).toBe(true);
    expect(ok({ subdomain: 'my-hooks' })).toBe(true);
    expect(ok({ subdomain: null })).toBe(true);
    expect(ok({ publicUrl: 'https://abc.ngrok.app' })).toBe(true);

    expect(ok({ subdomain: 'abc' })).toBe(false); // too short
    expect(ok({ subdomain: 'My-Hooks' })).toBe(false); // uppercase
    expect(ok({ subdomain: '-hooks1' })).toBe(false);
    expect(ok({ subdomain: 'a'.repeat(64) })).toBe(false);
    expect(ok({ host: 'localtunnel.me' })).toBe(false); // not a URL
    expect(ok({ host: 'ftp://localtunnel.me' })).toBe(false);
    expect(ok({ publicUrl: 'https://x.example/?a=1' })).toBe(false);
    expect(ok({ other: 1 })).toBe(false);
    const ip = TunnelConfigureParams.safeParse({ host: 'http://127.0.0.1:8080' });
    expect(ip.success).toBe(false);
    expect(ip.error?.issues[0]?.message).toMatch(/by name .* not by IP address/);
  });

  it('reads persisted settings field by field, falling back to defaults for what does not pass', () => {
    const logger = createRecordingLogger();
    expect(readTunnelSettings(createMemorySettingsStore(), logger)).toEqual(DEFAULT_TUNNEL_SETTINGS);
    const store = createMemorySettingsStore({
      [TUNNEL_SETTINGS_KEY]: { host: 'http://localhost:9000', subdomain: 'BAD!', startOnLaunch: false, publicUrl: 42 },
    });
    expect(readTunnelSettings(store, logger)).toEqual({ host: 'http://localhost:9000', subdomain: null, startOnLaunch: false, publicUrl: null });
    expect(logger.records.filter((r) => r.level === 'warn')).toHaveLength(2);
    expect(readTunnelSettings(createMemorySettingsStore({ [TUNNEL_SETTINGS_KEY]: 'nonsense' }), logger)).toEqual(DEFAULT_TUNNEL_SETTINGS);
  });
});

describe('tunnel handlers', () => {
  function setup() {
    const timers = new ManualTimers();
    const factory = new FakeTunnelFactory();
    const probe = new FakeProbe();
    const settings = createMemorySettingsStore();
    const supervisor = new TunnelSupervisor({
      localPort: 4321,
      settings: { host: 'https://lt.test' },
      logger: createRecordingLogger(),
      clock: timers.clock,
      timers,
      openTunnel: factory.open,
      probe: probe.probe,
    });
    return { timers, factory, settings, supervisor, handlers: tunnelHandlers(supervisor, settings, createRecordingLogger()) };
  }

  it('start, status and stop drive the supervisor and answer its status', async () => {
    const { handlers, factory, timers } = setup();
    expect(await handlers['tunnel.status']({})).toMatchObject({ state: 'stopped', reconnects: 0, lastUrl: null });
    expect(await handlers['tunnel.start']({})).toMatchObject({ state: 'connecting' });
    await settle();
    expect(await handlers['tunnel.status']({})).toMatchObject({ state: 'online', url: 'https://rand1.tunnel.test' });
    expect(await handlers['tunnel.stop']({})).toMatchObject({ state: 'stopped', lastUrl: 'https://rand1.tunnel.test' });
    expect(factory.last.closed).toBe(true);
    expect(timers.pending).toBe(0);
  });

  it('configure saves the change over the saved options (not over this run\'s overrides) and applies it', async () => {
    const { handlers, settings, factory } = setup();
    await handlers['tunnel.start']({});
    await settle();
    const status = await handlers['tunnel.configure']({ subdomain: 'myhooks1', startOnLaunch: false, host: undefined });
    // The supervisor runs with host https://lt.test as a one-run override; what is saved keeps the saved (default) host.
    expect(settings.get(TUNNEL_SETTINGS_KEY)).toEqual({ host: 'https://localtunnel.me', subdomain: 'myhooks1', startOnLaunch: false, publicUrl: null });
    expect(status.settings).toEqual({ host: 'https://lt.test', subdomain: 'myhooks1', startOnLaunch: false, publicUrl: null });
    await settle();
    expect(factory.calls.at(-1)?.subdomain).toBe('myhooks1');

    await handlers['tunnel.configure']({ subdomain: null });
    expect(settings.get(TUNNEL_SETTINGS_KEY)).toMatchObject({ subdomain: null, startOnLaunch: false });
  });
});
