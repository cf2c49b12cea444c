/**
 * A structural JSON diff between two values. Paths are JSON paths in the catalogue's notation:
 * `payload.chat.thread.events[0].text` (keys that are not identifiers are quoted: `headers["x-id"]`).
 */
export type DiffKind = 'added' | 'removed' | 'changed' | 'moved';

export interface DiffChange {
  kind: DiffKind;
  /** Path in the right-hand value (`b`); for `removed`, the path it had in `a`. */
  path: string;
  /** For `moved`: the path the array item had in `a`. */
  fromPath?: string;
  /** The value in `a` (removed, changed, moved). */
  before?: unknown;
  /** The value in `b` (added, changed, moved). */
  after?: unknown;
}

export interface DiffOptions {
  /**
   * Paths to ignore, with `*` for any one key or index and `**` for any depth: `payload.chat.id`,
   * `**.created_at`, `payload.chat.thread.events[*].id`.
   */
  ignore?: readonly string[];
}

export interface DiffResult {
  changes: DiffChange[];
  /** Counts per kind, for a one-line summary. */
  counts: Record<DiffKind, number>;
  /** Number of changes suppressed by `ignore`. */
  ignored: number;
  /** True when the two values are equal (after ignoring). */
  equal: boolean;
}
