import { useMemo } from 'react';
import { checkWebhookBody, summarize } from '@shared/livechat/catalogue';

/**
 * The body about to be sent, editable. Checked on every change like a capture would be: JSON first, then the
 * catalogue's findings, so a developer sees what their edit breaks before sending it. Invalid bodies can still be
 * sent (testing how a service copes with one is legitimate).
 */
export function BodyEditor({ text, onChange, edited }: { text: string; onChange(text: string): void; edited: boolean }) {
  const check = useMemo(() => {
    if (text.trim() === '') return { kind: 'empty' as const };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      return { kind: 'invalid' as const, message: (err as Error).message };
    }
    return { kind: 'json' as const, ...checkWebhookBody(json), summary: summarize(json) };
  }, [text]);

  return (
    <div className="trigger-body">
      <label className="livechat-subtitle" htmlFor="trigger-body-text">
        Body{edited ? ' (edited)' : ''}
      </label>
      <textarea
        id="trigger-body-text"
        className="text-input mono trigger-body-text"
        aria-label="Body"
        aria-invalid={check.kind === 'invalid'}
        spellCheck={false}
        value={text}
        onChange={(e) => onChange(e.target.value)}
      />
      <div role="status" aria-label="Body check" className="trigger-body-check">
        {check.kind === 'empty' && <span className="muted">Pick an action, or paste a body.</span>}
        {check.kind === 'invalid' && <span className="form-error">Not valid JSON: {check.message}</span>}
        {check.kind === 'json' && (
          <>
            <span className={check.findings.some((f) => f.severity === 'error') ? 'form-error' : 'muted'}>
              {check.findings.length === 0 ? 'Valid JSON, no findings' : `Valid JSON, ${check.findings.length} finding${check.findings.length === 1 ? '' : 's'}`}
              {check.summary === undefined ? '' : ` — ${check.summary}`}
            </span>
            {check.findings.length > 0 && (
              <ul className="trigger-findings" aria-label="Findings">
                {check.findings.map((f, i) => (
                  <li key={i} className={f.severity === 'error' ? 'form-error' : 'muted'}>
                    {f.severity}: {f.message}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
    </div>
  );
}
