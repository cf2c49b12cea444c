import { useAppStore } from '../../state/store-context';
import { Badge } from '../../ui/badge';
import { PanelToggle } from '../../ui/side-panel';
import { DELIVERY_PANEL_ID } from './panel-id';

/** Opens the Targets & forwarding panel; a badge says when a response rule is changing what LiveChat hears. */
export function DeliveryToggle() {
  const open = useAppStore((s) => s.deliveryPanelOpen);
  const toggle = useAppStore((s) => s.toggleDeliveryPanel);
  const activeRules = useAppStore((s) => s.responseRules.filter((r) => r.enabled).length);
  return (
    <span className="delivery-toggle">
      <PanelToggle panelId={DELIVERY_PANEL_ID} open={open} onToggle={toggle}>
        Forwarding
      </PanelToggle>
      {activeRules > 0 && (
        <span role="status" aria-label={`${activeRules} response rule${activeRules === 1 ? '' : 's'} on`}>
          <Badge tone="warn">{activeRules === 1 ? '1 rule on' : `${activeRules} rules on`}</Badge>
        </span>
      )}
    </span>
  );
}
