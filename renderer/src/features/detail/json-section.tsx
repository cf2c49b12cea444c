import type { CapturedWebhook } from '@shared/model/webhook';
import { JsonTree } from '../../ui/json-tree';

export function JsonSection({ webhook }: { webhook: CapturedWebhook }) {
  if (webhook.parseError !== undefined || !('json' in webhook)) {
    return (
      <p className="muted">
        {webhook.parseError !== undefined ? `Body is not JSON: ${webhook.parseError}` : 'No JSON body.'} See “Raw body”.
      </p>
    );
  }
  return <JsonTree value={webhook.json} label="Webhook JSON" />;
}
