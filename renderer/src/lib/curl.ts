import type { CapturedWebhook } from '@shared/model/webhook';
import { fromBase64 } from '@shared/export/bytes';
import { curlCommand } from '@shared/export/curl';
import { redactHeaders, redactSecretKey } from '@shared/export/redact';

/**
 * A cURL command that sends the webhook again, as it arrived, to `receiverUrl`. Like every export, `secret_key` and
 * credential headers are redacted: a clipboard ends up in chats and tickets.
 */
export function curlFor(webhook: CapturedWebhook, receiverUrl: string): string {
  return curlCommand(
    {
      receivedAt: webhook.receivedAt,
      method: webhook.method,
      path: webhook.path,
      query: webhook.query,
      headers: redactHeaders(webhook.headers),
      body: redactSecretKey(fromBase64(webhook.bodyBase64)),
      answerStatus: webhook.answer.status,
      id: webhook.id,
    },
    receiverUrl,
  );
}
