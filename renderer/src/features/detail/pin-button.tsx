import { memo } from 'react';
import { useAppStore } from '../../state/store-context';

export interface StarProps {
  id: string;
  pinned: boolean;
  onPin(id: string, pinned: boolean): void;
  /** In a list row: an icon only, out of the tab order (the list moves with the keyboard, `p` pins). */
  compact?: boolean;
}

/** A star: pinned webhooks survive retention. Takes its action as a prop so a list row adds no store subscription. */
export const Star = memo(function Star({ id, pinned, onPin, compact = false }: StarProps) {
  return (
    <button
      type="button"
      className={`pin-button${pinned ? ' pin-on' : ''}${compact ? ' pin-compact' : ' button button-small'}`}
      aria-pressed={pinned}
      title={pinned ? 'Pinned: kept whatever the retention. Click to unpin (p)' : 'Pin: keep whatever the retention (p)'}
      tabIndex={compact ? -1 : undefined}
      onClick={(e) => {
        e.stopPropagation();
        onPin(id, !pinned);
      }}
    >
      {pinned ? '★' : '☆'}
      {compact ? <span className="visually-hidden">{pinned ? 'Unpin' : 'Pin'}</span> : pinned ? ' Pinned' : ' Pin'}
    </button>
  );
});

/** The detail pane's star. */
export function PinButton({ id, pinned }: { id: string; pinned: boolean }) {
  const pin = useAppStore((s) => s.pin);
  return <Star id={id} pinned={pinned} onPin={(i, p) => void pin(i, p)} />;
}
