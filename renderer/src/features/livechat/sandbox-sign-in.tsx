import { useAppStore } from '../../state/store-context';

/** The built-in LiveChat stand-in: the whole flow with no account and no internet. */
export function SandboxSignIn() {
  const busy = useAppStore((s) => s.livechatBusy);
  const signIn = useAppStore((s) => s.signInLiveChat);
  return (
    <div className="livechat-sign-in" role="group" aria-label="Sandbox">
      <h3 className="livechat-subtitle">Sandbox</h3>
      <p className="hint">Try everything offline with a built-in LiveChat stand-in.</p>
      <div>
        <button type="button" className="button button-small" disabled={busy} onClick={() => void signIn({ mode: 'sandbox' })}>
          Sandbox account
        </button>
      </div>
    </div>
  );
}
