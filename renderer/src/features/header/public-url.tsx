import { useAppStore } from '../../state/store-context';
import { CopyButton } from '../../ui/copy-button';
import { TunnelBadge } from '../tunnel/tunnel-badge';

/** Beside the receiver URL: the public URL to give LiveChat while the tunnel is online, and the tunnel's state. */
export function PublicUrl() {
  const url = useAppStore((s) => (s.tunnel?.state === 'online' ? s.tunnel.url : undefined));
  const reportError = useAppStore((s) => s.reportError);
  return (
    <span className="public-url">
      {url !== undefined && (
        <>
          <span className="muted">Public</span>
          <code aria-label="Public URL" title={url}>
            {url}
          </code>
          <CopyButton text={url} label="Copy public URL" onError={(err) => reportError('Copying the public URL', err)} />
        </>
      )}
      <TunnelBadge live />
    </span>
  );
}
