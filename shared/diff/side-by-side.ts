import { childPath, indexPath } from '../livechat/catalogue/json-path';
import { matchSequences } from './sequence';
import type { DiffKind, DiffResult } from './types';

/** One row cell of the two-column view; null is a filler that keeps equal lines level with each other. */
export type SideLine = { text: string; kind?: DiffKind; path?: string } | null;

export interface SideBySide {
  left: SideLine[];
  right: SideLine[];
}

interface Rendered {
  text: string;
  path: string;
  kind?: DiffKind;
}

const PADS: string[] = [''];

function pad(depth: number): string {
  while (PADS.length <= depth) PADS.push(`${PADS[PADS.length - 1]!}  `);
  return PADS[depth]!;
}

function line(out: Rendered[], text: string, path: string, kind: DiffKind | undefined): void {
  out.push(kind === undefined ? { text, path } : { text, path, kind });
}

/**
 * Pretty-prints like JSON.stringify(value, null, 2), one entry per line, each with the path of the value it shows
 * and the diff kind of that path or of the nearest ancestor that has one (an added object is added on every line).
 * A plain recursive function with no closure per node: this runs over every line of two 1 MiB bodies.
 */
function renderValue(
  out: Rendered[],
  kinds: Map<string, DiffKind>,
  v: unknown,
  depth: number,
  prefix: string,
  suffix: string,
  path: string,
  inherited: DiffKind | undefined,
): void {
  const kind = kinds.size === 0 ? inherited : (kinds.get(path) ?? inherited);
  const indent = pad(depth);
  if (Array.isArray(v)) {
    if (v.length === 0) return line(out, `${indent}${prefix}[]${suffix}`, path, kind);
    line(out, `${indent}${prefix}[`, path, kind);
    for (let i = 0; i < v.length; i++) {
      renderValue(out, kinds, v[i], depth + 1, '', i < v.length - 1 ? ',' : '', indexPath(path, i), kind);
    }
    return line(out, `${indent}]${suffix}`, path, kind);
  }
  if (typeof v === 'object' && v !== null) {
    const keys = Object.keys(v).filter((k) => {
      const x = (v as Record<string, unknown>)[k];
      return x !== undefined && typeof x !== 'function';
    });
    if (keys.length === 0) return line(out, `${indent}${prefix}{}${suffix}`, path, kind);
    line(out, `${indent}${prefix}{`, path, kind);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const x = (v as Record<string, unknown>)[k];
      renderValue(out, kinds, x, depth + 1, `${JSON.stringify(k)}: `, i < keys.length - 1 ? ',' : '', childPath(path, k), kind);
    }
    return line(out, `${indent}}${suffix}`, path, kind);
  }
  line(out, `${indent}${prefix}${JSON.stringify(v) ?? 'null'}${suffix}`, path, kind);
}

function render(value: unknown, kinds: Map<string, DiffKind>): Rendered[] {
  const out: Rendered[] = [];
  if (value !== undefined) renderValue(out, kinds, value, 0, '', '', '', undefined);
  return out;
}

/**
 * Data for a two-column view of a structural diff: each side pretty-printed, lines marked with the change at their
 * path (left: removed, changed, moved-from; right: added, changed, moved-to), and aligned by a line LCS on the text
 * without trailing commas, so unchanged lines sit side by side and a change's lines face each other, padded with nulls.
 * Known limit: a change inside an array item that was re-paired at another index is marked on the right only.
 */
export function sideBySide(a: unknown, b: unknown, result: DiffResult): SideBySide {
  const leftKinds = new Map<string, DiffKind>();
  const rightKinds = new Map<string, DiffKind>();
  for (const c of result.changes) {
    if (c.kind === 'removed' || c.kind === 'changed') leftKinds.set(c.path, c.kind);
    if (c.kind === 'added' || c.kind === 'changed') rightKinds.set(c.path, c.kind);
    if (c.kind === 'moved') {
      rightKinds.set(c.path, 'moved');
      if (c.fromPath !== undefined) leftKinds.set(c.fromPath, 'moved');
    }
  }
  const la = render(a, leftKinds);
  const lb = render(b, rightKinds);

  const ids = new Map<string, number>();
  const key = (l: Rendered): number => {
    const t = l.text.endsWith(',') ? l.text.slice(0, -1) : l.text;
    let id = ids.get(t);
    if (id === undefined) {
      id = ids.size;
      ids.set(t, id);
    }
    return id;
  };
  const pairs = matchSequences(Int32Array.from(la, key), Int32Array.from(lb, key)) ?? { aIdx: [], bIdx: [] };

  const left: SideLine[] = [];
  const right: SideLine[] = [];
  let i = 0;
  let j = 0;
  for (let n = 0; n <= pairs.aIdx.length; n++) {
    const endA = n < pairs.aIdx.length ? pairs.aIdx[n]! : la.length;
    const endB = n < pairs.bIdx.length ? pairs.bIdx[n]! : lb.length;
    // A hunk: the two sides' lines face each other row by row, the shorter side padded.
    const rows = Math.max(endA - i, endB - j);
    for (let r = 0; r < rows; r++) {
      left.push(i < endA ? la[i++]! : null);
      right.push(j < endB ? lb[j++]! : null);
    }
    if (n < pairs.aIdx.length) {
      left.push(la[i++]!);
      right.push(lb[j++]!);
    }
  }
  return { left, right };
}
