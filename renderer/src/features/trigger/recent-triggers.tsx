import { useAppStore } from '../../state/store-context';
import { destinationLabel } from './destination-picker';

/** This run's triggers, newest first; one click sends the same bodies to the same place again. */
export function RecentTriggers() {
  const triggers = useAppStore((s) => s.triggers);
  const repeat = useAppStore((s) => s.repeatTrigger);
  const busy = useAppStore((s) => s.triggerBusy);
  if (triggers.length === 0) return null;
  return (
    <div className="trigger-recent">
      <h3 className="livechat-subtitle">Recent</h3>
      <ul className="trigger-items" aria-label="Recent triggers">
        {triggers.map((t) => (
          <li key={t.id}>
            <span className="muted tabular">{new Date(t.at).toLocaleTimeString()}</span> {t.label} → {destinationLabel(t.destination)}{' '}
            <button type="button" className="button button-small" disabled={busy} aria-label={`Repeat ${t.label}`} onClick={() => void repeat(t.id)}>
              Repeat
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
