import { useAppStore } from '../../state/store-context';
import { TRIGGER_PANEL_ID } from './panel-id';

/** Opens the Trigger panel: make any LiveChat webhook without an account. */
export function TriggerToggle() {
  const open = useAppStore((s) => s.triggerPanelOpen);
  const toggle = useAppStore((s) => s.toggleTriggerPanel);
  return (
    <button
      type="button"
      className={`button button-small${open ? ' button-on' : ''}`}
      aria-expanded={open}
      aria-controls={open ? TRIGGER_PANEL_ID : undefined}
      title="Simulate any LiveChat webhook"
      onClick={() => toggle()}
    >
      Trigger
    </button>
  );
}
