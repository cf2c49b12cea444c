import type { KeyboardEvent } from 'react';
import { useAppStore } from '../../state/store-context';
import { BulkReplayBox } from './bulk-replay-box';
import { DeliveriesSection } from './deliveries-section';
import { DELIVERY_PANEL_ID } from './panel-id';
import { PolicySection } from './policy-section';
import { RulesSection } from './rules-section';
import { TargetsSection } from './targets-section';
import './delivery.css';

/** Targets & forwarding, the delivery policy, response rules, bulk replay and what the deliveries did. */
export function DeliveryPanel() {
  const open = useAppStore((s) => s.deliveryPanelOpen);
  const toggle = useAppStore((s) => s.toggleDeliveryPanel);
  if (!open) return null;

  function close(): void {
    document.querySelector<HTMLElement>(`[aria-controls="${DELIVERY_PANEL_ID}"]`)?.focus();
    toggle(false);
  }

  function onKeyDown(e: KeyboardEvent<HTMLElement>): void {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    close();
  }

  return (
    <section id={DELIVERY_PANEL_ID} className="delivery-panel" aria-label="Targets and forwarding" onKeyDown={onKeyDown}>
      <div className="delivery-panel-head">
        <h2 className="tunnel-panel-title">Targets &amp; forwarding</h2>
        <span className="header-spacer" />
        <button type="button" className="button button-small" aria-label="Close forwarding panel" onClick={close}>
          Close
        </button>
      </div>
      <div className="delivery-panel-body">
        <TargetsSection />
        <RulesSection />
        <PolicySection />
        <BulkReplayBox />
        <DeliveriesSection />
      </div>
    </section>
  );
}
