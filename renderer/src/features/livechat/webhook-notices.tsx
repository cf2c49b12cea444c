import { formatWhen, plural } from '../../lib/format';
import { useAppStore } from '../../state/store-context';

/**
 * What needs attention about the registrations: a re-point in progress (LiveChat may keep using the old URL for up to
 * 2 minutes), webhooks that vanished (Restore), stale ones at dead URLs (Clean up), and problems from the last check.
 */
export function WebhookNotices() {
  const repointing = useAppStore((s) => s.webhooksView?.repointing ?? undefined);
  const vanished = useAppStore((s) => s.webhooksView?.vanished);
  const stale = useAppStore((s) => s.webhooksView?.stale);
  const problems = useAppStore((s) => s.webhooksView?.problems);
  const busy = useAppStore((s) => s.livechatBusy);
  const restore = useAppStore((s) => s.restoreWebhooks);
  const cleanup = useAppStore((s) => s.cleanupWebhooks);
  return (
    <>
      {repointing !== undefined && (
        <p className="notice" role="status" aria-label="Re-pointing webhooks">
          Re-pointed from <code>{repointing.from}</code> to <code>{repointing.to}</code>. LiveChat may keep using the old
          URL for up to 2 minutes (until {formatWhen(repointing.windowEndsAt)}). {repointing.message}
        </p>
      )}
      {vanished !== undefined && vanished.length > 0 && (
        <div className="notice livechat-vanished" role="group" aria-label="Vanished webhooks">
          <p>
            {plural(vanished.length, 'webhook', 'webhooks')} LiveHook registered no longer listed by LiveChat (saving the
            Console’s Chat Webhooks block removes API registrations):
          </p>
          <ul>
            {vanished.map((v) => (
              <li key={v.id}>
                <span className="mono">{v.action}</span> <span className="muted">→ {v.url}</span>
              </li>
            ))}
          </ul>
          <button type="button" className="button button-small" disabled={busy} onClick={() => void restore()}>
            Restore
          </button>
        </div>
      )}
      {stale !== undefined && stale.length > 0 && (
        <div className="notice livechat-stale" role="group" aria-label="Stale webhooks">
          <p>{plural(stale.length, 'registration', 'registrations')} of this LiveHook point at a URL that is gone:</p>
          <ul>
            {stale.map((w) => (
              <li key={w.id}>
                <span className="mono">{w.action}</span> <span className="muted">→ {w.url}</span>
              </li>
            ))}
          </ul>
          <button type="button" className="button button-small" disabled={busy} onClick={() => void cleanup()}>
            Clean up
          </button>
        </div>
      )}
      {problems !== undefined && problems.length > 0 && (
        <ul className="form-error" aria-label="Webhook problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </>
  );
}
