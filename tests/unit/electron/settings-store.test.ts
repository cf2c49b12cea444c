import { beforeEach, describe, expect, it, vi } from 'vitest';

// electron-store imports 'electron' at its top level; the real one must never load under vitest.
const constructed: Array<Record<string, unknown>> = [];
vi.mock('electron-store', () => ({
  default: class FakeElectronStore {
    readonly values = new Map<string, unknown>();
    constructor(options: Record<string, unknown>) {
      constructed.push(options);
    }
    get(key: string) {
      return this.values.get(key);
    }
    set(key: string, value: unknown) {
      if (value === undefined) throw new TypeError('Use `delete()` to clear values');
      this.values.set(key, value);
    }
    delete(key: string) {
      this.values.delete(key);
    }
  },
}));

const { createElectronSettingsStore } = await import('../../../electron/main/settings-store');

beforeEach(() => {
  constructed.length = 0;
});

describe('electron-store settings', () => {
  it('keeps flat keys in <dataDir>/settings.json', async () => {
    await createElectronSettingsStore({ cwd: '/data' });
    expect(constructed).toEqual([{ cwd: '/data', name: 'settings', accessPropertiesByDotNotation: false }]);
  });

  it('gets what was set, and treats undefined as removal', async () => {
    const store = await createElectronSettingsStore({ cwd: '/data' });
    store.set('livechat.region', 'fra');
    expect(store.get<string>('livechat.region')).toBe('fra');
    store.set('livechat.region', undefined);
    expect(store.get('livechat.region')).toBeUndefined();
  });
});
