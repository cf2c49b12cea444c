import { useEffect, useId, useRef } from 'react';
import { QUERY_FIELDS } from '@shared/query';
import { useAppStore } from '../../state/store-context';
import { SHORTCUTS } from './shortcut-list';

/** The `?` overlay: every shortcut, and the filter's query language. */
export function ShortcutsOverlay() {
  const open = useAppStore((s) => s.shortcutsOpen);
  const setOpen = useAppStore((s) => s.setShortcutsOpen);
  const titleId = useId();
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) close.current?.focus();
  }, [open]);
  if (!open) return null;
  return (
    <div
      className="dialog-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) setOpen(false);
      }}
    >
      <div className="dialog shortcuts-dialog" role="dialog" aria-modal="true" aria-labelledby={titleId}>
        <h2 id={titleId} className="dialog-title">
          Keyboard shortcuts
        </h2>
        <table className="shortcuts-table">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.does}>
                <th scope="row">
                  {s.keys.map((k, i) => (
                    <span key={k}>
                      {i > 0 && ' or '}
                      <kbd>{k}</kbd>
                    </span>
                  ))}
                </th>
                <td>{s.does}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3 className="section-title">Filter language</h3>
        <table className="shortcuts-table">
          <tbody>
            {QUERY_FIELDS.map((f) => (
              <tr key={f.name}>
                <th scope="row">
                  <code>{f.example}</code>
                </th>
                <td>{f.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="dialog-actions">
          <button ref={close} type="button" className="button" onClick={() => setOpen(false)}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
