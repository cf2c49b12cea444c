import { useAppStore } from '../../state/store-context';
import { Badge } from '../../ui/badge';

/** License webhooks must be enabled for the owner Client ID before LiveChat sends any license webhook. */
export function LicenseWebhooks() {
  const license = useAppStore((s) => s.licenseState);
  const busy = useAppStore((s) => s.livechatBusy);
  const setEnabled = useAppStore((s) => s.setLicenseWebhooks);
  const text = license === undefined ? 'unknown' : license.enabled ? 'enabled' : 'disabled';
  return (
    <div className="livechat-license" role="group" aria-label="License webhooks">
      <span className="muted">License webhooks</span>
      <span role="status" aria-label={`License webhooks: ${text}`}>
        <Badge tone={license === undefined ? 'neutral' : license.enabled ? 'ok' : 'warn'}>{text}</Badge>
      </span>
      <button type="button" className="button button-small" disabled={busy || license?.enabled === true} onClick={() => void setEnabled(true)}>
        Enable
      </button>
      <button type="button" className="button button-small" disabled={busy || license?.enabled === false} onClick={() => void setEnabled(false)}>
        Disable
      </button>
    </div>
  );
}
