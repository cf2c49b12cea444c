import { plural } from '../../lib/format';
import { useAppStore } from '../../state/store-context';

export function ImportResult() {
  const result = useAppStore((s) => s.importResult);
  const dismiss = useAppStore((s) => s.dismissImportResult);
  if (result === undefined) return null;
  return (
    <div className={`import-result${result.skipped > 0 ? ' import-result-warn' : ''}`} role="status" aria-label="Import result">
      <span>
        Imported {plural(result.imported, 'webhook', 'webhooks')}
        {result.skipped > 0 && `, skipped ${result.skipped.toLocaleString('en-US')}`}.
      </span>
      {result.errors.length > 0 && (
        <ul className="import-errors">
          {result.errors.map((e, i) => (
            <li key={i}>{e}</li>
          ))}
        </ul>
      )}
      <button type="button" className="button button-link" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
