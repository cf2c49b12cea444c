import { useAppStore } from '../../state/store-context';

/**
 * Shown while a flood (over 1,000 webhooks a second) holds analysis back: those webhooks are answered and stored,
 * but not listed until the flood ends. "Show them now" reloads the list, which has the engine analyse them first.
 */
export function FloodNotice() {
  const held = useAppStore((s) => s.heldCount);
  const reload = useAppStore((s) => s.reloadEvents);
  const loading = useAppStore((s) => s.loadingEvents);
  if (held <= 0) return null;
  return (
    <div className="flood-notice" role="status">
      <span>
        <strong>{held.toLocaleString('en-US')}</strong> webhook{held === 1 ? '' : 's'} answered and stored, not listed yet: more than
        1,000 arrive a second, so LiveHook answers first and analyses them when the flood ends.
      </span>
      <button type="button" disabled={loading} onClick={() => void reload()}>
        Show them now
      </button>
    </div>
  );
}
