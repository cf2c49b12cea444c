import type { SchemaFinding } from '@shared/model/webhook';
import { plural } from '../../lib/format';
import { Badge } from '../../ui/badge';

/** Where the body departs from the action catalogue's schema (unknown action, missing or mistyped fields). */
export function FindingsSection({ findings }: { findings: readonly SchemaFinding[] }) {
  return (
    <section className="findings" aria-label="Findings">
      <h3 className="findings-title">Findings ({plural(findings.length, 'finding', 'findings')})</h3>
      <ul>
        {findings.map((f, i) => (
          <li key={`${f.path}-${i}`} className="finding">
            <Badge tone={f.severity === 'error' ? 'error' : 'warn'}>{f.severity}</Badge> <code>{f.path}</code> {f.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
