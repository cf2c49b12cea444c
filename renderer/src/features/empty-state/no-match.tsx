import { useAppStore } from '../../state/store-context';

export function NoMatch() {
  const clearFilters = useAppStore((s) => s.clearFilters);
  return (
    <section className="empty-state" aria-label="No matching webhooks">
      <h2>No webhook matches this filter</h2>
      <button type="button" className="button" onClick={clearFilters}>
        Clear filters
      </button>
    </section>
  );
}
