import { DEFAULT_TUNNEL_SETTINGS, TunnelSettingsSchema, type TunnelSettings } from '@shared/api/domains/tunnel';
import type { Logger, SettingsStore } from '../ports';

/** Where the tunnel options live in the settings store. */
export const TUNNEL_SETTINGS_KEY = 'tunnel';

/**
 * The persisted tunnel options, each field checked (settings files are edited by hand). A field that does not pass
 * falls back to its default and is logged, rather than keeping LiveHook from starting.
 */
export function readTunnelSettings(store: SettingsStore, logger: Logger): TunnelSettings {
  const raw = store.get<unknown>(TUNNEL_SETTINGS_KEY);
  if (raw === undefined) return { ...DEFAULT_TUNNEL_SETTINGS };
  if (raw === null || typeof raw !== 'object') {
    logger.warn({ key: TUNNEL_SETTINGS_KEY }, 'tunnel settings are not an object; using defaults');
    return { ...DEFAULT_TUNNEL_SETTINGS };
  }
  const settings: Record<string, unknown> = { ...DEFAULT_TUNNEL_SETTINGS };
  for (const [field, schema] of Object.entries(TunnelSettingsSchema.shape)) {
    const value = (raw as Record<string, unknown>)[field];
    if (value === undefined) continue;
    const parsed = schema.safeParse(value);
    if (parsed.success) settings[field] = parsed.data;
    else logger.warn({ field, problem: parsed.error.issues[0]?.message }, 'tunnel setting ignored; using its default');
  }
  return settings as unknown as TunnelSettings;
}

export function writeTunnelSettings(store: SettingsStore, settings: TunnelSettings): void {
  store.set(TUNNEL_SETTINGS_KEY, settings);
}
