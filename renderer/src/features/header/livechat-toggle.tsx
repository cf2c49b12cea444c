import { livechatLabel } from '../../lib/livechat-words';
import { useAppStore } from '../../state/store-context';
import { Badge } from '../../ui/badge';
import { PanelToggle } from '../../ui/side-panel';
import { LIVECHAT_PANEL_ID } from '../livechat/panel-id';

/** Opens the LiveChat panel; beside it, the sign-in state in a word ("Signed out", "Signed in", "Sandbox"). */
export function LiveChatToggle() {
  const open = useAppStore((s) => s.livechatPanelOpen);
  const toggle = useAppStore((s) => s.toggleLiveChatPanel);
  const state = useAppStore((s) => s.livechat?.state);
  const mode = useAppStore((s) => s.livechat?.mode);
  const label = livechatLabel(state, mode);
  return (
    <span className="livechat-toggle">
      <PanelToggle panelId={LIVECHAT_PANEL_ID} open={open} onToggle={toggle}>
        LiveChat
      </PanelToggle>
      <span role="status" aria-label={`LiveChat: ${label.text}`}>
        <Badge tone={label.tone}>{label.text}</Badge>
      </span>
    </span>
  );
}
