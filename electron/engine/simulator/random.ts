/**
 * A small seeded PRNG (mulberry32) and the id shapes LiveChat uses (reference §3 value notes). The simulator never calls
 * Math.random: the same seed must give byte-identical bodies, so a scenario can be reproduced exactly.
 */

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** `length` characters from `alphabet`. */
  chars(alphabet: string, length: number): string;
}

const UPPER_ID = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const HEX = '0123456789abcdef';

/** Seeds are unsigned 32-bit integers: what a user types after `--seed`. */
export const MAX_SEED = 0xffff_ffff;

export function createRandom(seed: number): Random {
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) throw new RangeError(`seed must be an integer 0…${MAX_SEED}, got ${seed}`);
  let state = seed >>> 0;
  const next = (): number => {
    // mulberry32: tiny, fast, good enough to make ids look random; not for secrets.
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[int(0, items.length - 1)]!;
    },
    chars: (alphabet, length) => {
      let out = '';
      for (let i = 0; i < length; i++) out += alphabet[int(0, alphabet.length - 1)];
      return out;
    },
  };
}

/** Chat and thread ids: 10 uppercase letters and digits (`PJ0MRSHTDG`). */
export function upperId(r: Random): string {
  return r.chars(UPPER_ID, 10);
}

/** 32 lowercase hex digits: Client IDs, bot ids, property namespaces. */
export function hexId(r: Random, length = 32): string {
  return r.chars(HEX, length);
}

/** A version-4-shaped UUID (customers, organizations, webhook registrations). */
export function uuid(r: Random): string {
  const h = hexId(r, 32);
  const variant = HEX[8 + r.int(0, 3)]!;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * RFC 3339 UTC with microseconds, as LiveChat writes them (`2019-12-09T12:01:18.909000Z`). The argument is in
 * microseconds since the epoch so the last three digits are real, not always zero.
 */
export function timestampUs(us: number): string {
  const ms = Math.floor(us / 1000);
  const micros = String(Math.floor(us) % 1_000_000).padStart(6, '0');
  return `${new Date(ms).toISOString().slice(0, 19)}.${micros}Z`;
}
