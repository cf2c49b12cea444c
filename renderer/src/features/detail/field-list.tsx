import { useId, type ReactNode } from 'react';

export interface Field {
  label: string;
  value: ReactNode;
}

/** Label/value pairs; each value is labelled by its term so it can be found by label. */
export function FieldList({ fields, className }: { fields: readonly Field[]; className?: string }) {
  const base = useId();
  return (
    <dl className={`field-list${className ? ` ${className}` : ''}`}>
      {fields.map((f, i) => (
        <div key={f.label} className="field">
          <dt id={`${base}-${i}`}>{f.label}</dt>
          <dd aria-labelledby={`${base}-${i}`}>{f.value}</dd>
        </div>
      ))}
    </dl>
  );
}
