import { describe, expect, it } from 'vitest';
import { DEFAULT_REDIRECT_URI } from '../../../shared/api/domains/livechat';
import { LIVECHAT_SETTINGS_KEY, LiveChatSettingsStore, readLiveChatSettings } from '../../../electron/engine/livechat/livechat-settings';
import { createMemorySettingsStore } from '../../../electron/engine/ports';
import { createRecordingLogger } from '../electron/fake-logger';

describe('LiveChat settings', () => {
  it('defaults, and a stable install id saved on first use', () => {
    const store = createMemorySettingsStore();
    const s = new LiveChatSettingsStore(store, createRecordingLogger());
    expect(s.get()).toMatchObject({ clientId: null, redirectUri: DEFAULT_REDIRECT_URI, mode: 'livechat', unregisterOnQuit: false, registrations: [] });
    expect(s.get().installId).toMatch(/^[a-z0-9]{6,32}$/);
    expect(new LiveChatSettingsStore(store, createRecordingLogger()).get().installId).toBe(s.get().installId);
  });

  it('keeps good fields, drops bad ones with a warning, and drops malformed registration records', () => {
    const logger = createRecordingLogger();
    const store = createMemorySettingsStore({
      [LIVECHAT_SETTINGS_KEY]: {
        clientId: 'abc123',
        redirectUri: 'https://evil.example/callback',
        mode: 'sandbox',
        unregisterOnQuit: 'yes',
        installId: 'abcdef12',
        registrations: [
          { id: 'w1', action: 'incoming_chat', type: 'license', url: 'https://x/livechat/incoming_chat', path: '/livechat/incoming_chat', ownerClientId: 'abc123', env: 'livechat', registeredAt: '2026-01-01T00:00:00.000Z' },
          { id: 'w2', action: 'incoming_chat', type: 'nope' },
        ],
      },
    });
    const s = readLiveChatSettings(store, logger);
    expect(s).toMatchObject({ clientId: 'abc123', redirectUri: DEFAULT_REDIRECT_URI, mode: 'sandbox', unregisterOnQuit: false, installId: 'abcdef12' });
    expect(s.registrations.map((r) => r.id)).toEqual(['w1']);
    expect(logger.records.filter((r) => r.level === 'warn')).toHaveLength(3);
  });

  it('never holds a secret: only what the record type allows is written', () => {
    const store = createMemorySettingsStore();
    const s = new LiveChatSettingsStore(store, createRecordingLogger());
    s.update(() => ({ clientId: 'c1' }));
    expect(Object.keys(store.get<Record<string, unknown>>(LIVECHAT_SETTINGS_KEY)!).sort()).toEqual(['clientId', 'installId', 'mode', 'redirectUri', 'registrations', 'unregisterOnQuit']);
  });
});
