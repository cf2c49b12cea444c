import { randomBytes } from 'node:crypto';
import {
  AdditionalData,
  ClientId,
  DEFAULT_REDIRECT_URI,
  RedirectUri,
  WebhookFilters,
  type LiveChatMode,
  type WebhookType,
} from '@shared/api/domains/livechat';
import { z } from 'zod';
import type { Logger, SettingsStore } from '../ports';

/** Where LiveHook's LiveChat options live in the settings store. Nothing secret is ever written here. */
export const LIVECHAT_SETTINGS_KEY = 'livechat';

/** What LiveHook remembers of a webhook it registered. Its secret is in the SecretStore, keyed by `id`. */
export interface RegistrationRecord {
  id: string;
  action: string;
  type: WebhookType;
  url: string;
  /** The path part of `url`, kept when the public URL changes. */
  path: string;
  filters?: WebhookFilters;
  additionalData?: Array<z.infer<typeof AdditionalData>>;
  ownerClientId: string;
  /** Which LiveChat it lives in: sandbox registrations die with the sandbox. */
  env: LiveChatMode;
  registeredAt: string;
  /**
   * Set once LiveHook unregistered (or replaced) it: LiveChat may keep delivering for up to 2 minutes, so its secret
   * stays valid until then, and the record is dropped after.
   */
  retiredUntil?: string;
}

export interface LiveChatSettings {
  /** The user's own app (OAuth sign-in, owner of the webhooks); null until given. */
  clientId: string | null;
  redirectUri: string;
  mode: LiveChatMode;
  unregisterOnQuit: boolean;
  /** Random, per install: marks LiveHook's registrations as this install's in their description. */
  installId: string;
  registrations: RegistrationRecord[];
}

const RecordSchema = z.object({
  id: z.string().min(1).max(200),
  action: z.string().min(1).max(100),
  type: z.enum(['license', 'bot']),
  url: z.string().min(1).max(2048),
  path: z.string().max(2048),
  filters: WebhookFilters.optional(),
  additionalData: z.array(AdditionalData).optional(),
  ownerClientId: z.string().min(1).max(200),
  env: z.enum(['livechat', 'sandbox']),
  registeredAt: z.string(),
  retiredUntil: z.string().optional(),
});

const FIELDS = {
  clientId: ClientId.nullable(),
  redirectUri: RedirectUri,
  mode: z.enum(['livechat', 'sandbox']),
  unregisterOnQuit: z.boolean(),
  installId: z.string().regex(/^[a-z0-9]{6,32}$/),
};

export function newInstallId(): string {
  return randomBytes(6).toString('hex');
}

/**
 * The persisted options, each field checked (settings files are edited by hand): a field that does not pass falls
 * back to its default and is logged; a registration record that does not pass is dropped and logged.
 */
export function readLiveChatSettings(store: SettingsStore, logger: Logger): LiveChatSettings {
  const settings: LiveChatSettings = {
    clientId: null,
    redirectUri: DEFAULT_REDIRECT_URI,
    mode: 'livechat',
    unregisterOnQuit: false,
    installId: newInstallId(),
    registrations: [],
  };
  const raw = store.get<unknown>(LIVECHAT_SETTINGS_KEY);
  if (raw === undefined) return settings;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    logger.warn({ key: LIVECHAT_SETTINGS_KEY }, 'livechat settings are not an object; using defaults');
    return settings;
  }
  const obj = raw as Record<string, unknown>;
  const out = settings as unknown as Record<string, unknown>;
  for (const [field, schema] of Object.entries(FIELDS)) {
    if (obj[field] === undefined) continue;
    const parsed = schema.safeParse(obj[field]);
    if (parsed.success) out[field] = parsed.data;
    else logger.warn({ field, problem: parsed.error.issues[0]?.message }, 'livechat setting ignored; using its default');
  }
  if (Array.isArray(obj.registrations)) {
    for (const item of obj.registrations) {
      const parsed = RecordSchema.safeParse(item);
      if (parsed.success) settings.registrations.push(stripUndefined(parsed.data));
      else logger.warn({ problem: parsed.error.issues[0]?.message }, 'livechat registration record ignored');
    }
  }
  return settings;
}

function stripUndefined(r: z.infer<typeof RecordSchema>): RegistrationRecord {
  return Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as unknown as RegistrationRecord;
}

/** The settings, read once and written through on every change. */
export class LiveChatSettingsStore {
  private current: LiveChatSettings;

  constructor(
    private readonly store: SettingsStore,
    logger: Logger,
  ) {
    this.current = readLiveChatSettings(store, logger);
    // A fresh install id must be the same next run, or this install's registrations would look like another's.
    const saved = store.get<{ installId?: unknown } | undefined>(LIVECHAT_SETTINGS_KEY);
    if (saved?.installId !== this.current.installId) this.store.set(LIVECHAT_SETTINGS_KEY, this.current);
  }

  get(): LiveChatSettings {
    return this.current;
  }

  update(change: (s: LiveChatSettings) => Partial<LiveChatSettings>): LiveChatSettings {
    this.current = { ...this.current, ...change(this.current) };
    this.store.set(LIVECHAT_SETTINGS_KEY, this.current);
    return this.current;
  }
}
