import { useState, type FormEvent } from 'react';
import type { ResponseRule, RuleAddParams } from '@shared/api/domains/delivery';
import { useAppStore } from '../../state/store-context';

function describe(r: ResponseRule): string {
  const what = r.answer.drop ? 'drop the connection' : `answer ${r.answer.status}`;
  const delay = r.answer.delayMs > 0 ? ` after ${r.answer.delayMs / 1000} s` : '';
  const match = r.match.kind === 'all' ? 'every webhook' : r.match.kind === 'action' ? r.match.actions.join(', ') : `paths under ${r.match.prefix}`;
  const nth = r.everyNth > 1 ? ` (1 in ${r.everyNth})` : '';
  const scope =
    r.scope.kind === 'count' ? `${r.remaining ?? 0} left` : r.scope.kind === 'duration' ? `until ${r.expiresAt ? new Date(r.expiresAt).toLocaleTimeString() : '?'}` : 'until turned off';
  return `${what}${delay} to ${match}${nth}; ${scope}; applied ${r.applied}×`;
}

/** What LiveHook answers LiveChat: one-click presets and custom rules, each switchable. */
export function RulesSection() {
  const rules = useAppStore((s) => s.responseRules);
  const addPreset = useAppStore((s) => s.addRulePreset);
  const addRule = useAppStore((s) => s.addRule);
  const setEnabled = useAppStore((s) => s.setRuleEnabled);
  const remove = useAppStore((s) => s.removeRule);
  const [status, setStatus] = useState('500');
  const [delay, setDelay] = useState('0');
  const [drop, setDrop] = useState(false);
  const [matchText, setMatchText] = useState('');
  const [count, setCount] = useState('');

  function submit(e: FormEvent): void {
    e.preventDefault();
    const m = matchText.trim();
    const rule: RuleAddParams = {
      name: `Custom: ${drop ? 'drop' : status}${Number(delay) > 0 ? ` after ${delay} ms` : ''}`,
      match: m === '' ? { kind: 'all' } : m.startsWith('/') ? { kind: 'path', prefix: m } : { kind: 'action', actions: m.split(',').map((a) => a.trim()) },
      answer: { status: Number(status), delayMs: Number(delay), ...(drop ? { drop: true } : {}) },
      scope: count.trim() === '' ? { kind: 'manual' } : { kind: 'count', count: Number(count) },
    };
    void addRule(rule);
  }

  return (
    <section className="delivery-section" aria-label="Response rules">
      <h3>Response rules</h3>
      <div className="delivery-inline">
        <button type="button" className="button button-small" onClick={() => void addPreset('outage-2m')}>
          Simulate outage for 2 minutes
        </button>
        <button type="button" className="button button-small" onClick={() => void addPreset('slow-12s')}>
          Answer slowly (12 s)
        </button>
        <button type="button" className="button button-small" onClick={() => void addPreset('fail-every-other')}>
          Fail every other delivery
        </button>
      </div>
      <ul className="rule-list" aria-label="Rules">
        {rules.map((r) => (
          <li key={r.id}>
            <label className="delivery-inline">
              <input type="checkbox" aria-label={`Rule ${r.name} on`} checked={r.enabled} onChange={(e) => void setEnabled(r.id, e.target.checked)} />
              <strong>{r.name}</strong>
            </label>
            <span className="muted">{describe(r)}</span>
            <button type="button" className="button button-small" aria-label={`Remove rule ${r.name}`} onClick={() => void remove(r.id)}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <form className="delivery-inline" onSubmit={submit} aria-label="New rule">
        <input aria-label="Rule status" value={status} onChange={(e) => setStatus(e.target.value)} size={4} />
        <input aria-label="Rule delay (ms)" value={delay} onChange={(e) => setDelay(e.target.value)} size={6} />
        <label>
          <input type="checkbox" checked={drop} onChange={(e) => setDrop(e.target.checked)} /> drop connection
        </label>
        <input aria-label="Rule match (actions, or a /path; empty = all)" placeholder="actions or /path (empty = all)" value={matchText} onChange={(e) => setMatchText(e.target.value)} />
        <input aria-label="Rule next N webhooks (empty = until off)" placeholder="next N (empty = until off)" value={count} onChange={(e) => setCount(e.target.value)} size={8} />
        <button type="submit" className="button button-small">
          Add rule
        </button>
      </form>
    </section>
  );
}
