import type { TriggerItem, TriggerRecord } from '@shared/api/domains/simulator';
import { useAppStore } from '../../state/store-context';
import { Badge } from '../../ui/badge';
import { destinationLabel } from './destination-picker';

function progress(r: TriggerRecord): string {
  if (r.cancelled === true) return `cancelled after ${r.items.length} of ${r.total}`;
  if (r.error !== undefined) return `stopped: ${r.error}`;
  if (!r.done) return `${r.items.length} of ${r.total} sent…`;
  const delivered = r.items.filter((i) => i.delivered).length;
  return `${delivered} of ${r.total} delivered`;
}

function itemName(r: TriggerRecord, i: TriggerItem): string {
  return `${i.action ?? 'body'} ${i.index + 1} of ${r.total}: ${i.verdict}`;
}

/** What became of the last trigger sent from the panel: each webhook's verdict, captured ids one click away. */
export function TriggerOutcome() {
  const id = useAppStore((s) => s.shownTriggerId);
  const record = useAppStore((s) => s.triggers.find((t) => t.id === id));
  const cancel = useAppStore((s) => s.cancelTrigger);
  const select = useAppStore((s) => s.select);
  if (record === undefined) return null;
  return (
    <div className="trigger-outcome">
      <div className="livechat-trigger-form">
        <h3 className="livechat-subtitle">
          {record.label} → {destinationLabel(record.destination)}
        </h3>
        <span role="status" aria-label="Trigger progress">
          <Badge tone={!record.done ? 'info' : record.items.every((i) => i.delivered) && record.cancelled !== true ? 'ok' : 'warn'}>{progress(record)}</Badge>
        </span>
        {record.seed !== undefined && <span className="muted">seed {record.seed}</span>}
        {!record.done && (
          <button type="button" className="button button-small" onClick={() => void cancel(record.id)}>
            Cancel
          </button>
        )}
      </div>
      <ol className="trigger-items" aria-label="Sent webhooks">
        {record.items.map((i) => (
          <li key={i.index} aria-label={itemName(record, i)}>
            <span className="mono">{i.action ?? 'body'}</span> <span className={i.delivered ? '' : 'form-error'}>{i.verdict}</span>
            {i.capturedId !== undefined && (
              <>
                {' '}
                <button type="button" className="button-link" onClick={() => void select(i.capturedId)}>
                  open {i.capturedId}
                </button>
              </>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
