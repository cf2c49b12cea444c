import { formatDuration } from '../../lib/format';
import { useNow } from '../../lib/use-now';

/** "online for 3 min 12 s", re-rendered once a second while it is on screen (only in the open panel). */
export function OnlineDuration({ since }: { since: string }) {
  const now = useNow(1000);
  const start = new Date(since).getTime();
  if (Number.isNaN(start)) return <span className="muted">online</span>;
  return <span className="tabular">online for {formatDuration(now - start)}</span>;
}
