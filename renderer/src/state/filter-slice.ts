import { formatTerm, parseQuery, withTerm } from '@shared/query';
import type { FilterSlice } from './app-state';
import { actionTerms, withoutTerms } from './query-terms';
import type { SliceKit } from './slice-kit';

export interface FilterSliceHandle {
  state: FilterSlice;
  /** Cancels a pending debounced reload. */
  stop(): void;
}

export function createFilterSlice({ set, get, tuning }: SliceKit): FilterSliceHandle {
  let timer: ReturnType<typeof setTimeout> | undefined;

  // Typing "incoming" must cost one query, not eight: the engine is asked once the user pauses.
  function scheduleReload(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void get().reloadEvents();
    }, tuning.filterDebounceMs);
  }

  function cancelReload(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  }

  /**
   * Parsed here on every keystroke, so a mistake is marked where it was typed at once; a query that does not parse
   * never reaches the engine, and the list keeps showing the last one that did.
   */
  function setFilterQuery(query: string): void {
    if (query === get().filterQuery) return;
    const parsed = parseQuery(query);
    if (!parsed.ok) {
      set({ filterQuery: query, queryError: parsed.error });
      cancelReload();
      return;
    }
    const applied = query.trim();
    set({ filterQuery: query, queryError: undefined });
    if (applied === get().appliedQuery) {
      cancelReload();
      return;
    }
    set({ appliedQuery: applied });
    scheduleReload();
  }

  return {
    state: {
      filterQuery: '',
      appliedQuery: '',
      queryError: undefined,
      groupRetries: false,
      facets: [],
      setFilterQuery,
      toggleFilterAction(action) {
        const source = get().filterQuery;
        const current = actionTerms(source);
        const rest = withoutTerms(source, current);
        const only = current.length === 1 && current[0]!.value === action;
        setFilterQuery(only ? rest : withTerm(rest, formatTerm('action', action)));
      },
      addFilterTerm(field, value) {
        setFilterQuery(withTerm(get().filterQuery, formatTerm(field, value)));
      },
      setGroupRetries(on) {
        if (on === get().groupRetries) return;
        set({ groupRetries: on });
        cancelReload();
        void get().reloadEvents();
      },
      clearFilters() {
        if (get().filterQuery === '' && get().appliedQuery === '') return;
        setFilterQuery('');
      },
    },
    stop: cancelReload,
  };
}
