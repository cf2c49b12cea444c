import { useState } from 'react';
import type { DiffChange } from '@shared/diff/types';
import { useAppStore } from '../../state/store-context';
import { Badge, type BadgeTone } from '../../ui/badge';

const PAGE = 200;
const PREVIEW = 80;

const TONES: Record<DiffChange['kind'], BadgeTone> = { added: 'ok', removed: 'error', changed: 'warn', moved: 'info' };

/** A value in one short line: JSON, cut with an ellipsis (a changed 1 MiB string must not become a 1 MiB row). */
export function preview(value: unknown): string {
  if (value === undefined) return '—';
  const text = typeof value === 'object' && value !== null ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > PREVIEW ? `${text.slice(0, PREVIEW)}…` : text;
}

function ChangeRow({ change, ignored, onIgnore }: { change: DiffChange; ignored: boolean; onIgnore(path: string): void }) {
  return (
    <li className={`change change-${change.kind}`}>
      <Badge tone={TONES[change.kind]}>{change.kind}</Badge>
      <code className="change-path">{change.path}</code>
      <span className="change-values mono">
        {change.kind === 'moved' && change.fromPath !== undefined && <>from {change.fromPath} </>}
        {change.kind === 'changed' && (
          <>
            {preview(change.before)} → {preview(change.after)}
          </>
        )}
        {change.kind === 'added' && preview(change.after)}
        {change.kind === 'removed' && preview(change.before)}
      </span>
      <button
        type="button"
        className="button button-link"
        disabled={ignored}
        aria-label={`Ignore ${change.path}`}
        title="Ignore this path in every diff (saved)"
        onClick={() => onIgnore(change.path)}
      >
        {ignored ? 'ignored' : 'ignore'}
      </button>
    </li>
  );
}

/** Every changed path, with what it was and what it became; one click adds a path to the saved ignore list. */
export function ChangedPaths({ changes }: { changes: readonly DiffChange[] }) {
  const ignore = useAppStore((s) => s.diffIgnore);
  const setDiffIgnore = useAppStore((s) => s.setDiffIgnore);
  const [shown, setShown] = useState(PAGE);
  if (changes.length === 0) return null;
  return (
    <section className="changed-paths" aria-label="Changed paths">
      <ul>
        {changes.slice(0, shown).map((c, i) => (
          <ChangeRow
            key={`${c.kind}-${c.path}-${i}`}
            change={c}
            ignored={ignore.includes(c.path)}
            onIgnore={(path) => void setDiffIgnore([...ignore, path])}
          />
        ))}
      </ul>
      {changes.length > shown && (
        <button type="button" className="button button-link" onClick={() => setShown(shown + PAGE)}>
          Show {Math.min(PAGE, changes.length - shown)} more of {changes.length - shown}
        </button>
      )}
    </section>
  );
}
