import { formatWhen } from '../../lib/format';
import { tunnelSentence } from '../../lib/tunnel-words';
import { useAppStore } from '../../state/store-context';
import { FieldList } from '../detail/field-list';
import { OnlineDuration } from './online-duration';

/** The state in words, time online, reconnects and the last error, each findable by its label. */
export function TunnelFacts() {
  const sentence = useAppStore((s) => (s.tunnel === undefined ? undefined : tunnelSentence(s.tunnel)));
  const onlineSince = useAppStore((s) => (s.tunnel?.state === 'online' ? (s.tunnel.onlineSince ?? s.tunnel.since) : undefined));
  const reconnects = useAppStore((s) => s.tunnel?.reconnects ?? 0);
  const lastError = useAppStore((s) => s.tunnel?.lastError ?? undefined);
  const lastErrorAt = useAppStore((s) => s.tunnel?.lastErrorAt ?? undefined);
  return (
    <FieldList
      className="tunnel-facts"
      fields={[
        { label: 'State', value: sentence ?? <span className="muted">asking the engine…</span> },
        {
          label: 'Time online',
          value: onlineSince !== undefined ? <OnlineDuration since={onlineSince} /> : <span className="muted">not online</span>,
        },
        { label: 'Reconnects', value: <span className="tabular">{reconnects.toLocaleString('en-US')}</span> },
        {
          label: 'Last error',
          value:
            lastError === undefined ? (
              <span className="muted">none</span>
            ) : (
              <>
                {lastError}
                {lastErrorAt !== undefined && <span className="muted"> (at {formatWhen(lastErrorAt)})</span>}
              </>
            ),
        },
      ]}
    />
  );
}
