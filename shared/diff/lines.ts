import { matchSequences } from './sequence';

export interface LineDiff {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** Splits on LF or CRLF; an empty text has no lines. */
export function splitLines(text: string): string[] {
  return text === '' ? [] : text.split(/\r?\n/);
}

function intern(a: readonly string[], b: readonly string[]): { ka: Int32Array; kb: Int32Array } {
  const ids = new Map<string, number>();
  const id = (s: string): number => {
    let v = ids.get(s);
    if (v === undefined) {
      v = ids.size;
      ids.set(s, v);
    }
    return v;
  };
  return { ka: Int32Array.from(a, id), kb: Int32Array.from(b, id) };
}

/**
 * Line diff for bodies that are not JSON (Myers, bounded: see sequence.ts). Over the bound, the common first and
 * last lines are still kept and everything between them is shown as removed then added. Within a hunk removed
 * lines come before added ones.
 */
export function diffLines(a: string, b: string): LineDiff[] {
  const la = splitLines(a);
  const lb = splitLines(b);
  const { ka, kb } = intern(la, lb);
  let pairs = matchSequences(ka, kb);
  if (pairs === undefined) {
    pairs = { aIdx: [], bIdx: [] };
    let s = 0;
    while (s < la.length && s < lb.length && la[s] === lb[s]) {
      pairs.aIdx.push(s);
      pairs.bIdx.push(s);
      s++;
    }
    let ea = la.length;
    let eb = lb.length;
    const tail: number[] = [];
    while (ea > s && eb > s && la[ea - 1] === lb[eb - 1]) tail.push(--ea, --eb);
    for (let n = tail.length - 2; n >= 0; n -= 2) {
      pairs.aIdx.push(tail[n]!);
      pairs.bIdx.push(tail[n + 1]!);
    }
  }
  const out: LineDiff[] = [];
  let i = 0;
  let j = 0;
  for (let n = 0; n <= pairs.aIdx.length; n++) {
    const endA = n < pairs.aIdx.length ? pairs.aIdx[n]! : la.length;
    const endB = n < pairs.bIdx.length ? pairs.bIdx[n]! : lb.length;
    for (; i < endA; i++) out.push({ kind: 'removed', text: la[i]! });
    for (; j < endB; j++) out.push({ kind: 'added', text: lb[j]! });
    if (n < pairs.aIdx.length) {
      out.push({ kind: 'same', text: la[i]! });
      i++;
      j++;
    }
  }
  return out;
}
