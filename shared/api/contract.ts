import { deliveryMethods, deliveryPushes } from './domains/delivery';
import { eventsMethods, eventsPushes } from './domains/events';
import { receiverMethods, receiverPushes } from './domains/receiver';
import { livechatMethods, livechatPushes } from './domains/livechat';
import { sandboxMethods, sandboxPushes } from './domains/sandbox';
import { simulatorMethods, simulatorPushes } from './domains/simulator';
import { tunnelMethods, tunnelPushes } from './domains/tunnel';

/**
 * The one seam between the engine and any renderer. Every request method and every pushed event is declared once,
 * in its domain file under `domains/`, and gathered here: the engine's dispatcher, the IPC bridge, the preload, the
 * WebSocket server and the renderer's clients are all driven by these two maps. Adding a method = one entry in a
 * domain file + one handler in `electron/engine/api/`.
 */

export { EventsListParams, type EventsPage } from './domains/events';
export type { ReceiverInfo } from './domains/receiver';
export type { TunnelSettings, TunnelState, TunnelStatus, TunnelUrlChange } from './domains/tunnel';

export const methods = {
  ...eventsMethods,
  ...receiverMethods,
  ...tunnelMethods,
  ...livechatMethods,
  ...sandboxMethods,
  ...simulatorMethods,
  ...deliveryMethods,
} as const;

export const pushes = {
  ...eventsPushes,
  ...receiverPushes,
  ...tunnelPushes,
  ...livechatPushes,
  ...sandboxPushes,
  ...simulatorPushes,
  ...deliveryPushes,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type ParamsOf<M extends MethodName> = import('zod').input<Methods[M]['params']>;
export type ResultOf<M extends MethodName> = Methods[M]['result'];

export type Pushes = typeof pushes;
export type PushName = keyof Pushes;
export type PayloadOf<E extends PushName> = Pushes[E]['payload'];

export const METHOD_NAMES = Object.keys(methods) as MethodName[];
export const PUSH_NAMES = Object.keys(pushes) as PushName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methods, name);
}

export function isPushName(name: unknown): name is PushName {
  return typeof name === 'string' && Object.hasOwn(pushes, name);
}
