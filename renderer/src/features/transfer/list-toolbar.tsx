import { useState } from 'react';
import { useAppStore } from '../../state/store-context';
import { ExportPanel } from './export-panel';
import { ImportButton } from './import-button';
import { ImportResult } from './import-result';

/** Under the filter: what is marked, Diff, Export and Import. */
export function ListToolbar() {
  const marked = useAppStore((s) => s.marked.length);
  const diffMarked = useAppStore((s) => s.diffMarked);
  const clearMarks = useAppStore((s) => s.clearMarks);
  const exporting = useAppStore((s) => s.exportJob !== undefined);
  const setShortcutsOpen = useAppStore((s) => s.setShortcutsOpen);
  const [exportOpen, setExportOpen] = useState(false);
  return (
    <>
      <div className="list-toolbar" role="toolbar" aria-label="List actions">
        <span className="muted">{marked === 0 ? 'Mark rows with x to diff or export them' : `${marked.toLocaleString('en-US')} marked`}</span>
        {marked > 0 && (
          <button type="button" className="button button-link" onClick={clearMarks}>
            unmark all
          </button>
        )}
        <span className="header-spacer" />
        <button type="button" className="button button-small" disabled={marked < 2} title="Diff the two marked webhooks (d)" onClick={() => diffMarked()}>
          Diff
        </button>
        <button
          type="button"
          className={`button button-small${exportOpen || exporting ? ' button-on' : ''}`}
          aria-expanded={exportOpen || exporting}
          onClick={() => setExportOpen(!exportOpen)}
        >
          Export…
        </button>
        <ImportButton />
        <button type="button" className="button button-small" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => setShortcutsOpen(true)}>
          ?
        </button>
      </div>
      {(exportOpen || exporting) && <ExportPanel onClose={() => setExportOpen(false)} />}
      <ImportResult />
    </>
  );
}
