import { useAppStore } from '../../state/store-context';
import { Badge } from '../../ui/badge';
import { AttemptTimeline } from './attempt-timeline';
import { LatencyHistogram } from './latency-histogram';

const SHOWN = 30;

/** Per target, the latency histogram; below, the latest deliveries drawn as attempt timelines. */
export function DeliveriesSection() {
  const deliveries = useAppStore((s) => s.deliveries);
  const stats = useAppStore((s) => s.deliveryStats);
  return (
    <section className="delivery-section delivery-wide" aria-label="Deliveries">
      <h3>Latency per target</h3>
      <div className="histograms">
        {stats.map((t) => (
          <LatencyHistogram key={t.key} stats={t} />
        ))}
        {stats.length === 0 && <p className="muted">No delivery yet.</p>}
      </div>
      <h3>Deliveries</h3>
      <ol className="delivery-list" aria-label="Delivery timelines">
        {deliveries.slice(0, SHOWN).map((d) => (
          <li key={d.deliveryId} data-delivery={d.deliveryId}>
            <div className="delivery-row-head">
              <Badge tone={d.delivered ? 'ok' : d.done ? 'error' : 'info'}>{d.verdict}</Badge>
              <span className="muted">
                {d.kind}
                {d.edited ? ' (edited)' : ''} · {d.action ?? 'webhook'} → <code>{d.url}</code>
              </span>
            </div>
            <AttemptTimeline delivery={d} />
          </li>
        ))}
      </ol>
    </section>
  );
}
