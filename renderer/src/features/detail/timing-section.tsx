import type { CapturedWebhook } from '@shared/model/webhook';
import { formatDateTime, formatMs } from '../../lib/format';
import { FieldList } from './field-list';

export function TimingSection({ webhook }: { webhook: CapturedWebhook }) {
  const { timing, answer } = webhook;
  return (
    <FieldList
      className="timing"
      fields={[
        { label: 'Started at', value: formatDateTime(timing.startedAtMs) },
        { label: 'Body received in', value: formatMs(timing.bodyMs) },
        { label: 'Made durable in', value: formatMs(timing.persistMs) },
        { label: 'Answer latency', value: `${formatMs(answer.latencyMs)} (status ${answer.status})` },
        { label: 'Deliberate delay', value: formatMs(answer.delayMs) },
        { label: 'Remote address', value: webhook.remoteAddress },
      ]}
    />
  );
}
