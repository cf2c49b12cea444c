import { actionTerms } from '../../state/query-terms';
import { useAppStore } from '../../state/store-context';

/** One button per action with its count over the match; clicking filters on it (again: back to all actions). */
export function ActionFacets() {
  const facets = useAppStore((s) => s.facets);
  const query = useAppStore((s) => s.appliedQuery);
  const toggle = useAppStore((s) => s.toggleFilterAction);
  if (facets.length === 0) return null;
  const active = new Set(actionTerms(query).map((t) => t.value));
  return (
    <div className="action-chips" role="group" aria-label="Filter by action">
      {facets.map(({ action, count }) => {
        const on = active.has(action);
        // Webhooks without an action cannot be asked for with an `action:` term; their count is shown all the same.
        if (action === '') {
          return (
            <span key="" className="chip chip-static" aria-label={`(no action), ${count}`}>
              (no action) <span className="chip-count">{count.toLocaleString('en-US')}</span>
            </span>
          );
        }
        return (
          <button
            key={action}
            type="button"
            className={`chip${on ? ' chip-on' : ''}`}
            aria-pressed={on}
            aria-label={action}
            title={`${count.toLocaleString('en-US')} matching`}
            onClick={() => toggle(action)}
          >
            {action} <span className="chip-count">{count.toLocaleString('en-US')}</span>
          </button>
        );
      })}
    </div>
  );
}
