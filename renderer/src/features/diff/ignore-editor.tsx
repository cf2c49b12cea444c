import { useState, type FormEvent } from 'react';
import { ignorePatternError } from '@shared/diff';
import { useAppStore } from '../../state/store-context';

/** The saved paths every diff ignores (ids, timestamps), with `*` and `**` wildcards. */
export function IgnoreEditor() {
  const ignore = useAppStore((s) => s.diffIgnore);
  const setDiffIgnore = useAppStore((s) => s.setDiffIgnore);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);

  function add(e: FormEvent): void {
    e.preventDefault();
    const pattern = draft.trim();
    if (pattern === '') return;
    const problem = ignorePatternError(pattern);
    if (problem !== undefined) {
      setError(`Not a path pattern: ${problem}`);
      return;
    }
    setError(undefined);
    setDraft('');
    if (!ignore.includes(pattern)) void setDiffIgnore([...ignore, pattern]);
  }

  return (
    <details className="ignore-editor" open={ignore.length > 0}>
      <summary>Ignored paths ({ignore.length})</summary>
      {ignore.length > 0 && (
        <ul className="ignore-list" aria-label="Ignored paths">
          {ignore.map((p) => (
            <li key={p}>
              <code>{p}</code>
              <button type="button" className="button button-link" aria-label={`Stop ignoring ${p}`} onClick={() => void setDiffIgnore(ignore.filter((x) => x !== p))}>
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="ignore-form" onSubmit={add}>
        <input
          className="filter-input"
          aria-label="Path to ignore"
          placeholder="**.created_at, payload.chat.thread.events[*].id"
          value={draft}
          spellCheck={false}
          aria-invalid={error !== undefined}
          onChange={(e) => {
            setDraft(e.target.value);
            setError(undefined);
          }}
        />
        <button type="submit" className="button button-small">
          Ignore
        </button>
      </form>
      {error !== undefined && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </details>
  );
}
