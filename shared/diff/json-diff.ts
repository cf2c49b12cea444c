import { AppError } from '../api/errors';
import { childPath, indexPath } from '../livechat/catalogue/json-path';
import { compileIgnore, type PathStep } from './path-pattern';
import { matchSequences } from './sequence';
import type { DiffChange, DiffKind, DiffOptions, DiffResult } from './types';

/*
 * Objects are compared key by key. Arrays are aligned before their items are compared:
 *   1. items are keyed by their JSON text (JSON.stringify, so an object with the same fields in another key order
 *      does not count as equal for alignment; it is then compared field by field and shows no change);
 *   2. a longest common subsequence of the keys (Myers, bounded, see sequence.ts) marks the items that stayed;
 *   3. a dropped item equal to an inserted one is reported as `moved` (fromPath = its index in `a`);
 *   4. what is left between two kept items is paired, keeping order, by similarity (shared top-level entries)
 *      and compared recursively (→ `changed` inside); the surplus is `removed` / `added`. Gaps with more than
 *      SIMILARITY_PAIRS candidate pairs are paired in order instead.
 * When the LCS is over its bounds (thousands of edits), the arrays are paired by index instead: still correct,
 * only less precise about insertions and moves. Type changes (object → string, array → object…) are `changed`.
 */

/**
 * Deeper values are refused: the walk recurses per level, and a hostile body of nested brackets (JSON.parse accepts
 * them) would otherwise end in a stack overflow reported as an internal error.
 */
export const MAX_DIFF_DEPTH = 256;

function tooDeep(path: string): AppError {
  const at = path === '' ? '' : ` (at ${path.length > 80 ? `${path.slice(0, 80)}…` : path})`;
  return new AppError('bad_request', `cannot diff JSON nested deeper than ${MAX_DIFF_DEPTH} levels${at}`);
}

interface Ctx {
  changes: DiffChange[];
  ignored: number;
  isIgnored: ((steps: readonly PathStep[]) => boolean) | undefined;
  /** Steps of the path being visited (pushed and popped as the walk goes). */
  steps: PathStep[];
}

