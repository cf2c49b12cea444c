import type { QueryError } from '@shared/query/types';

/**
 * The query as typed with the part that does not parse marked, and why. An error at the very end (an unclosed quote,
 * a dangling `-`) is marked with a one-character caret so it stays visible.
 */
export function QueryErrorLine({ id, source, error }: { id: string; source: string; error: QueryError }) {
  const start = Math.max(0, Math.min(error.start, source.length));
  const end = Math.max(start, Math.min(error.end, source.length));
  return (
    <div id={id} className="query-error" role="alert">
      <span className="query-error-message">{error.message}</span>
      <code className="query-error-source" aria-hidden="true">
        {source.slice(0, start)}
        <mark className={`query-error-range${end === start ? ' query-error-caret' : ''}`}>
          {end === start ? ' ' : source.slice(start, end)}
        </mark>
        {source.slice(end)}
      </code>
    </div>
  );
}
