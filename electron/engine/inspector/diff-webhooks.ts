import type { DiffChange, DiffResult } from '@shared/diff/types';
import { diffJson, diffLines } from '@shared/diff';
import type { CapturedWebhook } from '@shared/model/webhook';
import type { SettingsStore } from '../ports';

/** Where the diff's ignore paths live in settings. */
export const DIFF_IGNORE_KEY = 'inspector.diffIgnore';

/**
 * Ignored unless the user changes the list: `webhook_id` differs between any two deliveries and `secret_key` is the
 * same secret on both sides (or a difference the secret check already reports), so both only add noise to "what
 * changed in this payload". Ids and timestamps inside the payload are shown: they are often the point of a diff.
 */
export const DEFAULT_DIFF_IGNORE: readonly string[] = ['webhook_id', 'secret_key'];

export function readDiffIgnore(settings: SettingsStore): string[] {
  const saved = settings.get<unknown>(DIFF_IGNORE_KEY);
  if (Array.isArray(saved) && saved.every((p): p is string => typeof p === 'string')) return saved;
  return [...DEFAULT_DIFF_IGNORE];
}

export function writeDiffIgnore(settings: SettingsStore, paths: string[]): string[] {
  const clean = [...new Set(paths.map((p) => p.trim()).filter((p) => p !== ''))];
  settings.set(DIFF_IGNORE_KEY, clean);
  return clean;
}

/**
 * A structural diff of two records' JSON bodies. When either body is not JSON the raw texts are compared line by
 * line instead, and `note` says so (the ignore paths do not apply to text).
 */
export function diffWebhooks(a: CapturedWebhook, b: CapturedWebhook, ignore: readonly string[]): DiffResult & { note?: string } {
  if (a.json !== undefined && b.json !== undefined) return diffJson(a.json, b.json, { ignore });
  const which = a.json === undefined && b.json === undefined ? 'Neither body is' : a.json === undefined ? 'The first body is not' : 'The second body is not';
  const textA = Buffer.from(a.bodyBase64, 'base64').toString('utf8');
  const textB = Buffer.from(b.bodyBase64, 'base64').toString('utf8');
  return { ...lineDiffResult(textA, textB), note: `${which} JSON: the raw bodies are compared line by line (paths are line numbers; ignore paths do not apply).` };
}

/** A line diff in the shape of a structural one: removed and added lines, paths `line N` (1-based, per side). */
function lineDiffResult(a: string, b: string): DiffResult {
  const changes: DiffChange[] = [];
  let lineA = 0;
  let lineB = 0;
  for (const l of diffLines(a, b)) {
    if (l.kind === 'same') {
      lineA++;
      lineB++;
    } else if (l.kind === 'removed') {
      lineA++;
      changes.push({ kind: 'removed', path: `line ${lineA}`, before: l.text });
    } else {
      lineB++;
      changes.push({ kind: 'added', path: `line ${lineB}`, after: l.text });
    }
  }
  const counts = { added: 0, removed: 0, changed: 0, moved: 0 };
  for (const c of changes) counts[c.kind]++;
  return { changes, counts, ignored: 0, equal: changes.length === 0 };
}
