import type { DeliveryTarget, ReplayDestination } from '@shared/api/domains/delivery';
import { useAppStore } from '../../state/store-context';

/** One shared empty list: a selector must not return a new array on every call (zustand would loop). */
const NO_TARGETS: readonly DeliveryTarget[] = [];

/** A saved target, or any URL typed in; `value` is the select's value: a target id or '' for the URL field. */
export function DestinationPicker({
  choice,
  url,
  onChoice,
  onUrl,
}: {
  choice: string;
  url: string;
  onChoice(choice: string): void;
  onUrl(url: string): void;
}) {
  const targets = useAppStore((s) => s.forwarding?.targets ?? NO_TARGETS);
  return (
    <span className="delivery-inline">
      <label>
        Send to{' '}
        <select aria-label="Send to" value={choice} onChange={(e) => onChoice(e.target.value)}>
          {targets.map((t) => (
            <option key={t.id} value={t.id}>
              {t.url}
            </option>
          ))}
          <option value="">Another URL…</option>
        </select>
      </label>
      {choice === '' && <input aria-label="Replay URL" type="url" value={url} onChange={(e) => onUrl(e.target.value)} size={36} />}
    </span>
  );
}

export function destinationOf(choice: string, url: string): ReplayDestination | undefined {
  if (choice !== '') return { targetId: choice };
  return url.trim() === '' ? undefined : { url: url.trim() };
}
