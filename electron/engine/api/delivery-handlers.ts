import { AppError } from '@shared/api/errors';
import type { DeliveryService } from '../delivery/delivery-service';
import { checkEditedBody, type Replayer } from '../delivery/replay';
import type { Handlers } from './dispatch';

type DeliveryMethod =
  | 'targets.list'
  | 'targets.save'
  | 'targets.remove'
  | 'forwarding.get'
  | 'forwarding.configure'
  | 'delivery.setPolicy'
  | 'delivery.list'
  | 'delivery.stats'
  | 'replay.send'
  | 'replay.check'
  | 'replay.bulk'
  | 'replay.cancel'
  | 'replay.idempotency'
  | 'rules.list'
  | 'rules.add'
  | 'rules.preset'
  | 'rules.setEnabled'
  | 'rules.remove';

export function deliveryHandlers(service: DeliveryService, replayer: Replayer): Pick<Handlers, DeliveryMethod> {
  return {
    'targets.list': () => service.targets.list(),
    'targets.save': (p) => {
      const t = service.targets.save(p);
      service.targetsChanged();
      return t;
    },
    'targets.remove': ({ id }) => {
      const removed = service.targets.remove(id);
      service.targetsChanged();
      return { removed };
    },
    'forwarding.get': () => service.forwardingState(),
    'forwarding.configure': (p) => {
      service.targets.configure({ ...(p.enabled === undefined ? {} : { enabled: p.enabled }), ...(p.mode === undefined ? {} : { mode: p.mode }) });
      return service.targetsChanged();
    },
    'delivery.setPolicy': (p) => {
      if (p.name !== 'custom' && (p.timeoutMs !== undefined || p.retryDelaysMs !== undefined)) {
        throw new AppError('bad_request', `The ${p.name} policy is fixed; choose "custom" to set a timeout or a retry schedule.`);
      }
      return service.setPolicy(p);
    },
    'delivery.list': (p) => service.history.list(p),
    'delivery.stats': () => service.history.stats(),
    'replay.send': (p) => replayer.send(p),
    'replay.check': async ({ id, body }) => {
      if (!(await service.store.get(id))) throw new AppError('not_found', `No webhook with id ${id} in history.`);
      return checkEditedBody(body);
    },
    'replay.bulk': (p) => replayer.bulk(p),
    'replay.cancel': ({ jobId }) => ({ cancelled: replayer.cancel(jobId) }),
    'replay.idempotency': ({ id, to }) => replayer.idempotency(id, to),
    'rules.list': () => service.rules.list(),
    'rules.add': (p) => service.rules.add(p),
    'rules.preset': ({ preset }) => service.rules.addPreset(preset),
    'rules.setEnabled': ({ id, enabled }) => service.rules.setEnabled(id, enabled),
    'rules.remove': ({ id }) => ({ removed: service.rules.remove(id) }),
  };
}
