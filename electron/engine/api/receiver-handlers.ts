import type { ReceiverInfo } from '@shared/api/contract';
import type { Handlers } from './dispatch';

export function receiverHandlers(info: () => ReceiverInfo): Pick<Handlers, 'receiver.info'> {
  return {
    'receiver.info': () => info(),
  };
}
