import { describe, expect, it } from 'vitest';
import { idTime, newId } from '../../../shared/model/id';

describe('time-sortable ids', () => {
  it('are 26 Crockford base32 characters that encode their millisecond', () => {
    const id = newId(1_795_737_000_123);
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(idTime(id)).toBe(1_795_737_000_123);
  });

  it('sort in creation order, also within one millisecond and across the random pool refill', () => {
    const ids: string[] = [];
    for (let i = 0; i < 2000; i++) ids.push(newId(1_800_000_000_000 + Math.floor(i / 700)));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('never go backwards when the clock does', () => {
    const a = newId(1_900_000_000_000);
    const b = newId(1_899_999_999_000);
    expect(b > a).toBe(true);
  });
});
