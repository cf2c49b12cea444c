import { diffJson, sideBySide } from '@shared/diff';
import { useMemo } from 'react';

const MAX_LINES = 400;

/** The edited body against the original, side by side, changed lines tinted. */
export function ReplayDiff({ original, edited }: { original: unknown; edited: unknown }) {
  const view = useMemo(() => {
    const result = diffJson(original, edited);
    return { result, sides: sideBySide(original, edited, result) };
  }, [original, edited]);
  if (view.result.equal) return <p className="muted">No change from the captured body: it will be sent as captured JSON text.</p>;
  const { counts } = view.result;
  const rows = view.sides.left.slice(0, MAX_LINES).map((l, i) => [l, view.sides.right[i] ?? null] as const);
  return (
    <div>
      <p role="status">
        {counts.changed} changed · {counts.added} added · {counts.removed} removed{counts.moved > 0 ? ` · ${counts.moved} moved` : ''}
      </p>
      <div className="replay-diff" aria-label="Diff from the original">
        {rows.map(([l, r], i) => (
          <div key={i} style={{ display: 'contents' }}>
            <span className={l?.kind ? `diff-${l.kind}` : undefined}>{l?.text ?? ''}</span>
            <span className={r?.kind ? `diff-${r.kind}` : undefined}>{r?.text ?? ''}</span>
          </div>
        ))}
      </div>
    </div>
  );
}
