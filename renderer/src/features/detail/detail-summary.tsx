import { summarize } from '@shared/livechat/catalogue';
import type { CapturedWebhook } from '@shared/model/webhook';
import { SECRET_BADGES, SECRET_SENTENCES } from '../../lib/livechat-words';
import { formatDateTime, formatMs } from '../../lib/format';
import { Badge } from '../../ui/badge';
import { actionLabel } from '../event-list/event-row';
import { FieldList, type Field } from './field-list';
import { FindingsSection } from './findings-section';

const missing = <span className="muted">—</span>;

function text(value: string | undefined) {
  return value === undefined ? missing : <span className="mono">{value}</span>;
}

export function DetailSummary({ webhook }: { webhook: CapturedWebhook }) {
  const lc = webhook.livechat;
  const fields: Field[] = [
    { label: 'Action', value: <span className="mono">{actionLabel(webhook)}</span> },
    { label: 'Webhook ID', value: text(webhook.webhookId ?? lc.webhookId) },
    lc.licenseId !== undefined && (webhook.organizationId ?? lc.organizationId) === undefined
      ? { label: 'License ID', value: text(lc.licenseId) }
      : { label: 'Organization ID', value: text(webhook.organizationId ?? lc.organizationId) },
    { label: 'Chat ID', value: text(webhook.chatId ?? lc.chatId) },
    { label: 'Thread ID', value: text(webhook.threadId ?? lc.threadId) },
    { label: 'Event ID', value: text(lc.eventId) },
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
      <h2 className="detail-title mono">{actionLabel(webhook)}</h2>
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
      {webhook.findings !== undefined && webhook.findings.length > 0 && <FindingsSection findings={webhook.findings} />}
    </div>
  );
}
