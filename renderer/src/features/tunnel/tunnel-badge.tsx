import type { TunnelStatus } from '@shared/api/contract';
import { tunnelLabel, tunnelSentence } from '../../lib/tunnel-words';
import { useNow } from '../../lib/use-now';
import { useAppStore } from '../../state/store-context';
import { Badge } from '../../ui/badge';

type Reconnecting = Extract<TunnelStatus, { state: 'reconnecting' }>;

/** Counts down to the next retry, once a second, only while the tunnel is reconnecting. */
function CountdownBadge({ status, receivedAt }: { status: Reconnecting; receivedAt: number }) {
  const now = useNow(1000);
  const { text, tone } = tunnelLabel(status, receivedAt, now);
  return (
    <Badge tone={tone} title={tunnelSentence(status)}>
      {text}
    </Badge>
  );
}

/**
 * The tunnel's state as a coloured badge: green Online, amber while (re)connecting, red failed, grey off. `live`
 * makes it the status region the header announces (its name leaves out the countdown, which changes every second).
 */
export function TunnelBadge({ live = false }: { live?: boolean }) {
  const status = useAppStore((s) => s.tunnel);
  const receivedAt = useAppStore((s) => s.tunnelReceivedAt);
  if (status === undefined) return null;
  const label = tunnelLabel(status, receivedAt, receivedAt);
  const badge =
    status.state === 'reconnecting' ? (
      // A new status restarts the countdown from its own arrival.
      <CountdownBadge key={receivedAt} status={status} receivedAt={receivedAt} />
    ) : (
      <Badge tone={label.tone} title={tunnelSentence(status)}>
        {label.text}
      </Badge>
    );
  if (!live) return <span className="tunnel-badge">{badge}</span>;
  return (
    <span className="tunnel-badge" role="status" aria-label={`Tunnel: ${label.spoken}`}>
      {badge}
    </span>
  );
}
