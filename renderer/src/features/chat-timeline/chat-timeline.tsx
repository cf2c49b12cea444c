import type { ChatTimelineItem } from '@shared/api/domains/events';
import { formatDateTime } from '../../lib/format';
import { useAppStore } from '../../state/store-context';
import { Badge } from '../../ui/badge';
import { actionLabel } from '../event-list/event-row';
import { RetryBadge } from '../event-list/retry-badge';

function TimelineItem({ item, selected, onOpen }: { item: ChatTimelineItem; selected: boolean; onOpen(id: string): void }) {
  const { summary } = item;
  return (
    <li className={`chat-item${selected ? ' chat-item-selected' : ''}`}>
      <button type="button" className="chat-item-button" aria-current={selected ? 'true' : undefined} onClick={() => onOpen(summary.id)}>
        <span className="chat-item-time mono">{formatDateTime(summary.receivedAt)}</span>
        <span className="chat-item-action mono">{actionLabel(summary)}</span>
        {item.detail !== undefined && <span className="chat-item-detail mono">{item.detail}</span>}
        <RetryBadge summary={summary} />
        {summary.answer.status >= 400 && <Badge tone="error">{summary.answer.status}</Badge>}
        <span className="chat-item-text">{item.text}</span>
      </button>
    </li>
  );
}

/** Everything LiveHook holds for one chat, oldest first; an item opens that webhook beside the list. */
export function ChatTimeline({ chatId }: { chatId: string }) {
  const chat = useAppStore((s) => s.chat);
  const selectedId = useAppStore((s) => s.selectedId);
  const select = useAppStore((s) => s.select);
  const goBack = useAppStore((s) => s.goBack);
  const addFilterTerm = useAppStore((s) => s.addFilterTerm);

  function open(id: string): void {
    void select(id);
    // The detail of the clicked webhook takes the timeline's place.
    goBack();
  }

  let body;
  if (chat === undefined || chat.chatId !== chatId || chat.status === 'loading') body = <p className="pane-message muted">Loading chat…</p>;
  else if (chat.status === 'failed') body = <p className="pane-message error-text">Could not read this chat: {chat.message}</p>;
  else if (chat.items.length === 0) body = <p className="pane-message muted">LiveHook holds no webhook for this chat.</p>;
  else {
    body = (
      <>
        <ol className="chat-items" aria-label="Chat events">
          {chat.items.map((item) => (
            <TimelineItem key={item.summary.id} item={item} selected={item.summary.id === selectedId} onOpen={open} />
          ))}
        </ol>
        {chat.truncated && <p className="notice">Only the first {chat.items.length.toLocaleString('en-US')} webhooks of this chat are shown.</p>}
      </>
    );
  }

  return (
    <section className="chat-timeline" aria-label="Chat timeline">
      <div className="view-bar">
        <button type="button" className="button button-small" onClick={goBack}>
          ← Back
        </button>
        <h2 className="view-title">
          Chat <span className="mono">{chatId}</span>
        </h2>
        {chat?.status === 'loaded' && <span className="muted">{chat.items.length.toLocaleString('en-US')} webhooks</span>}
        <span className="header-spacer" />
        <button type="button" className="button button-small" onClick={() => addFilterTerm('chat', chatId)}>
          Filter list on this chat
        </button>
      </div>
      {body}
    </section>
  );
}
