import { useState, type FormEvent } from 'react';
import { useAppStore } from '../../state/store-context';
import { ClientIdField, useClientId } from './client-id-field';

/** The quick alternative: account id + Personal Access Token, and the Client ID that will own the webhooks. */
export function PatSignIn() {
  const busy = useAppStore((s) => s.livechatBusy);
  const signIn = useAppStore((s) => s.signInLiveChat);
  const [accountId, setAccountId] = useState('');
  const [pat, setPat] = useState('');
  const [shownClientId, setClientId] = useClientId();
  const ready = accountId.trim() !== '' && pat !== '' && shownClientId.trim() !== '';

  async function submit(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    // The token is forgotten here once the engine has it: it lives only in the engine's SecretStore.
    if (await signIn({ mode: 'pat', accountId: accountId.trim(), pat, clientId: shownClientId.trim() })) setPat('');
  }

  return (
    <form className="livechat-sign-in" aria-label="Personal Access Token" onSubmit={(e) => void submit(e)} noValidate>
      <h3 className="livechat-subtitle">Personal Access Token</h3>
      <label className="form-row">
        <span className="form-label">Account ID</span>
        <input type="text" className="text-input" spellCheck={false} autoCapitalize="off" value={accountId} onChange={(e) => setAccountId(e.target.value)} />
      </label>
      <label className="form-row">
        <span className="form-label">Personal Access Token</span>
        <input type="password" className="text-input" autoComplete="off" value={pat} onChange={(e) => setPat(e.target.value)} />
      </label>
      <ClientIdField value={shownClientId} onChange={setClientId} />
      <div className="form-actions">
        <button type="submit" className="button button-small" disabled={busy || !ready}>
          Sign in
        </button>
      </div>
    </form>
  );
}
