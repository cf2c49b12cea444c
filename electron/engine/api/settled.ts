import type { Handlers } from './dispatch';

/**
 * Wraps handlers that read captured webhooks so each first waits until whatever the receiver acknowledged has been
 * analysed (a few ms at most unless the receiver is overloaded): a caller that got a 200 then sees that webhook
 * listed, searchable, readable and replayable.
 */
export function afterSettled<H extends Partial<Handlers>>(store: { settled(): Promise<void> }, handlers: H): H {
  const out: Record<string, (p: unknown) => unknown> = {};
  for (const [method, handler] of Object.entries(handlers) as [string, (p: unknown) => unknown][]) {
    out[method] = async (p) => {
      await store.settled();
      return handler(p);
    };
  }
  return out as H;
}
