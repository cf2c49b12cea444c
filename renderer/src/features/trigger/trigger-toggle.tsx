import { useAppStore } from '../../state/store-context';
import { PanelToggle } from '../../ui/side-panel';
import { TRIGGER_PANEL_ID } from './panel-id';

/** Opens the Trigger panel: make any LiveChat webhook without an account. */
export function TriggerToggle() {
  const open = useAppStore((s) => s.triggerPanelOpen);
  const toggle = useAppStore((s) => s.toggleTriggerPanel);
  return (
    <PanelToggle panelId={TRIGGER_PANEL_ID} open={open} onToggle={toggle} title="Simulate any LiveChat webhook">
      Trigger
    </PanelToggle>
  );
}
