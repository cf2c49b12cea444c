import { sampleCurl } from '../../lib/sample-webhook';
import { useAppStore } from '../../state/store-context';
import { CopyButton } from '../../ui/copy-button';

function Command({ text, name, copyLabel }: { text: string; name: string; copyLabel: string }) {
  const reportError = useAppStore((s) => s.reportError);
  return (
    <div className="command">
      <pre>
        <code aria-label={name}>{text}</code>
      </pre>
      <CopyButton text={text} label={copyLabel} onError={(err) => reportError('Copying the command', err)} />
    </div>
  );
}

/**
 * First run: nothing captured yet. Shows how to send a first webhook — through the public URL while the tunnel is
 * online (the way LiveChat will), and to the local receiver.
 */
export function EmptyState() {
  const localUrl = useAppStore((s) => s.receiver?.localUrl);
  const publicUrl = useAppStore((s) => (s.tunnel?.state === 'online' ? s.tunnel.url : undefined));
  const target = publicUrl === undefined ? 'the receiver' : 'the public URL';
  return (
    <section className="empty-state" aria-labelledby="empty-state-title">
      <h2 id="empty-state-title">No webhooks yet</h2>
      <p>
        Webhooks sent to the receiver show up here the moment they arrive. Point a LiveChat webhook at {target}, or send
        a test one from a terminal:
      </p>
      {publicUrl !== undefined && <Command text={sampleCurl(publicUrl)} name="Sample curl command" copyLabel="Copy curl command" />}
      {localUrl === undefined ? (
        <p className="muted">Waiting for the receiver address…</p>
      ) : publicUrl === undefined ? (
        <Command text={sampleCurl(localUrl)} name="Sample curl command" copyLabel="Copy curl command" />
      ) : (
        <>
          <p className="muted">or locally:</p>
          <Command text={sampleCurl(localUrl)} name="Local curl command" copyLabel="Copy local curl command" />
        </>
      )}
      <p className="muted">Any path and any body are accepted; LiveHook answers 200 once the webhook is safely on disk.</p>
    </section>
  );
}
