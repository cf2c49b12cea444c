import { useState } from 'react';
import { useAppStore } from '../../state/store-context';
import { SidePanel } from '../../ui/side-panel';
import { ActionComposer } from './action-composer';
import type { DestinationChoice } from './destination-picker';
import { TRIGGER_PANEL_ID } from './panel-id';
import { RecentTriggers } from './recent-triggers';
import { ScenarioRunner } from './scenario-runner';
import { TriggerOutcome } from './trigger-outcome';
import './trigger-panel.css';

/**
 * The event simulator, opened from the header: any LiveChat webhook (or a scenario of them), previewed and editable,
 * sent to LiveHook itself, to a URL, or through the sandbox LiveChat.
 */
export function TriggerPanel() {
  const open = useAppStore((s) => s.triggerPanelOpen);
  const toggle = useAppStore((s) => s.toggleTriggerPanel);
  const error = useAppStore((s) => s.triggerError);
  const [mode, setMode] = useState<'action' | 'scenario'>('action');
  const [destination, setDestination] = useState<DestinationChoice>({ kind: 'self', url: '' });
  if (!open) return null;

  const modes = (
    <div className="tunnel-controls" role="group" aria-label="What to trigger">
      <button type="button" className={`button button-small${mode === 'action' ? ' button-on' : ''}`} aria-pressed={mode === 'action'} onClick={() => setMode('action')}>
        One action
      </button>
      <button type="button" className={`button button-small${mode === 'scenario' ? ' button-on' : ''}`} aria-pressed={mode === 'scenario'} onClick={() => setMode('scenario')}>
        Scenario
      </button>
    </div>
  );
  return (
    <SidePanel
      id={TRIGGER_PANEL_ID}
      className="livechat-panel trigger-panel"
      label="Trigger"
      title="Trigger a LiveChat webhook"
      closeLabel="Close Trigger panel"
      onClose={() => toggle(false)}
      headExtra={modes}
    >
      {error !== undefined && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {mode === 'action' ? <ActionComposer destination={destination} onDestination={setDestination} /> : <ScenarioRunner destination={destination} onDestination={setDestination} />}
      <TriggerOutcome />
      <RecentTriggers />
    </SidePanel>
  );
}
