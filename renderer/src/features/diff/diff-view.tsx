import { useAppStore } from '../../state/store-context';
import { DiffBody } from './diff-body';

/** The diff of two webhooks across the main area's right side: who is compared, then the changes. */
export function DiffView() {
  const diff = useAppStore((s) => s.diff);
  const goBack = useAppStore((s) => s.goBack);
  let body;
  if (diff === undefined || diff.status === 'loading') body = <p className="pane-message muted">Comparing…</p>;
  else if (diff.status === 'failed') body = <p className="pane-message error-text">Could not compare: {diff.message}</p>;
  else body = <DiffBody diff={diff} />;
  return (
    <section className="diff-view" aria-label="Diff" aria-busy={diff?.status === 'loading'}>
      <div className="view-bar">
        <button type="button" className="button button-small" onClick={goBack}>
          ← Back
        </button>
        <h2 className="view-title">Diff</h2>
      </div>
      {body}
    </section>
  );
}
