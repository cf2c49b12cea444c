import { useAppStore } from '../../state/store-context';
import { isQueryActive } from '../../state/filter-match';
import { ActivityChart } from '../chart/activity-chart';
import { EmptyState } from '../empty-state/empty-state';
import { NoMatch } from '../empty-state/no-match';
import { FilterBar } from '../filter-bar/filter-bar';
import { ListToolbar } from '../transfer/list-toolbar';
import { EventList } from './event-list';
import { FloodNotice } from './flood-notice';
import { ListFooter } from './list-footer';

/** The left pane: filters, the activity chart, list actions, then the list — or, when there is nothing to list, what to do about it. */
export function ListPane({ defaultViewportHeight }: { defaultViewportHeight?: number }) {
  const empty = useAppStore((s) => s.events.length === 0);
  const loaded = useAppStore((s) => s.eventsLoaded);
  const filtering = useAppStore((s) => isQueryActive({ query: s.appliedQuery }));
  const historyEmpty = useAppStore((s) => s.historyCount === 0);

  let body;
  if (!empty) body = <EventList defaultViewportHeight={defaultViewportHeight} />;
  else if (!loaded) body = <p className="pane-message muted">Loading webhooks…</p>;
  else if (filtering && !historyEmpty) body = <NoMatch />;
  else body = <EmptyState />;

  return (
    <section className="list-pane" aria-label="Webhook list">
      <FilterBar />
      <ActivityChart />
      <ListToolbar />
      <FloodNotice />
      {body}
      {!empty && <ListFooter />}
    </section>
  );
}
