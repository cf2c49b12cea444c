import { formatMs } from '../../lib/format';
import { deliveryOutcome } from '../../lib/livechat-words';
import { useAppStore } from '../../state/store-context';
import { Badge } from '../../ui/badge';

/** The sandbox's recent delivery attempts, newest first. */
export function DeliveryList() {
  const deliveries = useAppStore((s) => s.sandboxDeliveries);
  if (deliveries.length === 0) return <p className="muted">No deliveries yet: trigger an event.</p>;
  return (
    <ol className="livechat-deliveries" aria-label="Delivery attempts">
      {deliveries.map((d) => {
        const outcome = deliveryOutcome(d);
        const answer = d.status !== undefined ? `HTTP ${d.status}` : (d.error ?? 'no answer');
        return (
          <li key={`${d.triggerId}-${d.webhookId}-${d.attempt}`} aria-label={`${d.action}, attempt ${d.attempt}, ${answer}, ${outcome.text}`}>
            <span className="mono">{d.action}</span>
            <span className="muted">attempt {d.attempt}</span>
            <span>{answer}</span>
            <span className="tabular">{formatMs(d.latencyMs)}</span>
            <Badge tone={outcome.tone}>{outcome.text}</Badge>
          </li>
        );
      })}
    </ol>
  );
}
