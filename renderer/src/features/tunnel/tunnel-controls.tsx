import { useAppStore } from '../../state/store-context';

/** Start and Stop; only the one that applies to the current state is enabled. */
export function TunnelControls() {
  const state = useAppStore((s) => s.tunnel?.state);
  const busy = useAppStore((s) => s.tunnelBusy);
  const startTunnel = useAppStore((s) => s.startTunnel);
  const stopTunnel = useAppStore((s) => s.stopTunnel);
  const canStart = !busy && (state === 'stopped' || state === 'failed');
  const canStop = !busy && (state === 'connecting' || state === 'online' || state === 'reconnecting');
  return (
    <span className="tunnel-controls">
      <button type="button" className="button button-small" disabled={!canStart} onClick={() => void startTunnel()}>
        Start
      </button>
      <button type="button" className="button button-small" disabled={!canStop} onClick={() => void stopTunnel()}>
        Stop
      </button>
    </span>
  );
}
