import { sampleCurl } from '../../lib/sample-webhook';
import { useAppStore } from '../../state/store-context';
import { CopyButton } from '../../ui/copy-button';

/** First run: nothing captured yet. Shows how to send a first webhook to this receiver. */
export function EmptyState() {
  const localUrl = useAppStore((s) => s.receiver?.localUrl);
  const reportError = useAppStore((s) => s.reportError);
  return (
    <section className="empty-state" aria-labelledby="empty-state-title">
      <h2 id="empty-state-title">No webhooks yet</h2>
      <p>
        Webhooks sent to the receiver show up here the moment they arrive. Point a LiveChat webhook at the receiver, or
        send a test one from a terminal:
      </p>
      {localUrl === undefined ? (
        <p className="muted">Waiting for the receiver address…</p>
      ) : (
        <div className="command">
          <pre>
            <code aria-label="Sample curl command">{sampleCurl(localUrl)}</code>
          </pre>
          <CopyButton
            text={sampleCurl(localUrl)}
            label="Copy curl command"
            onError={(err) => reportError('Copying the command', err)}
          />
        </div>
      )}
      <p className="muted">Any path and any body are accepted; LiveHook answers 200 once the webhook is safely on disk.</p>
    </section>
  );
}
