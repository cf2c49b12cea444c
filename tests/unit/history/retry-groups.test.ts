import { describe, expect, it } from 'vitest';
import { RETRY_WINDOW_MS, RetryGroups } from '../../../electron/engine/history/retry-groups';

describe('RetryGroups', () => {
  it('numbers deliveries of the same webhook id and hash within the window, and starts over after it', () => {
    const g = new RetryGroups();
    expect(g.register('a', 'wh', 'h1', 0)?.attempt).toBe(1);
    const second = g.register('b', 'wh', 'h1', 60_000)!;
    expect(second.attempt).toBe(2);
    expect(second.group.headId).toBe('a');
    // The window runs from the group's last delivery.
    expect(g.register('c', 'wh', 'h1', 60_000 + RETRY_WINDOW_MS)?.attempt).toBe(3);
    expect(g.register('d', 'wh', 'h1', 60_000 + 3 * RETRY_WINDOW_MS)).toMatchObject({ attempt: 1, group: { headId: 'd' } });
  });

  it('keeps other hashes, other webhook ids and bodies without a webhook id apart', () => {
    const g = new RetryGroups();
    g.register('a', 'wh', 'h1', 0);
    expect(g.register('b', 'wh', 'h2', 1)?.attempt).toBe(1);
    expect(g.register('c', 'wh2', 'h1', 2)?.attempt).toBe(1);
    expect(g.register('d', undefined, 'h1', 3)).toBeUndefined();
  });

  it('forgets expired groups when sweeping but still groups the open ones', () => {
    const g = new RetryGroups();
    for (let i = 0; i < 10_000; i++) g.register(`x${i}`, `wh${i}`, 'h', i * 1000);
    // wh9999 is recent, still open.
    expect(g.register('late', 'wh9999', 'h', 9_999_000 + 1000)?.attempt).toBe(2);
  });
});
