import { useId } from 'react';
import { useAppStore } from '../../state/store-context';
import { ActionFacets } from './action-facets';
import { QueryErrorLine } from './query-error-line';

/** Where `/` puts the focus. */
export const SEARCH_INPUT_ID = 'filter-query';

const PLACEHOLDER = 'Filter: action:incoming_event chat:PJ0MRSHTDG -secret:ok retry "text"…';

export function FilterBar() {
  const query = useAppStore((s) => s.filterQuery);
  const error = useAppStore((s) => s.queryError);
  const setFilterQuery = useAppStore((s) => s.setFilterQuery);
  const clearFilters = useAppStore((s) => s.clearFilters);
  const groupRetries = useAppStore((s) => s.groupRetries);
  const setGroupRetries = useAppStore((s) => s.setGroupRetries);
  const errorId = useId();
  return (
    <div className="filter-bar">
      <div className="filter-row">
        <input
          id={SEARCH_INPUT_ID}
          type="search"
          className={`filter-input${error ? ' filter-input-invalid' : ''}`}
          aria-label="Filter webhooks"
          aria-invalid={error !== undefined}
          aria-describedby={error ? errorId : undefined}
          placeholder={PLACEHOLDER}
          maxLength={2000}
          spellCheck={false}
          autoComplete="off"
          value={query}
          onChange={(e) => setFilterQuery(e.target.value)}
        />
        {query !== '' && (
          <button type="button" className="button button-small" onClick={clearFilters}>
            Clear filters
          </button>
        )}
        <label className="toggle" title="Show LiveChat's retries of a webhook as one row">
          <input type="checkbox" checked={groupRetries} onChange={(e) => setGroupRetries(e.target.checked)} />
          Group retries
        </label>
      </div>
      {error !== undefined && <QueryErrorLine id={errorId} source={query} error={error} />}
      <ActionFacets />
    </div>
  );
}
