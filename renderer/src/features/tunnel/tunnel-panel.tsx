import { useAppStore } from '../../state/store-context';
import { SidePanel } from '../../ui/side-panel';
import { TUNNEL_PANEL_ID } from './panel-id';
import { TunnelBadge } from './tunnel-badge';
import { TunnelControls } from './tunnel-controls';
import { TunnelFacts } from './tunnel-facts';
import { TunnelPublicUrl } from './tunnel-public-url';
import { TunnelSettingsForm } from './tunnel-settings-form';

/** The tunnel in full, opened from the header: state, public URL, start/stop, health and settings. */
export function TunnelPanel() {
  const open = useAppStore((s) => s.tunnelPanelOpen);
  const toggle = useAppStore((s) => s.toggleTunnelPanel);
  if (!open) return null;

  const controls = (
    <>
      <TunnelBadge />
      <TunnelControls />
    </>
  );
  return (
    <SidePanel id={TUNNEL_PANEL_ID} label="Tunnel" closeLabel="Close tunnel panel" onClose={() => toggle(false)} headExtra={controls}>
      <div className="tunnel-panel-body">
        <div className="tunnel-panel-status">
          <TunnelPublicUrl />
          <TunnelFacts />
        </div>
        <TunnelSettingsForm />
      </div>
    </SidePanel>
  );
}
