import { AppError } from '@shared/api/errors';
import type { Logger } from '../ports';
import type { Credential } from './credentials';
import type { LiveChatApi } from './livechat-api';

/**
 * Checks a Personal Access Token before LiveHook keeps it, and answers the scopes the checks proved.
 *
 * list_webhooks for the given Client ID needs a valid credential, the scope LiveHook cannot work without
 * (`webhooks.configuration:rw`) and an owner Client ID of the same organization — all three proven in one call; it is
 * also why a PAT sign-in asks for the Client ID (with a PAT there is no client in the token, reference §4, §6).
 * get_license_webhooks_state then tells whether the `webhooks.state` scope is there too; without it LiveHook still
 * works (registering is what matters), so its absence is noted rather than refused.
 */
export async function checkPat(api: LiveChatApi, p: { accountId: string; pat: string; clientId: string }, logger: Logger): Promise<string[]> {
  const credential: Credential = { kind: 'basic', accountId: p.accountId, pat: p.pat };
  const probe = api.withAuth({ current: async () => credential, rejected: async () => undefined });
  try {
    await probe.listWebhooks(p.clientId);
  } catch (err) {
    if (err instanceof AppError && err.code === 'unauthorized') {
      throw new AppError(
        'unauthorized',
        'LiveChat did not accept this account ID and Personal Access Token. Copy both again from Developer Console → Settings → Authorization → Personal Access Tokens (the token itself, not the Base64 string).',
        err.detail,
      );
    }
    throw err;
  }
  const verified = ['webhooks.configuration:rw'];
  try {
    await probe.getLicenseWebhooksState(p.clientId);
    verified.push('webhooks.state:ro');
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'livechat_error') throw err;
    logger.warn({ error: err.message }, 'the PAT cannot read the license webhook state');
  }
  return verified;
}
