import { useAppStore } from '../../state/store-context';
import { PanelToggle } from '../../ui/side-panel';
import { TUNNEL_PANEL_ID } from '../tunnel/panel-id';

export function TunnelToggle() {
  const open = useAppStore((s) => s.tunnelPanelOpen);
  const toggle = useAppStore((s) => s.toggleTunnelPanel);
  return (
    <PanelToggle panelId={TUNNEL_PANEL_ID} open={open} onToggle={toggle}>
      Tunnel
    </PanelToggle>
  );
}
