/**
 * The LiveChat action catalogue (reference §3): every v3.6 action, the legacy names old registrations still send and
 * the Developer Console's app webhooks — each with its group, a one-line description, where its ids sit, its filters
 * and additional data, a lenient zod schema and a summary sentence — and the check run on every captured webhook.
 */
export {
  APP_EVENTS,
  CURRENT_ACTIONS,
  GROUPS,
  LEGACY_ACTIONS,
  type ActionGroup,
  type AdditionalDataName,
  type AppEvent,
  type CurrentAction,
  type FilterName,
  type LegacyAction,
} from './action-names';
export { ACTION_GROUPS, CATALOGUE, catalogueEntry } from './catalogue';
export { checkWebhookBody, summarize, type WebhookCheck } from './check';
export { MAX_FINDINGS } from './checker';
export type { ActionStatus, CatalogueEntry, IdPaths } from './entry';
export { valueAtPath } from './json-path';
export { EVENT_TYPES } from './payloads';
