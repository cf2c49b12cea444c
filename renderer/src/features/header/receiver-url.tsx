import { useAppStore } from '../../state/store-context';
import { CopyButton } from '../../ui/copy-button';

export function ReceiverUrl() {
  const localUrl = useAppStore((s) => s.receiver?.localUrl);
  const reportError = useAppStore((s) => s.reportError);
  if (localUrl === undefined) return <span className="receiver-url muted">Receiver starting…</span>;
  return (
    <span className="receiver-url">
      <span className="muted">Receiver</span>
      <code aria-label="Receiver URL">{localUrl}</code>
      <CopyButton text={localUrl} label="Copy receiver URL" onError={(err) => reportError('Copying the receiver URL', err)} />
    </span>
  );
}
