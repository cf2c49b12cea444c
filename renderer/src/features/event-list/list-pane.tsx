import { useAppStore } from '../../state/store-context';
import { isFilterActive } from '../../state/filter-match';
import { EmptyState } from '../empty-state/empty-state';
import { NoMatch } from '../empty-state/no-match';
import { FilterBar } from '../filter-bar/filter-bar';
import { EventList } from './event-list';
import { ListFooter } from './list-footer';

/** The left pane: filters, then the list — or, when there is nothing to list, what to do about it. */
export function ListPane({ defaultViewportHeight }: { defaultViewportHeight?: number }) {
  const empty = useAppStore((s) => s.events.length === 0);
  const loaded = useAppStore((s) => s.eventsLoaded);
  const filtering = useAppStore((s) => isFilterActive({ text: s.filterText, actions: s.filterActions }));
  const historyEmpty = useAppStore((s) => s.historyCount === 0);

  let body;
  if (!empty) body = <EventList defaultViewportHeight={defaultViewportHeight} />;
  else if (!loaded) body = <p className="pane-message muted">Loading webhooks…</p>;
  else if (filtering && !historyEmpty) body = <NoMatch />;
  else body = <EmptyState />;

  return (
    <section className="list-pane" aria-label="Webhook list">
      <FilterBar />
      {body}
      {!empty && <ListFooter />}
    </section>
  );
}
