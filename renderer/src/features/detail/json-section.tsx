import { useCallback, useEffect, useRef, useState } from 'react';
import type { CapturedWebhook } from '@shared/model/webhook';
import { copyToClipboard } from '../../lib/clipboard';
import { useAppStore } from '../../state/store-context';
import { JsonTree } from '../../ui/json-tree';

const FEEDBACK_MS = 1500;

export function JsonSection({ webhook }: { webhook: CapturedWebhook }) {
  const reportError = useAppStore((s) => s.reportError);
  const [copied, setCopied] = useState<string | undefined>(undefined);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const onCopy = useCallback(
    (text: string, what: 'value' | 'path') => {
      copyToClipboard(text).then(
        () => {
          setCopied(what === 'path' ? `Copied path ${text}` : 'Copied value');
          clearTimeout(timer.current);
          timer.current = setTimeout(() => setCopied(undefined), FEEDBACK_MS);
        },
        (err: unknown) => reportError(what === 'path' ? 'Copying a JSON path' : 'Copying a JSON value', err),
      );
    },
    [reportError],
  );

  if (webhook.parseError !== undefined || !('json' in webhook)) {
    return (
      <p className="muted">
        {webhook.parseError !== undefined ? `Body is not JSON: ${webhook.parseError}` : 'No JSON body.'} See “Raw body”.
      </p>
    );
  }
  return (
    <>
      <p className="copy-feedback" role="status" aria-live="polite">
        {copied ?? ''}
      </p>
      <JsonTree value={webhook.json} label="Webhook JSON" onCopy={onCopy} />
    </>
  );
}