function emit(ctx: Ctx, change: DiffChange, lastStep?: PathStep): void {
  if (ctx.isIgnored !== undefined) {
    if (lastStep !== undefined) ctx.steps.push(lastStep);
    const hit = ctx.isIgnored(ctx.steps);
    if (lastStep !== undefined) ctx.steps.pop();
    if (hit) {
      ctx.ignored++;
      return;
    }
  }
  ctx.changes.push(change);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function walk(a: unknown, b: unknown, path: string, ctx: Ctx): void {
  if (a === b) return;
  if (ctx.steps.length > MAX_DIFF_DEPTH) throw tooDeep(path);
  if (isObject(a) && isObject(b)) {
    for (const key of Object.keys(a)) {
      const p = childPath(path, key);
      if (Object.hasOwn(b, key)) {
        ctx.steps.push(key);
        walk(a[key], b[key], p, ctx);
        ctx.steps.pop();
      } else {
        emit(ctx, { kind: 'removed', path: p, before: a[key] }, key);
      }
    }
    for (const key of Object.keys(b)) {
      if (!Object.hasOwn(a, key)) emit(ctx, { kind: 'added', path: childPath(path, key), after: b[key] }, key);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    diffArrays(a, b, path, ctx);
    return;
  }
  emit(ctx, { kind: 'changed', path, before: a, after: b });
}

function walkItem(a: unknown, b: unknown, j: number, path: string, ctx: Ctx): void {
  ctx.steps.push(j);
  walk(a, b, indexPath(path, j), ctx);
  ctx.steps.pop();
}

/** Interned item keys: equal ids ⇔ equal JSON text (primitives are keyed by value and type directly). */
function itemKeys(a: readonly unknown[], b: readonly unknown[]): { ka: Int32Array; kb: Int32Array } {
  const prims = new Map<unknown, number>();
  const texts = new Map<string, number>();
  const key = (v: unknown): number => {
    const isComposite = typeof v === 'object' && v !== null;
    const map: Map<unknown, number> = isComposite ? texts : prims;
    const k: unknown = isComposite ? JSON.stringify(v) : v;
    let id = map.get(k);
    if (id === undefined) {
      id = prims.size + texts.size;
      map.set(k, id);
    }
    return id;
  };
  const ka = new Int32Array(a.length);
  const kb = new Int32Array(b.length);
  for (let i = 0; i < a.length; i++) ka[i] = key(a[i]);
  for (let j = 0; j < b.length; j++) kb[j] = key(b[j]);
  return { ka, kb };
}

function diffArrays(a: readonly unknown[], b: readonly unknown[], path: string, ctx: Ctx): void {
  const { ka, kb } = itemKeys(a, b);
  const lcs = matchSequences(ka, kb);
  if (lcs === undefined) {
    pairByIndex(a, b, 0, 0, a.length, b.length, path, ctx);
    return;
  }
  const keptA = new Uint8Array(a.length);
  const keptB = new Uint8Array(b.length);
  for (let n = 0; n < lcs.aIdx.length; n++) {
    keptA[lcs.aIdx[n]!] = 1;
    keptB[lcs.bIdx[n]!] = 1;
  }

  // Moves: a dropped item whose key reappears among the inserted ones (first come, first matched).
  const dropped = new Map<number, number[]>();
  for (let i = 0; i < a.length; i++) {
    if (keptA[i] === 1) continue;
    const list = dropped.get(ka[i]!);
    if (list === undefined) dropped.set(ka[i]!, [i]);
    else list.push(i);
  }
  const moves: DiffChange[] = [];
  const moveSteps: number[] = [];
  if (dropped.size > 0) {
    const cursor = new Map<number, number>();
    for (let j = 0; j < b.length; j++) {
      if (keptB[j] === 1) continue;
      const list = dropped.get(kb[j]!);
      const at = cursor.get(kb[j]!) ?? 0;
      if (list === undefined || at >= list.length) continue;
      const i = list[at]!;
      cursor.set(kb[j]!, at + 1);
      keptA[i] = 2;
      keptB[j] = 2;
      moves.push({ kind: 'moved', path: indexPath(path, j), fromPath: indexPath(path, i), before: a[i], after: b[j] });
      moveSteps.push(j);
    }
  }

  // The gaps between kept items: pair what is left in order.
  let prevA = 0;
  let prevB = 0;
  for (let n = 0; n <= lcs.aIdx.length; n++) {
    const endA = n < lcs.aIdx.length ? lcs.aIdx[n]! : a.length;
    const endB = n < lcs.bIdx.length ? lcs.bIdx[n]! : b.length;
    pairGap(a, b, keptA, keptB, prevA, prevB, endA, endB, path, ctx);
    prevA = endA + 1;
    prevB = endB + 1;
  }
  for (let n = 0; n < moves.length; n++) emit(ctx, moves[n]!, moveSteps[n]);
}

/** Gaps up to this many candidate pairs are matched by similarity; larger ones in order (cost is quadratic). */
const SIMILARITY_PAIRS = 2500;

/** Top-level entries of an object item as JSON text, for similarity scoring. */
function entryTexts(v: unknown): Map<string, string> | undefined {
  if (!isObject(v)) return undefined;
  const m = new Map<string, string>();
  for (const [k, x] of Object.entries(v)) m.set(k, JSON.stringify(x) ?? '');
  return m;
}

/**
 * How well two leftover items pair up: any pair is worth more than none (so leftovers still pair in order, as
 * `changed`), objects sharing top-level entries (`id`, `type`…) are worth more, a type change the least.
 */
function similarity(a: unknown, b: unknown, ea: Map<string, string> | undefined, eb: Map<string, string> | undefined): number {
  if (ea !== undefined && eb !== undefined) {
    let same = 0;
    for (const [k, t] of ea) if (eb.get(k) === t) same++;
    return 1 + same;
  }
  const kind = (v: unknown): string => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
  return kind(a) === kind(b) ? 1 : 0.5;
}

/**
 * An order-preserving pairing of the leftovers that maximises total similarity (weighted LCS, O(p·q)), so an edited
 * item pairs with its old self rather than with whatever happens to sit at the same position.
 */
function pairBySimilarity(a: readonly unknown[], b: readonly unknown[], ai: number[], bj: number[]): [number, number][] {
  const p = ai.length;
  const q = bj.length;
  const ea = ai.map((i) => entryTexts(a[i]));
  const eb = bj.map((j) => entryTexts(b[j]));
  const w = q + 1;
  const dp = new Float64Array((p + 1) * w);
  for (let x = 1; x <= p; x++) {
    for (let y = 1; y <= q; y++) {
      const diag = dp[(x - 1) * w + y - 1]! + similarity(a[ai[x - 1]!], b[bj[y - 1]!], ea[x - 1], eb[y - 1]);
      dp[x * w + y] = Math.max(dp[(x - 1) * w + y]!, dp[x * w + y - 1]!, diag);
    }
  }
  const pairs: [number, number][] = [];
  let x = p;
  let y = q;
  while (x > 0 && y > 0) {
    const here = dp[x * w + y]!;
    if (here === dp[(x - 1) * w + y]) x--;
    else if (here === dp[x * w + y - 1]) y--;
    else {
      pairs.push([ai[x - 1]!, bj[y - 1]!]);
      x--;
      y--;
    }
  }
  return pairs.reverse();
}

function pairGap(
  a: readonly unknown[],
  b: readonly unknown[],
  keptA: Uint8Array,
  keptB: Uint8Array,
  a0: number,
  b0: number,
  a1: number,
  b1: number,
  path: string,
  ctx: Ctx,
): void {
  const ai: number[] = [];
  const bj: number[] = [];
  for (let i = a0; i < a1; i++) if (keptA[i] === 0) ai.push(i);
  for (let j = b0; j < b1; j++) if (keptB[j] === 0) bj.push(j);
  if (ai.length === 0 && bj.length === 0) return;
  let pairs: [number, number][];
  if (ai.length * bj.length <= SIMILARITY_PAIRS) {
    pairs = pairBySimilarity(a, b, ai, bj);
  } else {
    pairs = [];
    for (let n = 0; n < Math.min(ai.length, bj.length); n++) pairs.push([ai[n]!, bj[n]!]);
  }
  const pairedA = new Set<number>();
  const pairedB = new Set<number>();
  for (const [i, j] of pairs) {
    pairedA.add(i);
    pairedB.add(j);
    walkItem(a[i], b[j], j, path, ctx);
  }
  for (const i of ai) if (!pairedA.has(i)) emit(ctx, { kind: 'removed', path: indexPath(path, i), before: a[i] }, i);
  for (const j of bj) if (!pairedB.has(j)) emit(ctx, { kind: 'added', path: indexPath(path, j), after: b[j] }, j);
}

function pairByIndex(
  a: readonly unknown[],
  b: readonly unknown[],
  a0: number,
  b0: number,
  a1: number,
  b1: number,
  path: string,
  ctx: Ctx,
): void {
  pairGap(a, b, new Uint8Array(a.length), new Uint8Array(b.length), a0, b0, a1, b1, path, ctx);
}

/** Structural diff of two parsed JSON values; `opts.ignore` drops changes at (or under) matching paths. */
export function diffJson(a: unknown, b: unknown, opts: DiffOptions = {}): DiffResult {
  const ctx: Ctx = { changes: [], ignored: 0, isIgnored: compileIgnore(opts.ignore ?? []), steps: [] };
  try {
    walk(a, b, '', ctx);
  } catch (err) {
    // JSON.stringify (array item keys) overflows on deep nesting before the walk's own depth check is reached.
    if (err instanceof RangeError) throw tooDeep('');
    throw err;
  }
  const counts: Record<DiffKind, number> = { added: 0, removed: 0, changed: 0, moved: 0 };
  for (const c of ctx.changes) counts[c.kind]++;
  return { changes: ctx.changes, counts, ignored: ctx.ignored, equal: ctx.changes.length === 0 };
}
