import type { ConnectionState } from '@shared/api/ws-transport';
import { useAppStore } from '../../state/store-context';
import { Badge, type BadgeTone } from '../../ui/badge';

const LABELS: Record<ConnectionState, { text: string; tone: BadgeTone }> = {
  connecting: { text: 'Connecting…', tone: 'info' },
  open: { text: 'Connected', tone: 'ok' },
  reconnecting: { text: 'Reconnecting…', tone: 'warn' },
  closed: { text: 'Disconnected', tone: 'error' },
};

export function ConnectionBadge() {
  const connection = useAppStore((s) => s.connection);
  const detail = useAppStore((s) => s.connectionDetail);
  const { text, tone } = LABELS[connection];
  return (
    <span className="connection" role="status" aria-label={`Connection: ${text}`}>
      <Badge tone={tone} title={detail}>
        {text}
      </Badge>
      {connection !== 'open' && detail && <span className="connection-detail">{detail}</span>}
    </span>
  );
}
