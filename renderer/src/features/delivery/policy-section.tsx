import { useState } from 'react';
import { useAppStore } from '../../state/store-context';

/** The delivery policy every forward and replay goes through. */
export function PolicySection() {
  const policy = useAppStore((s) => s.forwarding?.policy);
  const setPolicy = useAppStore((s) => s.setDeliveryPolicy);
  const [timeout, setTimeoutText] = useState('10000');
  const [delays, setDelays] = useState('10000, 20000, 30000');
  if (!policy) return null;

  function saveCustom(): void {
    const retryDelaysMs = delays.split(',').map((d) => d.trim()).filter((d) => d !== '').map(Number);
    void setPolicy({ name: 'custom', timeoutMs: Number(timeout), retryDelaysMs });
  }

  return (
    <section className="delivery-section" aria-label="Delivery policy">
      <h3>Delivery policy</h3>
      <p className="muted">
        LiveChat (default): a 200 within 10 s counts; a non-200 or a timeout is retried 3 times, here after 10 s, 20 s
        and 30 s. LiveChat does not publish its exact schedule: this approximates it (“up to 3 retries within about a
        minute”).
      </p>
      <fieldset className="delivery-inline">
        <legend>Policy</legend>
        {(['livechat', 'single', 'custom'] as const).map((name) => (
          <label key={name}>
            <input
              type="radio"
              name="policy"
              checked={policy.name === name}
              onChange={() => (name === 'custom' ? saveCustom() : void setPolicy({ name }))}
            />
            {name === 'livechat' ? 'LiveChat-like' : name === 'single' ? 'Single attempt' : 'Custom'}
          </label>
        ))}
      </fieldset>
      <div className="delivery-inline">
        <label>
          Timeout (ms) <input aria-label="Timeout (ms)" value={timeout} onChange={(e) => setTimeoutText(e.target.value)} size={7} />
        </label>
        <label>
          Retry after (ms) <input aria-label="Retry delays (ms)" value={delays} onChange={(e) => setDelays(e.target.value)} size={20} />
        </label>
        <button type="button" className="button button-small" onClick={saveCustom}>
          Use custom
        </button>
        <span className="muted">
          Now: {policy.timeoutMs} ms timeout, retries {policy.retryDelaysMs.length === 0 ? 'none' : policy.retryDelaysMs.map((d) => `${d / 1000} s`).join(', ')}
        </span>
      </div>
    </section>
  );
}
