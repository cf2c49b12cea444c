import { useMemo } from 'react';
import type { CapturedWebhook } from '@shared/model/webhook';
import { decodeBody } from '../../lib/body-text';
import { formatBytes } from '../../lib/format';
import { useAppStore } from '../../state/store-context';
import { CopyButton } from '../../ui/copy-button';

export function RawBodySection({ webhook }: { webhook: CapturedWebhook }) {
  const reportError = useAppStore((s) => s.reportError);
  const body = useMemo(() => decodeBody(webhook.bodyBase64), [webhook.bodyBase64]);
  return (
    <div className="raw-body">
      <div className="section-bar">
        <span>
          {formatBytes(webhook.bodySize)} ({webhook.bodySize.toLocaleString('en-US')} bytes)
          {webhook.contentType ? ` · ${webhook.contentType}` : ''}
        </span>
        <CopyButton text={body.text} label="Copy raw body" onError={(err) => reportError('Copying the body', err)} />
      </div>
      {webhook.bodyTruncated && (
        <p className="notice" role="note">
          Truncated: the body was over the size limit; only the first {body.bytes.toLocaleString('en-US')} of{' '}
          {webhook.bodySize.toLocaleString('en-US')} bytes were kept.
        </p>
      )}
      {body.bytes === 0 ? <p className="muted">Empty body.</p> : <pre className="raw-body-text">{body.text}</pre>}
    </div>
  );
}
