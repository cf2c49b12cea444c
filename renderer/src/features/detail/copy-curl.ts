import type { AppStore } from '../../state/create-app-store';
import { copyToClipboard } from '../../lib/clipboard';
import { curlFor } from '../../lib/curl';

/**
 * Copies the open webhook as a cURL command aimed at this LiveHook's receiver (so it can be replayed as it came),
 * built here from the full record. Says what happened in the detail pane's notice line.
 */
export async function copyOpenWebhookAsCurl(store: AppStore): Promise<boolean> {
  const s = store.getState();
  if (s.detail.status !== 'loaded') {
    s.setInspectorNotice('Open a webhook first to copy it as cURL.');
    return false;
  }
  const receiver = s.receiver?.localUrl;
  if (receiver === undefined) {
    s.setInspectorNotice('The receiver URL is not known yet.');
    return false;
  }
  try {
    await copyToClipboard(curlFor(s.detail.webhook, receiver));
  } catch (err) {
    s.reportError('Copying as cURL', err);
    return false;
  }
  store.getState().setInspectorNotice(`Copied as cURL (to ${receiver}; secret_key redacted).`);
  return true;
}
