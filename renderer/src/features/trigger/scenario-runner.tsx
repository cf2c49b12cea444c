import { useState, type FormEvent } from 'react';
import { useAppStore } from '../../state/store-context';
import { DestinationPicker, toDestination, type DestinationChoice } from './destination-picker';

const SPEEDS: Array<{ value: number; label: string }> = [
  { value: 1, label: 'LiveChat’s pace' },
  { value: 10, label: '10× faster' },
  { value: 60, label: '60× faster' },
  { value: 0, label: 'All at once' },
];

function duration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** Run a built-in or saved scenario, and save the marked rows as a new one. */
export function ScenarioRunner({ destination, onDestination }: { destination: DestinationChoice; onDestination(d: DestinationChoice): void }) {
  const scenarios = useAppStore((s) => s.simulatorScenarios);
  const run = useAppStore((s) => s.runScenario);
  const busy = useAppStore((s) => s.triggerBusy);
  const marked = useAppStore((s) => s.marked.length);
  const save = useAppStore((s) => s.saveMarkedAsScenario);
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const [speed, setSpeed] = useState(10);
  const [additionalData, setAdditionalData] = useState(false);
  const [name, setName] = useState('');
  const chosen = picked ?? scenarios?.[0]?.name;
  const urlMissing = destination.kind === 'url' && destination.url.trim() === '';

  async function submit(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    if (chosen === undefined) return;
    await run({ name: chosen, speed, destination: toDestination(destination), ...(additionalData ? { additionalData } : {}) });
  }

  async function saveMarked(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    if (await save(name.trim())) setName('');
  }

  return (
    <div className="trigger-composer">
      <form className="trigger-column" aria-label="Run a scenario" onSubmit={(e) => void submit(e)}>
        <fieldset className="trigger-scenarios">
          <legend className="livechat-subtitle">Scenario</legend>
          {scenarios === undefined && <p className="muted">Asking the engine…</p>}
          {(scenarios ?? []).map((s) => (
            <label key={s.name} className="trigger-scenario">
              <input type="radio" name="trigger-scenario" checked={s.name === chosen} onChange={() => setPicked(s.name)} />
              <span>
                <strong>{s.title}</strong> <span className="muted">({s.steps} webhooks over {duration(s.durationMs)}{s.builtIn ? '' : ', saved'})</span>
                <br />
                <span className="muted">{s.description}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <div className="livechat-trigger-form">
          <label className="trigger-check">
            Pace
            <select aria-label="Pace" value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
              {SPEEDS.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
          <label className="trigger-check">
            <input type="checkbox" checked={additionalData} onChange={(e) => setAdditionalData(e.target.checked)} />
            additional_data
          </label>
          <button type="submit" className="button button-small" disabled={busy || chosen === undefined || urlMissing}>
            Run
          </button>
        </div>
      </form>
      <div className="trigger-column">
        <DestinationPicker value={destination} onChange={onDestination} />
        <form className="livechat-trigger-form" aria-label="Save a scenario" onSubmit={(e) => void saveMarked(e)}>
          <input
            className="text-input"
            aria-label="Scenario name"
            placeholder="my-scenario"
            pattern="[a-z0-9][a-z0-9\-]{0,63}"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit" className="button button-small" disabled={busy || marked === 0 || name.trim() === ''}>
            Save {marked} marked as scenario
          </button>
        </form>
        <p className="hint">Mark webhooks in the list (the checkbox column), then save them: their exact bodies replay in order, with their original spacing.</p>
      </div>
    </div>
  );
}
