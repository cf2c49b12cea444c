import { describe, expect, it } from 'vitest';
import { backoffCeiling, backoffDelay, DEFAULT_BACKOFF } from '../../../electron/engine/tunnel/backoff';

describe('reconnect backoff', () => {
  it('doubles from 500 ms and stops growing at 30 s', () => {
    const ceilings = Array.from({ length: 12 }, (_, i) => backoffCeiling(i + 1, DEFAULT_BACKOFF));
    expect(ceilings).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000, 30000, 30000]);
    expect(backoffCeiling(10_000, DEFAULT_BACKOFF)).toBe(30_000);
  });

  it('draws each wait uniformly below the ceiling (full jitter)', () => {
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0)).toBe(0);
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0.5)).toBe(1000);
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0.999999)).toBe(1999);
    let seed = 42;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    for (let attempt = 1; attempt <= 20; attempt++) {
      const waits = Array.from({ length: 200 }, () => backoffDelay(attempt, DEFAULT_BACKOFF, random));
      const ceiling = backoffCeiling(attempt, DEFAULT_BACKOFF);
      expect(Math.max(...waits)).toBeLessThan(ceiling);
      expect(Math.min(...waits)).toBeGreaterThanOrEqual(0);
      // Spread over the window, not bunched: some in the lower and some in the upper quarter.
      expect(waits.some((w) => w < ceiling / 4)).toBe(true);
      expect(waits.some((w) => w > (ceiling * 3) / 4)).toBe(true);
    }
  });

  it('keeps a broken random source inside the window', () => {
    expect(backoffDelay(1, DEFAULT_BACKOFF, () => 7)).toBe(500);
    expect(backoffDelay(1, DEFAULT_BACKOFF, () => -1)).toBe(0);
  });
});
