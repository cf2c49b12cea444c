import type { QueryField } from '@shared/query/types';
import { useAppStore } from '../../state/store-context';

/** An id as a button: clicking filters the list on it (replacing a filter on the same field). */
export function IdChip({ field, value, label }: { field: QueryField | 'text'; value: string | undefined; label: string }) {
  const addFilterTerm = useAppStore((s) => s.addFilterTerm);
  if (value === undefined) return <span className="muted">—</span>;
  return (
    <button
      type="button"
      className="id-chip mono"
      title={`Filter the list on this ${label}`}
      onClick={() => addFilterTerm(field, value)}
    >
      {value}
    </button>
  );
}
