import type { KeyboardEvent } from 'react';
import { useAppStore } from '../../state/store-context';
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

  function close(): void {
    // Focus would fall to the page with the panel gone: hand it back to the button that opened it.
    document.querySelector<HTMLElement>(`[aria-controls="${TUNNEL_PANEL_ID}"]`)?.focus();
    toggle(false);
  }

  function onKeyDown(e: KeyboardEvent<HTMLElement>): void {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    close();
  }

  return (
    <section id={TUNNEL_PANEL_ID} className="tunnel-panel" aria-label="Tunnel" onKeyDown={onKeyDown}>
      <div className="tunnel-panel-head">
        <h2 className="tunnel-panel-title">Tunnel</h2>
        <TunnelBadge />
        <TunnelControls />
        <span className="header-spacer" />
        <button type="button" className="button button-small" aria-label="Close tunnel panel" onClick={close}>
          Close
        </button>
      </div>
      <div className="tunnel-panel-body">
        <div className="tunnel-panel-status">
          <TunnelPublicUrl />
          <TunnelFacts />
        </div>
        <TunnelSettingsForm />
      </div>
    </section>
  );
}
