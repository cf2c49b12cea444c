import { useMemo, useState } from 'react';
import type { CapturedWebhook } from '@shared/model/webhook';
import { decodeBody } from '../../lib/body-text';
import { formatBytes } from '../../lib/format';
import { useAppStore } from '../../state/store-context';
import { CopyButton } from '../../ui/copy-button';

/**
 * Characters per page of raw body. A browser lays out one <pre> of tens of MiB in seconds and keeps it all in memory
 * as layout; a page of 64 K characters renders in a frame.
 */
export const RAW_PAGE_CHARS = 64 * 1024;

export function RawBodySection({ webhook }: { webhook: CapturedWebhook }) {
  const reportError = useAppStore((s) => s.reportError);
  // Decoded once per webhook (the tab only mounts when shown); paging slices the decoded string.
  const body = useMemo(() => decodeBody(webhook.bodyBase64), [webhook.bodyBase64]);
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(body.text.length / RAW_PAGE_CHARS));
  const at = Math.min(page, pages - 1);
  const text = pages === 1 ? body.text : body.text.slice(at * RAW_PAGE_CHARS, (at + 1) * RAW_PAGE_CHARS);
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
      {pages > 1 && (
        <nav className="pager" aria-label="Raw body pages">
          <button type="button" className="button button-small" disabled={at === 0} onClick={() => setPage(at - 1)}>
            Previous
          </button>
          <span>
            Page {at + 1} of {pages} · characters {(at * RAW_PAGE_CHARS).toLocaleString('en-US')}–
            {Math.min(body.text.length, (at + 1) * RAW_PAGE_CHARS).toLocaleString('en-US')} of {body.text.length.toLocaleString('en-US')}
          </span>
          <button type="button" className="button button-small" disabled={at === pages - 1} onClick={() => setPage(at + 1)}>
            Next
          </button>
        </nav>
      )}
      {body.bytes === 0 ? <p className="muted">Empty body.</p> : <pre className="raw-body-text">{text}</pre>}
    </div>
  );
}
