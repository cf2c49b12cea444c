import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { SimulatorGenerated } from '@shared/api/domains/simulator';
import { useAppStore } from '../../state/store-context';
import { ActionPicker } from './action-picker';
import { BodyEditor } from './body-editor';
import { DestinationPicker, toDestination, type DestinationChoice } from './destination-picker';

const EVENT_ACTIONS = new Set(['incoming_event', 'event_updated']);
const MAX_SEED = 0xffff_ffff;

function parseSeed(text: string): number | undefined {
  if (!/^\d{1,10}$/.test(text.trim())) return undefined;
  const n = Number(text.trim());
  return n <= MAX_SEED ? n : undefined;
}

/**
 * Pick an action, see the body it makes, edit it, send it. An untouched preview is sent as its action and seed (so
 * `count` continues the same chat with fresh events); an edited one is sent byte for byte.
 */
export function ActionComposer({ destination, onDestination }: { destination: DestinationChoice; onDestination(d: DestinationChoice): void }) {
  const catalogue = useAppStore((s) => s.simulatorCatalogue);
  const generate = useAppStore((s) => s.generateTriggerBody);
  const send = useAppStore((s) => s.sendTrigger);
  const busy = useAppStore((s) => s.triggerBusy);
  const [action, setAction] = useState<string | undefined>(undefined);
  const [eventType, setEventType] = useState('message');
  const [additionalData, setAdditionalData] = useState(false);
  const [seedText, setSeedText] = useState('');
  const [count, setCount] = useState(1);
  const [generated, setGenerated] = useState<SimulatorGenerated | undefined>(undefined);
  const [text, setText] = useState('');
  const asked = useRef(0);

  const takesEventType = action !== undefined && EVENT_ACTIONS.has(action);
  const seed = parseSeed(seedText);
  const seedInvalid = seedText.trim() !== '' && seed === undefined;

  useEffect(() => {
    if (action === undefined || seedInvalid) return;
    const ask = ++asked.current;
    void generate({
      action,
      ...(takesEventType ? { eventType } : {}),
      ...(additionalData ? { additionalData } : {}),
      ...(seed === undefined ? {} : { seed }),
    }).then((g) => {
      // Only the newest answer counts: the user may have picked again meanwhile.
      if (g === undefined || ask !== asked.current) return;
      setGenerated(g);
      setText(g.body);
    });
  }, [action, eventType, additionalData, seed, seedInvalid, takesEventType, generate]);

  const edited = generated !== undefined && text !== generated.body;
  const urlMissing = destination.kind === 'url' && destination.url.trim() === '';

  async function submit(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    const dest = toDestination(destination);
    if (generated !== undefined && !edited) {
      await send({
        action: generated.action,
        seed: generated.seed,
        startAt: generated.startAt,
        ...(takesEventType ? { eventType } : {}),
        ...(additionalData ? { additionalData } : {}),
        count,
        destination: dest,
      });
    } else {
      await send({ body: text, count, destination: dest });
    }
  }

  return (
    <form className="trigger-composer" aria-label="Trigger an action" onSubmit={(e) => void submit(e)}>
      <div className="trigger-column">
        <ActionPicker catalogue={catalogue} value={action} onPick={setAction} />
        <div className="trigger-options">
          {takesEventType && (
            <label className="trigger-check">
              Event type
              <select aria-label="Event type" value={eventType} onChange={(e) => setEventType(e.target.value)}>
                {(catalogue?.eventTypes ?? []).map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label className="trigger-check">
            <input type="checkbox" checked={additionalData} onChange={(e) => setAdditionalData(e.target.checked)} />
            additional_data
          </label>
          <label className="trigger-check">
            Seed
            <input
              className="text-input trigger-seed"
              aria-label="Seed"
              aria-invalid={seedInvalid}
              inputMode="numeric"
              placeholder={generated === undefined ? 'random' : `random (${generated.seed})`}
              value={seedText}
              onChange={(e) => setSeedText(e.target.value)}
            />
          </label>
          {seedInvalid && <span className="form-error">A seed is a whole number from 0 to {MAX_SEED}.</span>}
        </div>
      </div>
      <div className="trigger-column">
        <BodyEditor text={text} onChange={setText} edited={edited} />
        <DestinationPicker value={destination} onChange={onDestination} />
        <div className="livechat-trigger-form">
          <label className="trigger-check">
            Count
            <input
              type="number"
              className="text-input trigger-count"
              aria-label="Count"
              min={1}
              max={100}
              value={count}
              onChange={(e) => setCount(Math.min(100, Math.max(1, Math.round(Number(e.target.value) || 1))))}
            />
          </label>
          <button type="submit" className="button button-small" disabled={busy || text.trim() === '' || urlMissing}>
            Send
          </button>
          {edited && (
            <button type="button" className="button button-small" onClick={() => setText(generated.body)}>
              Undo edits
            </button>
          )}
        </div>
      </div>
    </form>
  );
}
