import { useAppStore } from '../../state/store-context';
import { CopyButton } from '../../ui/copy-button';

/** A browser sign-in waiting for LiveChat's redirect, with the authorize URL in case no browser opened. */
export function PendingSignIn() {
  const pending = useAppStore((s) => s.livechat?.pending ?? undefined);
  const busy = useAppStore((s) => s.livechatBusy);
  const cancel = useAppStore((s) => s.cancelLiveChatSignIn);
  const reportError = useAppStore((s) => s.reportError);
  return (
    <div className="livechat-pending" role="status" aria-label="Waiting for the browser">
      <p>Waiting for the browser… Approve LiveHook in the LiveChat page that opened.</p>
      {pending !== undefined && (
        <div className="livechat-copy-row">
          <span className="form-label">Authorize URL</span>
          <code aria-label="Authorize URL">{pending.authorizeUrl}</code>
          <CopyButton text={pending.authorizeUrl} label="Copy authorize URL" onError={(err) => reportError('Copying the authorize URL', err)} />
        </div>
      )}
      <div>
        <button type="button" className="button button-small" disabled={busy} onClick={() => void cancel()}>
          Cancel
        </button>
      </div>
    </div>
  );
}
