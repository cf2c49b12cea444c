import { useAppStore } from '../../state/store-context';
import { SidePanel } from '../../ui/side-panel';
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

  return (
    <SidePanel id={DELIVERY_PANEL_ID} className="delivery-panel" label="Targets and forwarding" title="Targets & forwarding" closeLabel="Close forwarding panel" onClose={() => toggle(false)}>
      <div className="delivery-panel-body">
        <TargetsSection />
        <RulesSection />
        <PolicySection />
        <BulkReplayBox />
        <DeliveriesSection />
      </div>
    </SidePanel>
  );
}
