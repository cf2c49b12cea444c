import { DetailPane } from './features/detail/detail-pane';
import { ErrorBanner } from './features/errors/error-banner';
import { ListPane } from './features/event-list/list-pane';
import { AppHeader } from './features/header/app-header';
import { LiveChatPanel } from './features/livechat/livechat-panel';
import { TunnelPanel } from './features/tunnel/tunnel-panel';
import { UrlChangeNotice } from './features/tunnel/url-change-notice';

/**
 * The inspector: header, errors, a public URL change to act on, the tunnel panel when open, then the list on the left
 * and the selected webhook on the right.
 */
export function App({ defaultViewportHeight }: { defaultViewportHeight?: number }) {
  return (
    <div className="app">
      <AppHeader />
      <ErrorBanner />
      <UrlChangeNotice />
      <TunnelPanel />
      <LiveChatPanel />
      <main className="panes">
        <ListPane defaultViewportHeight={defaultViewportHeight} />
        <DetailPane />
      </main>
    </div>
  );
}
