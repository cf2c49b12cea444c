import { REQUIRED_SCOPES } from '@shared/api/domains/livechat';
import { formatDateTime } from '../../lib/format';
import { useAppStore } from '../../state/store-context';
import { FieldList } from '../detail/field-list';

const none = <span className="muted">—</span>;

/** Who is signed in, how, with which scopes (missing ones marked) and until when; Sign out. */
export function AccountFacts() {
  const account = useAppStore((s) => s.livechat?.account ?? undefined);
  const mode = useAppStore((s) => s.livechat?.mode);
  const busy = useAppStore((s) => s.livechatBusy);
  const signOut = useAppStore((s) => s.signOutLiveChat);
  if (account === undefined) return null;
  const missing = new Set(account.missingScopes);
  const scopes =
    account.scopes === null ? (
      <span className="muted">not readable for this sign-in (needs {REQUIRED_SCOPES.join(', ')})</span>
    ) : (
      <span className="livechat-scopes">
        {account.scopes.map((scope) => (
          <code key={scope}>{scope}</code>
        ))}
        {account.missingScopes.map((scope) => (
          <code key={`missing-${scope}`} className="livechat-scope-missing" title="Required by LiveHook, not granted">
            missing: {scope}
          </code>
        ))}
      </span>
    );
  const how = mode === 'sandbox' ? 'Sandbox (built-in LiveChat stand-in)' : account.method === 'oauth' ? 'LiveChat (OAuth)' : 'LiveChat (Personal Access Token)';
  return (
    <div className="livechat-account">
      <FieldList
        className="livechat-facts"
        fields={[
          { label: 'Account', value: account.accountId === null ? none : <span className="mono">{account.accountId}</span> },
          { label: 'Organization', value: account.organizationId === null ? none : <span className="mono">{account.organizationId}</span> },
          { label: 'Mode', value: how },
          { label: 'Owner Client ID', value: <span className="mono">{account.clientId}</span> },
          { label: 'Scopes', value: scopes },
          { label: 'Expires', value: account.expiresAt === null ? <span className="muted">does not expire</span> : formatDateTime(account.expiresAt) },
          ...(account.region !== null ? [{ label: 'Region', value: account.region }] : []),
        ]}
      />
      {missing.size > 0 && (
        <p className="form-error" role="note">
          Missing scopes: {[...missing].join(', ')}. Add them to the app (or the token) and sign in again.
        </p>
      )}
      <div>
        <button type="button" className="button button-small" disabled={busy} onClick={() => void signOut()}>
          Sign out
        </button>
      </div>
    </div>
  );
}
