import type { SimulatorDestination } from '@shared/api/domains/simulator';

export interface DestinationChoice {
  kind: SimulatorDestination['kind'];
  url: string;
}

export function toDestination(d: DestinationChoice): SimulatorDestination {
  return d.kind === 'url' ? { kind: 'url', url: d.url.trim() } : { kind: d.kind };
}

export function destinationLabel(d: SimulatorDestination): string {
  if (d.kind === 'self') return 'LiveHook';
  if (d.kind === 'sandbox') return 'sandbox LiveChat';
  return d.url;
}

const CHOICES: Array<{ kind: SimulatorDestination['kind']; label: string; hint: string }> = [
  { kind: 'self', label: 'LiveHook itself', hint: 'appears in the list as source simulator' },
  { kind: 'url', label: 'A URL', hint: 'your service, with LiveChat’s retries (the delivery policy)' },
  { kind: 'sandbox', label: 'Sandbox LiveChat', hint: 'to what is registered there, with its secret' },
];

/** Where the webhook goes. */
export function DestinationPicker({ value, onChange }: { value: DestinationChoice; onChange(next: DestinationChoice): void }) {
  return (
    <fieldset className="trigger-destination">
      <legend className="livechat-subtitle">Send to</legend>
      {CHOICES.map((c) => (
        <label key={c.kind} className="trigger-check" title={c.hint}>
          <input type="radio" name="trigger-destination" checked={value.kind === c.kind} onChange={() => onChange({ ...value, kind: c.kind })} />
          {c.label}
        </label>
      ))}
      {value.kind === 'url' && (
        <input
          type="url"
          className="text-input"
          aria-label="Target URL"
          placeholder="http://localhost:3000/webhooks"
          value={value.url}
          onChange={(e) => onChange({ ...value, url: e.target.value })}
        />
      )}
    </fieldset>
  );
}
