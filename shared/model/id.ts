/**
 * Time-sortable ids (ULID layout: 10 chars of milliseconds + 16 chars of randomness, Crockford base32). Ids made in
 * the same millisecond increase monotonically, so sorting ids sorts by arrival.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

let lastTime = -1;
let lastRandom: number[] = [];

/** Random bytes drawn in blocks: one getRandomValues call per 256 ids instead of one per id. */
const pool = new Uint8Array(4096);
let poolPos = pool.length;

function randomDigits(): number[] {
  if (poolPos + 16 > pool.length) {
    crypto.getRandomValues(pool);
    poolPos = 0;
  }
  const digits = new Array<number>(16);
  for (let i = 0; i < 16; i++) digits[i] = pool[poolPos + i]! & 31;
  poolPos += 16;
  return digits;
}

function increment(digits: number[]): number[] {
  const next = digits.slice();
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i]! < 31) {
      next[i] = next[i]! + 1;
      return next;
    }
    next[i] = 0;
  }
  return randomDigits(); // 32^16 ids in one millisecond: wrap-around is not a practical concern
}

export function newId(nowMs: number): string {
  let time = Math.max(0, Math.floor(nowMs));
  if (time <= lastTime) {
    time = lastTime;
    lastRandom = increment(lastRandom);
  } else {
    lastTime = time;
    lastRandom = randomDigits();
  }
  let timePart = '';
  for (let i = 0; i < 10; i++) {
    timePart = ALPHABET[time % 32] + timePart;
    time = Math.floor(time / 32);
  }
  return timePart + lastRandom.map((d) => ALPHABET[d]).join('');
}

/** The millisecond timestamp encoded in an id made by `newId`. */
export function idTime(id: string): number {
  let t = 0;
  for (let i = 0; i < 10; i++) t = t * 32 + ALPHABET.indexOf(id[i] ?? '0');
  return t;
}
