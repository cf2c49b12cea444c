import type { IdempotencyReport } from '@shared/api/domains/delivery';
import { Badge } from '../../ui/badge';

/** The same webhook sent twice: whether the target answered the same way, and how the bodies differ. */
export function IdempotencyReportView({ report }: { report: IdempotencyReport }) {
  const a = report.first.attempts.at(-1);
  const b = report.second.attempts.at(-1);
  return (
    <section aria-label="Idempotency check">
      <Badge tone={report.differs ? 'warn' : 'ok'}>{report.differs ? 'Handled differently' : 'Handled the same'}</Badge> <span>{report.verdict}</span>
      <ul>
        <li>
          First: {a?.status ?? a?.error ?? '—'} <code>{a?.responseBody?.slice(0, 200)}</code>
        </li>
        <li>
          Second: {b?.status ?? b?.error ?? '—'} <code>{b?.responseBody?.slice(0, 200)}</code>
        </li>
      </ul>
      {report.bodyDiff && !report.bodyDiff.equal && (
        <ul aria-label="Response body differences">
          {report.bodyDiff.changes.slice(0, 20).map((c) => (
            <li key={`${c.kind}-${c.path}`}>
              <code>{c.path || '(root)'}</code> {c.kind}: {JSON.stringify(c.before)} → {JSON.stringify(c.after)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
