import type { FilterSlice } from './app-state';
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

  return {
    state: {
      filterText: '',
      filterActions: [],
      setFilterText(text) {
        if (text === get().filterText) return;
        set({ filterText: text });
        scheduleReload();
      },
      toggleFilterAction(action) {
        const current = get().filterActions;
        set({
          filterActions: current.includes(action) ? current.filter((a) => a !== action) : [...current, action].sort(),
        });
        scheduleReload();
      },
      clearFilters() {
        const { filterText, filterActions } = get();
        if (filterText === '' && filterActions.length === 0) return;
        set({ filterText: '', filterActions: [] });
        scheduleReload();
      },
    },
    stop() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
