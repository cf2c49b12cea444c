import type { WebhookSummary } from '@shared/model/webhook';
import { Badge } from '../../ui/badge';

/** "×3" on a grouped row (three deliveries of one webhook), "retry 2" on a single retry delivery. */
export function RetryBadge({ summary }: { summary: WebhookSummary }) {
  if (summary.attempts !== undefined && summary.attempts > 1) {
    return (
      <span className="retry-badge" title={`Delivered ${summary.attempts} times (LiveChat retried it)`}>
        <Badge tone="warn">×{summary.attempts}</Badge>
      </span>
    );
  }
  if (summary.retryOf !== undefined) {
    return (
      <span className="retry-badge" title="A retry: LiveChat delivered this body before">
        <Badge tone="warn">retry{summary.attempt !== undefined ? ` ${summary.attempt}` : ''}</Badge>
      </span>
    );
  }
  return null;
}
