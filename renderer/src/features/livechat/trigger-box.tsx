import { useState, type FormEvent } from 'react';
import { useAppStore } from '../../state/store-context';
import { DeliveryList } from './delivery-list';

/** Sandbox only: make the stand-in LiveChat send one event to every matching registration. */
export function TriggerBox() {
  const actions = useAppStore((s) => s.sandboxActions);
  const trigger = useAppStore((s) => s.triggerSandbox);
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const [sending, setSending] = useState(false);
  const action = picked ?? actions?.[0];

  async function submit(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    if (action === undefined) return;
    setSending(true);
    try {
      await trigger(action);
    } finally {
      setSending(false);
    }
  }

  return (
    <div className="livechat-trigger">
      <form className="livechat-trigger-form" aria-label="Trigger" onSubmit={(e) => void submit(e)}>
        <h3 className="livechat-subtitle">Trigger</h3>
        <select aria-label="Action to trigger" value={action ?? ''} disabled={actions === undefined} onChange={(e) => setPicked(e.target.value)}>
          {(actions ?? []).map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
        <button type="submit" className="button button-small" disabled={action === undefined || sending}>
          Send
        </button>
      </form>
      <DeliveryList />
    </div>
  );
}
