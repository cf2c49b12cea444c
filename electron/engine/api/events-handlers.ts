import { AppError } from '@shared/api/errors';
import type { CapturedWebhook } from '@shared/model/webhook';
import type { Handlers } from './dispatch';
import type { WebhookStore } from '../history/webhook-store';

export function eventsHandlers(store: WebhookStore): Pick<Handlers, 'events.list' | 'events.get' | 'events.clear'> {
  return {
    'events.list': (params) => store.list(params),
    'events.get': async ({ id }): Promise<CapturedWebhook> => {
      const record = await store.get(id);
      if (!record) throw new AppError('not_found', `No webhook with id ${id} in history (it may have been cleared or removed by retention).`);
      return record;
    },
    'events.clear': async () => ({ removed: await store.clear() }),
  };
}
