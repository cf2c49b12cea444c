import type { CapturedWebhook } from '@shared/model/webhook';
import { useAppStore, useAppStoreApi } from '../../state/store-context';
import { copyOpenWebhookAsCurl } from './copy-curl';
import { PinButton } from './pin-button';

/** What can be done with the opened webhook. Buttons carry visible words; their shortcut is in the `?` overlay. */
export function DetailActions({ webhook }: { webhook: CapturedWebhook }) {
  const store = useAppStoreApi();
  const marked = useAppStore((s) => s.marked.includes(webhook.id));
  const toggleMark = useAppStore((s) => s.toggleMark);
  const openChat = useAppStore((s) => s.openChat);
  const compareWithPrevious = useAppStore((s) => s.compareWithPrevious);
  const notice = useAppStore((s) => s.inspectorNotice);
  return (
    <div className="detail-actions">
      <div className="detail-actions-row" role="toolbar" aria-label="Webhook tools">
        <PinButton id={webhook.id} pinned={webhook.pinned === true} />
        <button type="button" className="button button-small" title="Shortcut: c" onClick={() => void copyOpenWebhookAsCurl(store)}>
          Copy as cURL
        </button>
        <button type="button" className={`button button-small${marked ? ' button-on' : ''}`} aria-pressed={marked} title="Shortcut: x" onClick={() => toggleMark(webhook.id)}>
          {marked ? 'Marked' : 'Mark'}
        </button>
        {webhook.action !== undefined && (
          <button type="button" className="button button-small" onClick={() => void compareWithPrevious(webhook.id, 'action')}>
            Compare with previous (same action)
          </button>
        )}
        {webhook.chatId !== undefined && (
          <>
            <button type="button" className="button button-small" onClick={() => void compareWithPrevious(webhook.id, 'chat')}>
              Compare with previous (same chat)
            </button>
            <button type="button" className="button button-small" onClick={() => void openChat(webhook.chatId!)}>
              Chat timeline
            </button>
          </>
        )}
      </div>
      <p className="detail-notice" role="status" aria-live="polite">
        {notice ?? ''}
      </p>
    </div>
  );
}
