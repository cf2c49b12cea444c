import { DetailPane } from './features/detail/detail-pane';
import { ErrorBanner } from './features/errors/error-banner';
import { ListPane } from './features/event-list/list-pane';
import { AppHeader } from './features/header/app-header';

/** The inspector: header, errors, then the list on the left and the selected webhook on the right. */
export function App({ defaultViewportHeight }: { defaultViewportHeight?: number }) {
  return (
    <div className="app">
      <AppHeader />
      <ErrorBanner />
      <main className="panes">
        <ListPane defaultViewportHeight={defaultViewportHeight} />
        <DetailPane />
      </main>
    </div>
  );
}
