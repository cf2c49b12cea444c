/**
 * Time-sortable ids (ULID layout: 10 chars of milliseconds + 16 chars of randomness, Crockford base32). Ids made in
 * the same millisecond increase monotonically, so sorting ids sorts by arrival.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

let lastTime = -1;
/** The 10 time characters of `lastTime`, and the 16 random digits (0-31) of the last id. */
let lastTimePart = '';
const digits = new Uint8Array(16);

/** Random bytes drawn in blocks: one getRandomValues call per 256 ids instead of one per id. */
const pool = new Uint8Array(4096);
let poolPos = pool.length;

function randomDigits(): void {
  if (poolPos + 16 > pool.length) {
    crypto.getRandomValues(pool);
    poolPos = 0;
  }
  for (let i = 0; i < 16; i++) digits[i] = pool[poolPos + i]! & 31;
  poolPos += 16;
}

function increment(): void {
  for (let i = 15; i >= 0; i--) {
    if (digits[i]! < 31) {
      digits[i]! += 1;
      return;
    }
    digits[i] = 0;
  }
  randomDigits(); // 32^16 ids in one millisecond: wrap-around is not a practical concern
}

/** Called for every captured webhook: no arrays or joins, the time part computed once per millisecond. */
export function newId(nowMs: number): string {
  let time = Math.max(0, Math.floor(nowMs));
  if (time <= lastTime) {
    increment();
  } else {
    lastTime = time;
    randomDigits();
    let timePart = '';
    for (let i = 0; i < 10; i++) {
      timePart = ALPHABET[time % 32] + timePart;
      time = Math.floor(time / 32);
    }
    lastTimePart = timePart;
  }
  let id = lastTimePart;
  for (let i = 0; i < 16; i++) id += ALPHABET[digits[i]!];
  return id;
}

/** The millisecond timestamp encoded in an id made by `newId`. */
export function idTime(id: string): number {
  let t = 0;
  for (let i = 0; i < 10; i++) t = t * 32 + ALPHABET.indexOf(id[i] ?? '0');
  return t;
}
