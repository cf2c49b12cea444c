import { useAppStore } from '../../state/store-context';
import { TUNNEL_PANEL_ID } from '../tunnel/panel-id';

export function TunnelToggle() {
  const open = useAppStore((s) => s.tunnelPanelOpen);
  const toggle = useAppStore((s) => s.toggleTunnelPanel);
  return (
    <button
      type="button"
      className={`button button-small${open ? ' button-on' : ''}`}
      aria-expanded={open}
      aria-controls={open ? TUNNEL_PANEL_ID : undefined}
      onClick={() => toggle()}
    >
      Tunnel
    </button>
  );
}
