import type { ReceiverSlice } from './app-state';
import type { SliceKit } from './slice-kit';

export function createReceiverSlice({ client, set, get }: SliceKit): ReceiverSlice {
  return {
    receiver: undefined,
    historyCount: 0,
    async refreshReceiver() {
      try {
        const info = await client.call('receiver.info', {});
        set({ receiver: info, historyCount: info.count });
        return info;
      } catch (err) {
        get().reportError('Reading receiver info', err);
        return undefined;
      }
    },
  };
}
