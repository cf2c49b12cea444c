import type { PayloadOf, PushName } from '@shared/api/contract';
import type { Logger } from './ports';
import type { PushListener } from './types';

/** Fan-out of engine pushes to the shells. A listener that throws is logged and does not stop the others. */
export class PushBus {
  private readonly listeners = new Set<PushListener>();

  constructor(private readonly logger: Logger) {}

  on(listener: PushListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends PushName>(event: E, payload: PayloadOf<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch (err) {
        this.logger.error({ err, event }, 'push listener failed');
      }
    }
  }
}
