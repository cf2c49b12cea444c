import { formatWhen } from '../../lib/format';
import { useAppStore } from '../../state/store-context';

/** The public URL moved: webhooks registered in LiveChat still point at the old one. Stays until dismissed. */
export function UrlChangeNotice() {
  const change = useAppStore((s) => s.tunnelUrlChange);
  const dismiss = useAppStore((s) => s.dismissTunnelUrlChange);
  if (change === undefined) return null;
  return (
    <div className="url-change-notice" role="status" aria-label="Public URL changed">
      <span className="url-change-text">
        Public URL changed from <code>{change.previousUrl}</code> to <code>{change.url}</code> — LiveChat webhooks
        registered to the old URL must be re-pointed. <span className="muted">({formatWhen(change.at)})</span>
      </span>
      <button type="button" className="button button-small" aria-label="Dismiss public URL change notice" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
