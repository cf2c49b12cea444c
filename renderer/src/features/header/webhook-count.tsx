import { plural } from '../../lib/format';
import { useAppStore } from '../../state/store-context';

export function WebhookCount() {
  const count = useAppStore((s) => s.historyCount);
  // A status for tests and tools to find, but not announced: under load it changes many times a second.
  return (
    <span className="webhook-count" role="status" aria-live="off" aria-label="Webhook count">
      {plural(count, 'webhook', 'webhooks')}
    </span>
  );
}
