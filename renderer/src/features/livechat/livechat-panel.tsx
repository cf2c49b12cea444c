import { useAppStore } from '../../state/store-context';
import { SidePanel } from '../../ui/side-panel';
import { AccountFacts } from './account-facts';
import { ApiNotice } from './api-notice';
import { DiagnosticsReport } from './diagnostics-report';
import { LicenseWebhooks } from './license-webhooks';
import { LiveChatError } from './livechat-error';
import { LIVECHAT_PANEL_ID } from './panel-id';
import { PendingSignIn } from './pending-sign-in';
import { RegisterForm } from './register-form';
import { RegistrationsList } from './registrations-list';
import { SignInOptions } from './sign-in-options';
import { TriggerBox } from './trigger-box';
import { WebhookNotices } from './webhook-notices';

/** LiveChat, opened from the header: sign in, register webhooks, keep them pointed, and (sandbox) trigger events. */
export function LiveChatPanel() {
  const open = useAppStore((s) => s.livechatPanelOpen);
  const toggle = useAppStore((s) => s.toggleLiveChatPanel);
  const state = useAppStore((s) => s.livechat?.state);
  const mode = useAppStore((s) => s.livechat?.mode);
  const running = useAppStore((s) => s.diagnosticsRunning);
  const runDiagnostics = useAppStore((s) => s.runDiagnostics);
  if (!open) return null;

  let body;
  if (state === undefined) body = <p className="muted">Asking the engine…</p>;
  else if (state === 'signingIn') body = <PendingSignIn />;
  else if (state === 'signedOut') body = <SignInOptions />;
  else {
    body = (
      <div className="livechat-signed-in">
        <div className="livechat-column">
          <AccountFacts />
          <LicenseWebhooks />
          {mode === 'sandbox' && <TriggerBox />}
        </div>
        <div className="livechat-column">
          <RegisterForm />
          <WebhookNotices />
          <RegistrationsList />
        </div>
      </div>
    );
  }

  const diagnose = (
    <button type="button" className="button button-small" disabled={running} onClick={() => void runDiagnostics()}>
      Why no webhooks?
    </button>
  );
  return (
    <SidePanel id={LIVECHAT_PANEL_ID} className="livechat-panel" label="LiveChat" closeLabel="Close LiveChat panel" onClose={() => toggle(false)} headExtra={diagnose}>
      <ApiNotice />
      <LiveChatError />
      <DiagnosticsReport />
      {body}
    </SidePanel>
  );
}
