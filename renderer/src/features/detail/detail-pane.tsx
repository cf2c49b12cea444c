import type { CapturedWebhook } from '@shared/model/webhook';
import { useAppStore } from '../../state/store-context';
import { Tabs } from '../../ui/tabs';
import { ReplayButton } from '../delivery/replay-button';
import { DetailSummary } from './detail-summary';
import { HeadersTable } from './headers-table';
import { JsonSection } from './json-section';
import { RawBodySection } from './raw-body-section';
import { TimingSection } from './timing-section';

function DetailTabs({ webhook }: { webhook: CapturedWebhook }) {
  return (
    <Tabs
      label="Webhook sections"
      tabs={[
        { id: 'json', label: 'JSON', render: () => <JsonSection webhook={webhook} /> },
        { id: 'raw', label: 'Raw body', render: () => <RawBodySection webhook={webhook} /> },
        { id: 'headers', label: 'Headers', render: () => <HeadersTable webhook={webhook} /> },
        { id: 'timing', label: 'Timing', render: () => <TimingSection webhook={webhook} /> },
      ]}
    />
  );
}

export function DetailPane() {
  const detail = useAppStore((s) => s.detail);
  let body;
  switch (detail.status) {
    case 'idle':
      body = <p className="pane-message muted">Select a webhook to see its details.</p>;
      break;
    case 'loading':
      body = <p className="pane-message muted">Loading…</p>;
      break;
    case 'failed':
      body = <p className="pane-message error-text">Could not open this webhook: {detail.message}</p>;
      break;
    case 'loaded':
      body = (
        <>
          <DetailSummary webhook={detail.webhook} />
          <ReplayButton id={detail.webhook.id} />
          <DetailTabs webhook={detail.webhook} />
        </>
      );
      break;
  }
  return (
    <section className="detail-pane" aria-label="Webhook detail" aria-busy={detail.status === 'loading'}>
      {body}
    </section>
  );
}
