import { useAppStore } from '../../state/store-context';

/** One toggle per action seen so far; several can be on (any of them matches). */
export function ActionChips() {
  const known = useAppStore((s) => s.knownActions);
  const active = useAppStore((s) => s.filterActions);
  const toggle = useAppStore((s) => s.toggleFilterAction);
  // An active filter stays visible even if its action was never seen (e.g. after a clear).
  const actions = [...new Set([...known, ...active])].sort();
  if (actions.length === 0) return null;
  return (
    <div className="action-chips" role="group" aria-label="Filter by action">
      {actions.map((action) => {
        const on = active.includes(action);
        return (
          <button
            key={action}
            type="button"
            className={`chip${on ? ' chip-on' : ''}`}
            aria-pressed={on}
            onClick={() => toggle(action)}
          >
            {action === '' ? '(no action)' : action}
          </button>
        );
      })}
    </div>
  );
}
