import { useMemo, useState } from 'react';
import type { SimulatorCatalogue } from '@shared/api/domains/simulator';

/** Every action of the catalogue by group, narrowed by a search over names and descriptions. */
export function ActionPicker({ catalogue, value, onPick }: { catalogue: SimulatorCatalogue | undefined; value: string | undefined; onPick(action: string): void }) {
  const [search, setSearch] = useState('');
  const groups = useMemo(() => {
    const q = search.trim().toLowerCase();
    if (catalogue === undefined) return [];
    return catalogue.groups
      .map((g) => ({ ...g, actions: g.actions.filter((a) => q === '' || a.action.includes(q) || a.description.toLowerCase().includes(q)) }))
      .filter((g) => g.actions.length > 0);
  }, [catalogue, search]);

  return (
    <div className="trigger-picker">
      <input
        type="search"
        className="text-input"
        aria-label="Search actions"
        placeholder="Search actions…"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      {catalogue === undefined && <p className="muted">Asking the engine…</p>}
      {catalogue !== undefined && groups.length === 0 && <p className="muted">No action matches “{search}”.</p>}
      <div className="trigger-groups" role="group" aria-label="Actions">
        {groups.map((g) => (
          <div key={g.group} className="trigger-group">
            <h4 className="trigger-group-title">{g.group}</h4>
            <ul className="trigger-action-list">
              {g.actions.map((a) => (
                <li key={a.action}>
                  <button
                    type="button"
                    className={`trigger-action${a.action === value ? ' trigger-action-on' : ''}`}
                    aria-pressed={a.action === value}
                    title={`${a.description} (API ${a.versions})${a.replacedBy === undefined ? '' : `; replaced by ${a.replacedBy}`}`}
                    onClick={() => onPick(a.action)}
                  >
                    {a.action}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </div>
  );
}
