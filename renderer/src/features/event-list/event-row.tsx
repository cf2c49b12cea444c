import { memo } from 'react';
import type { WebhookSummary } from '@shared/model/webhook';
import { formatBytes, formatTime, plural } from '../../lib/format';
import { SECRET_BADGES } from '../../lib/livechat-words';
import { Badge } from '../../ui/badge';
import { Star } from '../detail/pin-button';
import { RetryBadge } from './retry-badge';

export const ROW_HEIGHT = 28;

/** DOM id of a row, for aria-activedescendant; ids are engine-made but are kept to safe characters anyway. */
export function rowDomId(id: string): string {
  return `webhook-row-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

export function actionLabel(summary: WebhookSummary): string {
  if (summary.action !== undefined) return summary.action;
  return summary.parseError !== undefined ? 'invalid JSON' : '(no action)';
}

function statusTone(status: number): 'ok' | 'warn' | 'error' {
  if (status >= 500) return 'error';
  if (status >= 400) return 'warn';
  return 'ok';
}

export interface EventRowProps {
  summary: WebhookSummary;
  index: number;
  total: number;
  selected: boolean;
  /** Marked for a diff or an export (`x`). */
  marked: boolean;
  onSelect(id: string): void;
  onToggleMark(id: string): void;
  onPin(id: string, pinned: boolean): void;
}

/** One webhook in the list. Memoised: a new push re-renders only the rows whose props changed. */
export const EventRow = memo(function EventRow({ summary, index, total, selected, marked, onSelect, onToggleMark, onPin }: EventRowProps) {
  const action = actionLabel(summary);
  const time = formatTime(summary.receivedAt);
  const secret = summary.secret !== undefined ? SECRET_BADGES[summary.secret] : undefined;
  const findings = summary.findingCount !== undefined && summary.findingCount > 0 ? plural(summary.findingCount, 'finding', 'findings') : undefined;
  const name =
    `${action}, ${summary.method} ${summary.path}${summary.chatId ? `, chat ${summary.chatId}` : ''}, ${time}, answered ${summary.answer.status}` +
    `${secret ? `, ${secret.text}` : ''}${findings ? `, ${findings}` : ''}` +
    `${summary.attempts !== undefined && summary.attempts > 1 ? `, delivered ${summary.attempts} times` : ''}` +
    `${summary.retryOf !== undefined ? ', retry' : ''}${summary.pinned ? ', pinned' : ''}${marked ? ', marked' : ''}`;
  return (
    <div
      id={rowDomId(summary.id)}
      role="option"
      aria-selected={selected}
      aria-label={name}
      aria-posinset={index + 1}
      aria-setsize={total}
      className={`event-row${selected ? ' event-row-selected' : ''}${marked ? ' event-row-marked' : ''}${summary.secret === 'mismatch' ? ' event-row-mismatch' : ''}`}
      style={{ height: ROW_HEIGHT }}
      onClick={() => onSelect(summary.id)}
    >
      <span className="col-mark">
        {/* Out of the tab order: the list is one tab stop, moved through with the keyboard (x marks). */}
        <input
          type="checkbox"
          tabIndex={-1}
          checked={marked}
          aria-label={`Mark ${action} at ${time}`}
          onClick={(e) => e.stopPropagation()}
          onChange={() => onToggleMark(summary.id)}
        />
        <Star id={summary.id} pinned={summary.pinned === true} onPin={onPin} compact />
      </span>
      <span className="col-time">{time}</span>
      <span className="col-method">{summary.method}</span>
      <span className="col-action">
        {summary.parseError !== undefined ? (
          <Badge tone="error">invalid JSON</Badge>
        ) : summary.action === undefined ? (
          <Badge>(no action)</Badge>
        ) : (
          summary.action
        )}
        <RetryBadge summary={summary} />
        {secret !== undefined && (
          <span className={`secret-badge secret-${summary.secret}`}>
            <Badge tone={secret.tone}>{secret.text}</Badge>
          </span>
        )}
        {findings !== undefined && (
          <span className="findings-badge">
            <Badge tone="warn">{findings}</Badge>
          </span>
        )}
      </span>
      <span className="col-path">{summary.path}</span>
      <span className="col-chat">{summary.chatId ?? ''}</span>
      <span className="col-size">{formatBytes(summary.bodySize)}</span>
      <span className="col-status">
        <Badge tone={statusTone(summary.answer.status)}>{summary.answer.status}</Badge>
      </span>
    </div>
  );
});
