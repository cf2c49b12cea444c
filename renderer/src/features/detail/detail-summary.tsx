import { summarize } from '@shared/livechat/catalogue';
import type { CapturedWebhook } from '@shared/model/webhook';
import { SECRET_BADGES, SECRET_SENTENCES } from '../../lib/livechat-words';
import { formatDateTime, formatMs } from '../../lib/format';
import { Badge } from '../../ui/badge';
import { actionLabel } from '../event-list/event-row';
import { RetryBadge } from '../event-list/retry-badge';
import { RetriesSection } from '../retries/retries-section';
import { DetailActions } from './detail-actions';
import { FieldList, type Field } from './field-list';
import { FindingsSection } from './findings-section';
import { IdChip } from './id-chip';

export function DetailSummary({ webhook }: { webhook: CapturedWebhook }) {
  const lc = webhook.livechat;
  const fields: Field[] = [
    { label: 'Action', value: <span className="mono">{actionLabel(webhook)}</span> },
    { label: 'Webhook ID', value: <IdChip field="webhook" label="webhook id" value={webhook.webhookId ?? lc.webhookId} /> },
    lc.licenseId !== undefined && (webhook.organizationId ?? lc.organizationId) === undefined
      ? { label: 'License ID', value: <IdChip field="org" label="license id" value={lc.licenseId} /> }
      : { label: 'Organization ID', value: <IdChip field="org" label="organization id" value={webhook.organizationId ?? lc.organizationId} /> },
    { label: 'Chat ID', value: <IdChip field="chat" label="chat id" value={webhook.chatId ?? lc.chatId} /> },
    { label: 'Thread ID', value: <IdChip field="thread" label="thread id" value={webhook.threadId ?? lc.threadId} /> },
    // Event ids have no field of their own: they are found as text in the body.
    { label: 'Event ID', value: <IdChip field="text" label="event id" value={lc.eventId} /> },
    { label: 'LiveHook ID', value: <IdChip field="id" label="LiveHook id" value={webhook.id} /> },
    { label: 'Source', value: webhook.source },
    { label: 'Received at', value: formatDateTime(webhook.receivedAt) },
    {
      label: 'Answer',
      value: (
        <>
          <Badge tone={webhook.answer.status >= 400 ? 'error' : 'ok'}>{webhook.answer.status}</Badge>
          {webhook.answer.latencyMs !== undefined && ` in ${formatMs(webhook.answer.latencyMs)}`}
          {webhook.answer.delayMs > 0 && ` (delayed ${formatMs(webhook.answer.delayMs)} on purpose)`}
        </>
      ),
    },
    {
      label: 'Request',
      value: (
        <span className="mono">
          {webhook.method} {webhook.path}
          {webhook.query ? `?${webhook.query}` : ''}
        </span>
      ),
    },
    { label: 'Secret key', value: lc.hasSecretKey ? 'present in body' : 'absent' },
  ];
  if (webhook.secret !== undefined) {
    fields.push({
      label: 'Secret',
      value: (
        <span className={`secret-${webhook.secret}`}>
          <Badge tone={SECRET_BADGES[webhook.secret].tone}>{webhook.secret}</Badge> {SECRET_SENTENCES[webhook.secret]}
        </span>
      ),
    });
  }
  const sentence = webhook.parseError === undefined ? summarize(webhook.json) : undefined;
  return (
    <div className="detail-summary">
      <div className="detail-heading">
        <h2 className="detail-title mono">{actionLabel(webhook)}</h2>
        <RetryBadge summary={webhook} />
      </div>
      <DetailActions webhook={webhook} />
      {sentence !== undefined && (
        <p className="detail-sentence" aria-label="Summary">
          {sentence}
        </p>
      )}
      {webhook.parseError !== undefined && (
        <p className="parse-error" role="note">
          Body is not JSON: {webhook.parseError}
        </p>
      )}
      <FieldList fields={fields} />
      <RetriesSection id={webhook.id} />
      {webhook.findings !== undefined && webhook.findings.length > 0 && <FindingsSection findings={webhook.findings} />}
    </div>
  );
}
