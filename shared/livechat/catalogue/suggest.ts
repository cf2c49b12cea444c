/**
 * "Did you mean …?" for an action name nobody documented: the nearest known name when it is a likely typo (case,
 * hyphens, a letter or two wrong or swapped).
 */

const MAX_NAME = 64;

/** Optimal string alignment distance (Levenshtein plus adjacent swaps), giving up once it exceeds `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prevPrev[j - 2]! + 1);
      row.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return limit + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/** The known name `name` most likely meant, or undefined when none is close. */
export function nearestName(name: string, known: readonly string[]): string | undefined {
  if (name.length === 0 || name.length > MAX_NAME) return undefined;
  const norm = name.trim().toLowerCase().replace(/[\s-]+/g, '_');
  if (norm !== name && known.includes(norm)) return norm;
  // One edit for short names, up to three for long ones: more would suggest unrelated actions.
  const limit = Math.min(3, Math.max(1, Math.floor(norm.length / 5)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of known) {
    const d = editDistance(norm, candidate, bestDistance - 1);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
