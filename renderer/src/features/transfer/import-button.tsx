import type { ChangeEvent } from 'react';
import { importFormatOf } from '../../lib/download';
import { useAppStore } from '../../state/store-context';

/** Reads a .har or .ndjson file in the page and hands its text to the engine. */
export function ImportButton() {
  const importText = useAppStore((s) => s.importText);
  const importing = useAppStore((s) => s.importing);
  const reportError = useAppStore((s) => s.reportError);

  async function onFile(e: ChangeEvent<HTMLInputElement>): Promise<void> {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    let text: string;
    try {
      text = await file.text();
    } catch (err) {
      reportError(`Reading ${file.name}`, err);
      return;
    }
    await importText(importFormatOf(file.name, text), text);
  }

  return (
    <label className={`button button-small file-button${importing ? ' button-busy' : ''}`}>
      {importing ? 'Importing…' : 'Import…'}
      <input
        type="file"
        className="visually-hidden"
        aria-label="Import HAR or NDJSON file"
        accept=".har,.ndjson,.jsonl,.json,application/json"
        disabled={importing}
        onChange={(e) => void onFile(e)}
      />
    </label>
  );
}
