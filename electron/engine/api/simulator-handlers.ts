import type { Simulator } from '../simulator/simulator';
import type { Handlers } from './dispatch';

type SimulatorMethod =
  | 'simulator.actions'
  | 'simulator.scenarios'
  | 'simulator.generate'
  | 'simulator.send'
  | 'simulator.run'
  | 'simulator.cancel'
  | 'simulator.repeat'
  | 'simulator.recent'
  | 'simulator.saveScenario'
  | 'simulator.deleteScenario';

/**
 * Sends into LiveHook itself answer once every webhook is captured (fast, and the caller wants the ids). Sends to a URL
 * or the sandbox can take a minute under LiveChat's retries — longer than a control call may wait — so they answer
 * once sending has started and the record follows as `simulator.trigger` pushes.
 */
export function simulatorHandlers(simulator: Simulator): Pick<Handlers, SimulatorMethod> {
  return {
    'simulator.actions': () => simulator.catalogue(),
    'simulator.scenarios': () => simulator.scenarios(),
    'simulator.generate': (params) => simulator.generate(params),
    'simulator.send': async (params) => {
      const started = simulator.send(params);
      return params.destination.kind === 'self' ? await started.done : started.record;
    },
    'simulator.run': (params) => simulator.run(params).record,
    'simulator.cancel': ({ id }) => ({ cancelled: simulator.cancel(id) }),
    'simulator.repeat': async ({ id }) => {
      const started = simulator.repeat(id);
      return started.record.kind === 'send' && started.record.destination.kind === 'self' ? await started.done : started.record;
    },
    'simulator.recent': () => simulator.recent(),
    'simulator.saveScenario': (params) => simulator.saveScenario(params),
    'simulator.deleteScenario': ({ name }) => ({ deleted: simulator.deleteScenario(name) }),
  };
}
