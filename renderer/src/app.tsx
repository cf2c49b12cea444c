import { ChatTimeline } from './features/chat-timeline/chat-timeline';
import { DeliveryPanel } from './features/delivery/delivery-panel';
import { ReplayDialog } from './features/delivery/replay-dialog';
import { DetailPane } from './features/detail/detail-pane';
import { DiffView } from './features/diff/diff-view';
import { ErrorBanner } from './features/errors/error-banner';
import { ListPane } from './features/event-list/list-pane';
import { AppHeader } from './features/header/app-header';
import { LiveChatPanel } from './features/livechat/livechat-panel';
import { TunnelPanel } from './features/tunnel/tunnel-panel';
import { TriggerPanel } from './features/trigger/trigger-panel';
import { ShortcutsOverlay } from './features/shortcuts/shortcuts-overlay';
import { useShortcuts } from './features/shortcuts/use-shortcuts';
import { UrlChangeNotice } from './features/tunnel/url-change-notice';
import { useAppStore, useAppStoreApi } from './state/store-context';

/**
 * The inspector: header, errors, a public URL change to act on, the tunnel panel when open, then the list on the left
 * and, on the right, the selected webhook, a chat's timeline or a diff.
 */
export function App({ defaultViewportHeight }: { defaultViewportHeight?: number }) {
  useShortcuts(useAppStoreApi());
  const view = useAppStore((s) => s.view);
  return (
    <div className="app">
      <AppHeader />
      <ErrorBanner />
      <UrlChangeNotice />
      <TunnelPanel />
      <LiveChatPanel />
      <TriggerPanel />
      <DeliveryPanel />
      {/* The list stays mounted whatever the right side shows, so its scroll position and marks survive a diff. */}
      <main className={`panes${view.kind === 'diff' ? ' panes-diff' : ''}`}>
        <ListPane defaultViewportHeight={defaultViewportHeight} />
        {view.kind === 'list' && <DetailPane />}
        {view.kind === 'chat' && <ChatTimeline chatId={view.chatId} />}
        {view.kind === 'diff' && <DiffView />}
      </main>
      <ShortcutsOverlay />
      <ReplayDialog />
    </div>
  );
}
