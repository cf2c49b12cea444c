import { useEffect, useState } from 'react';
import type { SideBySide } from '@shared/diff';
import type { DiffState } from '../../state/app-state';
import { formatDateTime, plural } from '../../lib/format';
import { actionLabel } from '../event-list/event-row';
import { ChangedPaths } from './changed-paths';
import { IgnoreEditor } from './ignore-editor';
import { alignBodies } from './side-by-side-client';
import { SideBySideView } from './side-by-side-view';

type LoadedDiff = Extract<DiffState, { status: 'loaded' }>;

export function DiffBody({ diff }: { diff: LoadedDiff }) {
  const { result, left, right } = diff;
  const [lines, setLines] = useState<SideBySide | undefined>(undefined);
  const [alignError, setAlignError] = useState<string | undefined>(undefined);
  useEffect(() => {
    let current = true;
    setLines(undefined);
    setAlignError(undefined);
    alignBodies(left, right, result).then(
      (l) => current && setLines(l),
      (err: unknown) => current && setAlignError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      current = false;
    };
  }, [left, right, result]);
  const counts = (['changed', 'added', 'removed', 'moved'] as const)
    .filter((k) => result.counts[k] > 0)
    .map((k) => `${result.counts[k]} ${k}`)
    .join(', ');
  return (
    <div className="diff-body">
      <div className="diff-sides">
        <div className="diff-side-head diff-side-left">
          <span className="mono">{actionLabel(result.a)}</span> {formatDateTime(result.a.receivedAt)}
        </div>
        <div className="diff-side-head diff-side-right">
          <span className="mono">{actionLabel(result.b)}</span> {formatDateTime(result.b.receivedAt)}
        </div>
      </div>
      <p className="diff-summary" role="status">
        {result.equal ? 'No differences' : plural(result.changes.length, 'difference', 'differences')}
        {counts && ` (${counts})`}
        {result.ignored > 0 && ` · ${plural(result.ignored, 'change', 'changes')} ignored`}
        {result.note !== undefined && ` · ${result.note}`}
      </p>
      <ChangedPaths changes={result.changes} />
      <IgnoreEditor />
      {lines !== undefined ? (
        <SideBySideView lines={lines} />
      ) : alignError !== undefined ? (
        <p className="error-text">Could not lay the bodies side by side: {alignError}</p>
      ) : (
        <p className="muted">Aligning the two bodies…</p>
      )}
    </div>
  );
}
