import type { FormEvent } from 'react';
import { useAppStore } from '../../state/store-context';
import { ClientIdField, useClientId } from './client-id-field';
import { DeveloperConsoleSetup } from './developer-console-setup';

/** "Sign in with LiveChat": OAuth with PKCE in the system browser, for the app whose Client ID is given. */
export function OAuthSignIn() {
  const busy = useAppStore((s) => s.livechatBusy);
  const signIn = useAppStore((s) => s.signInLiveChat);
  const [shown, setClientId] = useClientId();

  function submit(e: FormEvent<HTMLFormElement>): void {
    e.preventDefault();
    void signIn({ mode: 'oauth', clientId: shown.trim() });
  }

  return (
    <form className="livechat-sign-in" aria-label="Sign in with LiveChat" onSubmit={submit} noValidate>
      <h3 className="livechat-subtitle">Sign in with LiveChat</h3>
      <DeveloperConsoleSetup />
      <ClientIdField value={shown} onChange={setClientId} />
      <div className="form-actions">
        <button type="submit" className="button button-small" disabled={busy || shown.trim() === ''}>
          Sign in
        </button>
      </div>
    </form>
  );
}
