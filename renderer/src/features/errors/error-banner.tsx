import { useAppStore } from '../../state/store-context';

export function ErrorBanner() {
  const errors = useAppStore((s) => s.errors);
  const dismissError = useAppStore((s) => s.dismissError);
  if (errors.length === 0) return null;
  return (
    <div className="error-banner" role="alert">
      {errors.map((e) => (
        <div key={e.id} className="error-item">
          <span className="error-text">
            <strong>{e.context} failed:</strong> {e.message} <span className="muted">({e.code})</span>
            {e.count > 1 && <span className="muted"> ×{e.count}</span>}
          </span>
          <button
            type="button"
            className="button button-small"
            aria-label={`Dismiss error: ${e.context} failed`}
            onClick={() => dismissError(e.id)}
          >
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
