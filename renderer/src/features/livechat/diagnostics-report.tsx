import { formatWhen } from '../../lib/format';
import { DIAGNOSTIC_TONES } from '../../lib/livechat-words';
import { useAppStore } from '../../state/store-context';
import { Badge } from '../../ui/badge';

/** "Why no webhooks?": each automated check of reference §9 with its status, what was found and what to do. */
export function DiagnosticsReport() {
  const report = useAppStore((s) => s.diagnostics);
  if (report === undefined) return null;
  return (
    <section className="livechat-diagnostics" aria-label="Why no webhooks?">
      <h3 className="livechat-subtitle">
        Why no webhooks? <span className="muted">(checked {formatWhen(report.ranAt)})</span>
      </h3>
      <ul>
        {report.checks.map((c) => (
          <li key={c.id} aria-label={`${c.title}: ${c.status}`} className="livechat-check">
            <Badge tone={DIAGNOSTIC_TONES[c.status]}>{c.status}</Badge>
            <span className="livechat-check-text">
              <strong>{c.title}</strong> — {c.detail}
              {c.fix !== '' && <span className="livechat-fix"> Fix: {c.fix}</span>}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
