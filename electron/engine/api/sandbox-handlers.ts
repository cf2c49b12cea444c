import { AppError } from '@shared/api/errors';
import type { LiveChatSandbox } from '../livechat-sandbox/sandbox';
import { SAMPLE_ACTIONS } from '../livechat-sandbox/sandbox';
import type { Logger } from '../ports';
import type { Handlers } from './dispatch';

export { toSandboxDelivery } from '../livechat-sandbox/sandbox-delivery';

/**
 * The sandbox runs only while somebody is signed in to it, so its handle is looked up per call. Delivery can take a
 * minute when the target fails (LiveChat's retries), so `sandbox.trigger` answers once delivery has started and the
 * attempts follow as pushes.
 */
export function sandboxHandlers(current: () => LiveChatSandbox | undefined, logger: Logger): Pick<Handlers, 'sandbox.actions' | 'sandbox.trigger'> {
  return {
    'sandbox.actions': () => [...SAMPLE_ACTIONS],
    'sandbox.trigger': ({ action, payload }) => {
      const sandbox = current();
      if (!sandbox) throw new AppError('conflict', 'The sandbox is not running: sign in with the Sandbox account first.');
      if (payload === undefined && !(SAMPLE_ACTIONS as readonly string[]).includes(action)) {
        throw new AppError('bad_request', `No sample payload for ${action}: give a payload, or pick one of ${SAMPLE_ACTIONS.join(', ')}.`);
      }
      sandbox.trigger(payload === undefined ? { action } : { action, payload }).catch((err: unknown) => {
        logger.error({ err, action }, 'sandbox delivery failed');
      });
      return { action };
    },
  };
}
