/**
 * Sending webhooks to the developer's service: one deliverer under a LiveChat-like policy, targets and forwarding,
 * replay (single, edited, bulk, idempotency) and the response rules the receiver applies.
 */
export { createDeliverer, type ClosableDeliverer, type DelivererDeps } from './deliverer';
export { DeliveryService, type CaptureStore, type DeliveryEmit, type DeliveryJob, type DeliveryServiceDeps } from './delivery-service';
export { DeliveryLog } from './delivery-log';
export { sanitizeHeaders } from './headers';
export { readPolicy, resolvePolicy, singleAttempt, verdictOf } from './policy';
export { Replayer, checkEditedBody, type BulkOptions, type ReplayOptions } from './replay';
export { Targets } from './targets';
export type { AttemptRecord, DeliverOptions, Deliverer, DeliveryOutcome, OutgoingRequest, PolicySpec } from './types';
