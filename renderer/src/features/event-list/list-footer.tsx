import { useAppStore } from '../../state/store-context';

/** How much of the matching history is loaded, and whether more is on its way. */
export function ListFooter() {
  const loaded = useAppStore((s) => s.events.length);
  const total = useAppStore((s) => s.matchingTotal);
  const loadingOlder = useAppStore((s) => s.loadingOlder);
  const hasOlder = useAppStore((s) => s.hasOlder);
  return (
    <div className="list-footer">
      <span>
        {loaded.toLocaleString('en-US')} of {Math.max(total, loaded).toLocaleString('en-US')} shown
      </span>
      {loadingOlder && <span className="muted">Loading older…</span>}
      {!loadingOlder && hasOlder && <span className="muted">Scroll down for older</span>}
    </div>
  );
}
