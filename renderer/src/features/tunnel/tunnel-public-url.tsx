import { useAppStore } from '../../state/store-context';
import { CopyButton } from '../../ui/copy-button';

/** The public URL (or the last one, while the tunnel is down) and what it does and does not expose. */
export function TunnelPublicUrl() {
  const onlineUrl = useAppStore((s) => (s.tunnel?.state === 'online' ? s.tunnel.url : undefined));
  const lastUrl = useAppStore((s) => s.tunnel?.lastUrl ?? undefined);
  const reportError = useAppStore((s) => s.reportError);
  let value;
  if (onlineUrl !== undefined) {
    value = (
      <>
        <code aria-label="Public URL">{onlineUrl}</code>
        <CopyButton text={onlineUrl} label="Copy public URL" onError={(err) => reportError('Copying the public URL', err)} />
      </>
    );
  } else if (lastUrl !== undefined) {
    value = (
      <>
        <code className="stale" aria-label="Last public URL">
          {lastUrl}
        </code>
        <span className="muted">not reachable now</span>
      </>
    );
  } else {
    value = <span className="muted">none yet</span>;
  }
  return (
    <div className="tunnel-url">
      <div className="tunnel-url-row">
        <span className="muted">Public URL</span>
        {value}
      </div>
      <p className="hint">
        LiveChat must be able to reach this URL to deliver webhooks. Only the webhook receiver is reachable through it;
        nothing of the inspector is.
      </p>
    </div>
  );
}
