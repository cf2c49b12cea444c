import { useState } from 'react';
import { saveTextFile } from '../../lib/download';
import { plural } from '../../lib/format';
import { useAppStore } from '../../state/store-context';

/** Export the filter result or the marked rows as HAR 1.2 or NDJSON, with progress and Cancel for big ones. */
export function ExportPanel({ onClose }: { onClose(): void }) {
  const job = useAppStore((s) => s.exportJob);
  const markedCount = useAppStore((s) => s.marked.length);
  const matching = useAppStore((s) => s.matchingTotal);
  const query = useAppStore((s) => s.appliedQuery);
  const runExport = useAppStore((s) => s.runExport);
  const cancelExport = useAppStore((s) => s.cancelExport);
  const [format, setFormat] = useState<'har' | 'ndjson'>('har');
  const [scope, setScope] = useState<'query' | 'marked'>(markedCount > 0 ? 'marked' : 'query');
  const [includeSecrets, setIncludeSecrets] = useState(false);
  const [done, setDone] = useState<string | undefined>(undefined);

  async function start(): Promise<void> {
    setDone(undefined);
    const file = await runExport(format, scope, includeSecrets);
    if (file === undefined) return;
    saveTextFile(file.text, file.fileName, file.mimeType);
    setDone(`Saved ${file.fileName} (${plural(file.count, 'webhook', 'webhooks')}).`);
  }

  const busy = job !== undefined;
  return (
    <section className="transfer-panel" aria-label="Export">
      <fieldset className="transfer-group" disabled={busy}>
        <legend>Format</legend>
        <label>
          <input type="radio" name="export-format" checked={format === 'har'} onChange={() => setFormat('har')} /> HAR 1.2
        </label>
        <label>
          <input type="radio" name="export-format" checked={format === 'ndjson'} onChange={() => setFormat('ndjson')} /> NDJSON
        </label>
      </fieldset>
      <fieldset className="transfer-group" disabled={busy}>
        <legend>Webhooks</legend>
        <label>
          <input type="radio" name="export-scope" checked={scope === 'query'} onChange={() => setScope('query')} />{' '}
          {query === '' ? 'All' : 'Matching the filter'} ({matching.toLocaleString('en-US')})
        </label>
        <label>
          <input type="radio" name="export-scope" checked={scope === 'marked'} disabled={markedCount === 0} onChange={() => setScope('marked')} />{' '}
          Marked ({markedCount.toLocaleString('en-US')})
        </label>
      </fieldset>
      <label className="toggle" title="secret_key values are replaced with [redacted] unless this is on">
        <input type="checkbox" checked={includeSecrets} disabled={busy} onChange={(e) => setIncludeSecrets(e.target.checked)} />
        Include secrets
      </label>
      {busy ? (
        <div className="export-progress">
          <progress aria-label="Export progress" max={Math.max(1, job.total)} value={job.done} />
          <span className="muted">
            {job.phase === 'reading' ? 'Preparing the file…' : `${job.done.toLocaleString('en-US')} of ${job.total.toLocaleString('en-US')}`}
          </span>
          <button type="button" className="button button-small" onClick={() => void cancelExport()}>
            Cancel
          </button>
        </div>
      ) : (
        <div className="form-actions">
          <button type="button" className="button button-small" onClick={() => void start()}>
            Export
          </button>
          <button type="button" className="button button-small" onClick={onClose}>
            Close
          </button>
        </div>
      )}
      {done !== undefined && (
        <p className="muted" role="status">
          {done}
        </p>
      )}
    </section>
  );
}
