import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import type { DeliveryRecord, ReplayCheck } from '@shared/api/domains/delivery';
import type { CapturedWebhook } from '@shared/model/webhook';
import { decodeBody } from '../../lib/body-text';
import { useAppStore } from '../../state/store-context';
import { Badge } from '../../ui/badge';
import { AttemptTimeline } from './attempt-timeline';
import { DestinationPicker, destinationOf } from './destination-picker';
import { IdempotencyReportView } from './idempotency-report';
import { ReplayDiff } from './replay-diff';
import './delivery.css';

type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

function parse(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, error: `Invalid JSON: ${(err as Error).message}` };
  }
}

/** Replay one webhook as captured, or edited (checked against the catalogue, diffed from the original). */
export function ReplayDialog() {
  const id = useAppStore((s) => s.replayFor);
  const detail = useAppStore((s) => s.detail);
  const close = useAppStore((s) => s.openReplay);
  if (id === undefined) return null;
  const webhook = detail.status === 'loaded' && detail.webhook.id === id ? detail.webhook : undefined;
  return (
    <div className="replay-dialog" role="dialog" aria-modal="true" aria-label="Replay webhook">
      {webhook ? <ReplayForm webhook={webhook} onClose={() => close(undefined)} /> : <p className="muted">Loading the webhook…</p>}
    </div>
  );
}

function ReplayForm({ webhook, onClose }: { webhook: CapturedWebhook; onClose(): void }) {
  const original = useMemo(() => decodeBody(webhook.bodyBase64).text, [webhook.bodyBase64]);
  const [text, setText] = useState(original);
  const [choice, setChoice] = useState<string | undefined>(undefined);
  const [url, setUrl] = useState('http://localhost:3000/livechat/webhooks');
  const [check, setCheck] = useState<ReplayCheck | undefined>(undefined);
  const [sent, setSent] = useState<string | undefined>(undefined);
  const firstTarget = useAppStore((s) => s.forwarding?.targets[0]?.id ?? '');
  const replay = useAppStore((s) => s.replay);
  const checkReplay = useAppStore((s) => s.checkReplay);
  const checkIdempotency = useAppStore((s) => s.checkIdempotency);
  const report = useAppStore((s) => s.idempotency);
  const delivery = useAppStore((s) => (sent === undefined ? undefined : s.deliveries.find((d) => d.deliveryId === sent)));
  const pick = choice ?? firstTarget;
  const to = destinationOf(pick, url);
  const edited = text !== original;
  const parsed = useMemo(() => (edited ? parse(text) : undefined), [edited, text]);

  // Catalogue findings for an edit, asked a moment after typing stops.
  useEffect(() => {
    if (!edited || !parsed?.ok) {
      setCheck(undefined);
      return;
    }
    const timer = setTimeout(() => void checkReplay(webhook.id, text).then(setCheck), 300);
    return () => clearTimeout(timer);
  }, [edited, parsed, text, webhook.id, checkReplay]);

  async function send(): Promise<void> {
    if (!to || (parsed && !parsed.ok)) return;
    const r: DeliveryRecord | undefined = await replay(webhook.id, to, edited ? text : undefined);
    if (r) setSent(r.deliveryId);
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>): void {
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    }
  }

  return (
    <div onKeyDown={onKeyDown}>
      <div className="delivery-panel-head">
        <h2 className="tunnel-panel-title">Replay {webhook.action ?? 'webhook'}</h2>
        <span className="muted">{webhook.id}</span>
        <span className="header-spacer" />
        <button type="button" className="button button-small" onClick={onClose}>
          Close
        </button>
      </div>
      <DestinationPicker choice={pick} url={url} onChoice={setChoice} onUrl={setUrl} />
      <p className="muted">
        {webhook.bodyTruncated
          ? 'This body was over the size limit: only its first bytes were kept, so it cannot be replayed.'
          : edited
            ? 'Edited: the new text is sent as UTF-8 JSON.'
            : 'Unedited: the captured bytes are sent exactly, with the original headers (minus hop-by-hop ones).'}
      </p>
      <textarea className="replay-editor" aria-label="Body to send" spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
      {parsed && !parsed.ok && (
        <p role="alert" className="error-text">
          {parsed.error}. It cannot be sent until it is valid JSON.
        </p>
      )}
      {check && check.findings.length > 0 && (
        <ul aria-label="Schema warnings">
          {check.findings.map((f) => (
            <li key={`${f.path}-${f.message}`}>
              <Badge tone="warn">{f.severity}</Badge> <code>{f.path}</code> {f.message}
            </li>
          ))}
        </ul>
      )}
      {parsed?.ok && webhook.json !== undefined && <ReplayDiff original={webhook.json} edited={parsed.value} />}
      <div className="delivery-inline">
        <button type="button" className="button" disabled={!to || (parsed !== undefined && !parsed.ok) || webhook.bodyTruncated} onClick={() => void send()}>
          {edited ? 'Send edited' : 'Replay'}
        </button>
        <button type="button" className="button button-small" disabled={!to || webhook.bodyTruncated} onClick={() => to && void checkIdempotency(webhook.id, to)}>
          Check idempotency (send twice)
        </button>
      </div>
      {delivery && (
        <div aria-label="Replay result">
          <Badge tone={delivery.delivered ? 'ok' : delivery.done ? 'error' : 'info'}>{delivery.verdict}</Badge>
          <AttemptTimeline delivery={delivery} />
        </div>
      )}
      {report && report.first.webhookId === webhook.id && <IdempotencyReportView report={report} />}
    </div>
  );
}
