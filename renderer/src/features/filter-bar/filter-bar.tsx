import { useAppStore } from '../../state/store-context';
import { ActionChips } from './action-chips';

export function FilterBar() {
  const text = useAppStore((s) => s.filterText);
  const setFilterText = useAppStore((s) => s.setFilterText);
  const hasActions = useAppStore((s) => s.filterActions.length > 0);
  const clearFilters = useAppStore((s) => s.clearFilters);
  return (
    <div className="filter-bar">
      <div className="filter-row">
        <input
          type="search"
          className="filter-input"
          aria-label="Filter webhooks"
          placeholder="Filter: action, path, chat id, body text…"
          maxLength={1000}
          spellCheck={false}
          value={text}
          onChange={(e) => setFilterText(e.target.value)}
        />
        {(text !== '' || hasActions) && (
          <button type="button" className="button button-small" onClick={clearFilters}>
            Clear filters
          </button>
        )}
      </div>
      <ActionChips />
    </div>
  );
}
