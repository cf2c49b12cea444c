/**
 * Myers' O((N+M)·D) shortest edit script over two sequences of interned ids, returning the matched index pairs
 * (a longest common subsequence). Used for array items, body lines and the side-by-side alignment.
 *
 * Bounded so a pathological input cannot freeze the UI or the engine: at most MAX_EDITS edits (the trace kept for
 * backtracking grows with D²) and at most MAX_WORK inner-loop steps. Over either bound it returns undefined and the
 * caller falls back to a cheaper pairing. A common prefix and suffix are matched first, so a few edits in two large
 * sequences stay cheap whatever their length.
 */

export const MAX_EDITS = 2000;
export const MAX_WORK = 20_000_000;

export interface MatchedPairs {
  /** Matched indices, increasing in both sequences: a[aIdx[n]] equals b[bIdx[n]]. */
  aIdx: number[];
  bIdx: number[];
}

export function matchSequences(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  limits: { maxEdits?: number; maxWork?: number } = {},
): MatchedPairs | undefined {
  const aIdx: number[] = [];
  const bIdx: number[] = [];
  let start = 0;
  const minLen = Math.min(a.length, b.length);
  while (start < minLen && a[start] === b[start]) {
    aIdx.push(start);
    bIdx.push(start);
    start++;
  }
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const middle = myers(a, b, start, endA, start, endB, limits.maxEdits ?? MAX_EDITS, limits.maxWork ?? MAX_WORK);
  if (middle === undefined) return undefined;
  for (let n = 0; n < middle.length; n += 2) {
    aIdx.push(middle[n]!);
    bIdx.push(middle[n + 1]!);
  }
  for (let i = endA, j = endB; i < a.length; i++, j++) {
    aIdx.push(i);
    bIdx.push(j);
  }
  return { aIdx, bIdx };
}

/** Pairs (flattened [i0, j0, i1, j1, …], absolute indices, increasing) for a[a0..a1) vs b[b0..b1). */
function myers(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  a0: number,
  a1: number,
  b0: number,
  b1: number,
  maxEdits: number,
  maxWork: number,
): number[] | undefined {
  const n = a1 - a0;
  const m = b1 - b0;
  if (n === 0 || m === 0) return [];
  const limit = Math.min(n + m, maxEdits);
  const off = limit + 1;
  const v = new Int32Array(2 * limit + 3);
  const trace: Int32Array[] = [];
  let work = 0;
  for (let d = 0; d <= limit; d++) {
    // v as it was before step d, for k in [-d, d]: enough to backtrack through this step.
    trace.push(v.slice(off - d, off + d + 1));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1]! < v[off + k + 1]!) ? v[off + k + 1]! : v[off + k - 1]! + 1;
      let y = x - k;
      const x0 = x;
      while (x < n && y < m && a[a0 + x] === b[b0 + y]) {
        x++;
        y++;
      }
      work += 1 + x - x0;
      v[off + k] = x;
      if (x >= n && y >= m) return backtrack(trace, n, m, a0, b0);
    }
    if (work > maxWork) return undefined;
  }
  return undefined;
}

function backtrack(trace: Int32Array[], n: number, m: number, a0: number, b0: number): number[] {
  const reversed: number[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const v = trace[d]!;
    const at = (k: number): number => v[k + d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      reversed.push(b0 + y, a0 + x);
    }
    x = prevX;
    y = prevY;
  }
  return reversed.reverse();
}
