import { OWNER_WORDS } from '../../lib/livechat-words';
import { useAppStore } from '../../state/store-context';
import { Badge } from '../../ui/badge';

/** What LiveChat lists for the owner Client ID: action, URL, owner, whether it reaches this LiveHook now. */
export function RegistrationsList() {
  const view = useAppStore((s) => s.webhooksView);
  const busy = useAppStore((s) => s.livechatBusy);
  const unregister = useAppStore((s) => s.unregisterWebhooks);
  const refresh = useAppStore((s) => s.refreshWebhooks);
  if (view === undefined) return <p className="muted">Reading registrations…</p>;
  return (
    <div className="livechat-registrations">
      <div className="livechat-registrations-head">
        <h3 className="livechat-subtitle">Registered webhooks</h3>
        <span className="muted">
          {view.publicUrl !== null ? (
            <>
              pointing at <code>{view.publicUrl}</code>
            </>
          ) : (
            'no URL to point at yet'
          )}
        </span>
        <button type="button" className="button button-small" onClick={() => void refresh()}>
          Re-list
        </button>
      </div>
      {view.webhooks.length === 0 ? (
        <p className="muted">None registered for this Client ID.</p>
      ) : (
        <table className="livechat-table" aria-label="Registered webhooks">
          <thead>
            <tr>
              <th scope="col">Action</th>
              <th scope="col">URL</th>
              <th scope="col">Owner</th>
              <th scope="col">Current URL</th>
              <th scope="col">
                <span className="visually-hidden">Unregister</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {view.webhooks.map((w) => (
              <tr key={w.id}>
                <td className="mono">{w.action}</td>
                <td className="mono livechat-url">{w.url}</td>
                <td>{OWNER_WORDS[w.owner]}</td>
                <td>{w.pointsAtPublicUrl ? <Badge tone="ok">yes</Badge> : <Badge tone="warn">no — old URL</Badge>}</td>
                <td>
                  <button
                    type="button"
                    className="button button-small"
                    aria-label={`Unregister ${w.action} (${w.id})`}
                    disabled={busy}
                    onClick={() => void unregister([w.id])}
                  >
                    Unregister
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
