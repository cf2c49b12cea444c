import { useState, type FormEvent } from 'react';
import { useAppStore } from '../../state/store-context';

/** Forwarding on/off, its mode, and the developer's service URLs (each optionally limited to some actions). */
export function TargetsSection() {
  const forwarding = useAppStore((s) => s.forwarding);
  const saveTarget = useAppStore((s) => s.saveTarget);
  const removeTarget = useAppStore((s) => s.removeTarget);
  const configure = useAppStore((s) => s.configureForwarding);
  const [url, setUrl] = useState('http://localhost:3000/livechat/webhooks');
  const [actions, setActions] = useState('');

  async function add(e: FormEvent): Promise<void> {
    e.preventDefault();
    const list = actions.split(',').map((a) => a.trim()).filter((a) => a !== '');
    if (await saveTarget({ url: url.trim(), ...(list.length > 0 ? { actions: list } : {}) })) setActions('');
  }

  if (!forwarding) return <p className="muted">Loading…</p>;
  return (
    <section className="delivery-section" aria-label="Targets">
      <h3>Targets</h3>
      <label className="delivery-inline">
        <input type="checkbox" checked={forwarding.enabled} onChange={(e) => void configure({ enabled: e.target.checked })} />
        Forward each captured webhook to the matching targets
      </label>
      <fieldset className="delivery-inline">
        <legend>What LiveChat hears</legend>
        <label>
          <input type="radio" name="forward-mode" checked={forwarding.mode === 'acknowledge'} onChange={() => void configure({ mode: 'acknowledge' })} />
          Acknowledge (200 at once, forward after)
        </label>
        <label>
          <input type="radio" name="forward-mode" checked={forwarding.mode === 'pass-through'} onChange={() => void configure({ mode: 'pass-through' })} />
          Pass-through (the first target’s status; 504 if it takes longer than the timeout)
        </label>
      </fieldset>
      <ul className="target-list" aria-label="Saved targets">
        {forwarding.targets.map((t) => (
          <li key={t.id}>
            <label className="delivery-inline">
              <input type="checkbox" aria-label={`Enable ${t.url}`} checked={t.enabled} onChange={(e) => void saveTarget({ ...t, enabled: e.target.checked })} />
              <code>{t.url}</code>
            </label>
            <span className="muted">{t.actions ? t.actions.join(', ') : 'every action'}</span>
            <button type="button" className="button button-small" aria-label={`Remove ${t.url}`} onClick={() => void removeTarget(t.id)}>
              Remove
            </button>
          </li>
        ))}
        {forwarding.targets.length === 0 && <li className="muted">No target yet: add your service’s webhook URL.</li>}
      </ul>
      <form className="delivery-inline" onSubmit={(e) => void add(e)}>
        <input aria-label="Target URL" type="url" required value={url} onChange={(e) => setUrl(e.target.value)} size={40} />
        <input aria-label="Only these actions (comma-separated)" placeholder="actions (optional): incoming_chat, chat_deactivated" value={actions} onChange={(e) => setActions(e.target.value)} size={30} />
        <button type="submit" className="button button-small">
          Add target
        </button>
      </form>
    </section>
  );
}
