import { ClearHistoryButton } from '../clear-history/clear-history-button';
import { ConnectionBadge } from './connection-badge';
import { LiveChatToggle } from './livechat-toggle';
import { PublicUrl } from './public-url';
import { ReceiverUrl } from './receiver-url';
import { TunnelToggle } from './tunnel-toggle';
import { WebhookCount } from './webhook-count';

export function AppHeader() {
  return (
    <header className="app-header">
      <h1 className="app-name">LiveHook</h1>
      <ReceiverUrl />
      <PublicUrl />
      <TunnelToggle />
      <LiveChatToggle />
      <span className="header-spacer" />
      <WebhookCount />
      <ConnectionBadge />
      <ClearHistoryButton />
    </header>
  );
}
