import { ClearHistoryButton } from '../clear-history/clear-history-button';
import { DeliveryToggle } from '../delivery/delivery-toggle';
import { ConnectionBadge } from './connection-badge';
import { LiveChatToggle } from './livechat-toggle';
import { PublicUrl } from './public-url';
import { ReceiverUrl } from './receiver-url';
import { TunnelToggle } from './tunnel-toggle';
import { TriggerToggle } from '../trigger/trigger-toggle';
import { WebhookCount } from './webhook-count';

export function AppHeader() {
  return (
    <header className="app-header">
      <h1 className="app-name">LiveHook</h1>
      <ReceiverUrl />
      <PublicUrl />
      <TunnelToggle />
      <LiveChatToggle />
      <TriggerToggle />
      <DeliveryToggle />
      <span className="header-spacer" />
      <WebhookCount />
      <ConnectionBadge />
      <ClearHistoryButton />
    </header>
  );
}
