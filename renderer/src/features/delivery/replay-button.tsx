import { useAppStore } from '../../state/store-context';

/** In the detail pane: opens the replay dialog for this webhook. */
export function ReplayButton({ id }: { id: string }) {
  const open = useAppStore((s) => s.openReplay);
  return (
    <button type="button" className="button button-small" onClick={() => open(id)}>
      Replay
    </button>
  );
}
