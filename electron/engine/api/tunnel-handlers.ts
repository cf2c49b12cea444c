import type { Logger, SettingsStore } from '../ports';
import { readTunnelSettings, writeTunnelSettings } from '../tunnel/tunnel-settings';
import type { TunnelSupervisor } from '../tunnel/tunnel-supervisor';
import type { Handlers } from './dispatch';

export function tunnelHandlers(
  supervisor: TunnelSupervisor,
  settings: SettingsStore,
  logger: Logger,
): Pick<Handlers, 'tunnel.status' | 'tunnel.start' | 'tunnel.stop' | 'tunnel.configure'> {
  return {
    'tunnel.status': () => supervisor.status(),
    'tunnel.start': () => {
      supervisor.start();
      return supervisor.status();
    },
    'tunnel.stop': () => {
      supervisor.stop();
      return supervisor.status();
    },
    'tunnel.configure': (params) => {
      const change = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
      // Saved first, over what was saved before (not over this run's command-line overrides), so the user's choice is
      // what the next launch uses even if the restart below fails.
      writeTunnelSettings(settings, { ...readTunnelSettings(settings, logger), ...change });
      supervisor.configure(change);
      return supervisor.status();
    },
  };
}
