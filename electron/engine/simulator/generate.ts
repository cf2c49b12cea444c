import { AppError } from '@shared/api/errors';
import { catalogueEntry, EVENT_TYPES, type CatalogueEntry, type CurrentAction } from '@shared/livechat/catalogue';
import { CHAT_BUILDERS, type BuildOptions, type Builder } from './chat-payloads';
import { CONFIG_BUILDERS } from './config-payloads';
import { isEventType } from './events';
import { APP_BUILDERS, appEnvelopeFields, LEGACY_BUILDERS } from './legacy-payloads';
import { parseAssignment, setAtPath, type Assignment } from './set-path';
import type { SimWorld } from './world';

/**
 * Webhook bodies for every action of the catalogue, in LiveChat's envelope for the API version that sends it
 * (reference §2.3): v3.4+ bodies carry `organization_id`, 3.2–3.3 ones `license_id`, v3.1 names neither; Configuration
 * webhooks carry `requester`; app webhooks have their own camelCase envelope. Keys are in the docs' order, so a body
 * reads like the examples.
 */

export interface GenerateOptions extends BuildOptions {
  /** Fill `additional_data` as a registration that asked for every value would get it (§2.7). Default false: `{}`. */
  additionalData?: boolean;
  /** Overrides, applied last: `path=value` strings or parsed assignments. */
  set?: ReadonlyArray<string | Assignment>;
  /** Time since the previous body of the run, ms. Default: a few seconds, from the seed. */
  gapMs?: number;
}

export type WebhookBody = Record<string, unknown>;

/** Typed per action so a new catalogue action without a builder fails to compile. */
const CURRENT_BUILDERS: Readonly<Record<CurrentAction, Builder>> = { ...CHAT_BUILDERS, ...CONFIG_BUILDERS };
const BUILDERS: Readonly<Record<string, Builder>> = { ...CURRENT_BUILDERS, ...LEGACY_BUILDERS };

/** Legacy names from API 3.2–3.3, whose bodies carry `license_id` (§2.3: replaced by organization_id in 3.4). */
const LICENSE_ID_ACTIONS = new Set(['chat_access_granted', 'chat_access_revoked', 'customer_created', 'follow_up_requested']);

export function entryFor(action: string): CatalogueEntry {
  const entry = catalogueEntry(action);
  if (entry === undefined) {
    throw new AppError('bad_request', `Unknown action "${action.slice(0, 100)}": the simulator makes every action of LiveHook's catalogue (list them with simulator.actions).`);
  }
  return entry;
}

export function checkEventType(action: string, eventType: string | undefined): void {
  if (eventType === undefined) return;
  if (action !== 'incoming_event' && action !== 'event_updated') {
    throw new AppError('bad_request', `An event type only applies to incoming_event and event_updated, not ${action}.`);
  }
  if (!isEventType(eventType)) throw new AppError('bad_request', `Unknown event type "${eventType.slice(0, 60)}": use one of ${EVENT_TYPES.join(', ')}.`);
}

/** The payload, and what LiveChat knows around it, for `action`: what the sandbox LiveChat wraps in its own envelope. */
export interface GeneratedEvent {
  payload: unknown;
  /** Everything a registration could ask for; empty for actions without additional data. */
  additional_data: Record<string, unknown>;
  requester?: { user_id: string; account_id: string; client_id: string };
}

export function generateEvent(world: SimWorld, action: string, opts: GenerateOptions = {}): GeneratedEvent {
  const entry = entryFor(action);
  checkEventType(action, opts.eventType);
  if (entry.status === 'app') throw new AppError('bad_request', `${action} is an app webhook: it has no chat webhook payload.`);
  world.advance(opts.gapMs ?? world.random.int(1_500, 9_000));
  const payload = BUILDERS[action]!(world, opts);
  const event: GeneratedEvent = { payload, additional_data: additionalData(world, entry) };
  if (entry.group === 'Configuration' && entry.status === 'current') event.requester = world.requester();
  return event;
}

export function generateBody(world: SimWorld, action: string, opts: GenerateOptions = {}): WebhookBody {
  const entry = entryFor(action);
  let body: WebhookBody;
  if (entry.status === 'app') {
    checkEventType(action, opts.eventType);
    world.advance(opts.gapMs ?? world.random.int(1_500, 9_000));
    const fields = appEnvelopeFields(world);
    const payload = APP_BUILDERS[action as keyof typeof APP_BUILDERS](world, fields.applicationID);
    const { licenseID, organizationID, userID, ...head } = fields;
    body = { ...head, event: action, licenseID, organizationID, payload, userID };
  } else {
    const event = generateEvent(world, action, opts);
    body = { webhook_id: world.webhookId(action), secret_key: world.secretKey, action };
    if (entry.versions !== '3.1 and older') {
      if (LICENSE_ID_ACTIONS.has(action)) body.license_id = world.licenseId;
      else body.organization_id = world.organizationId;
    }
    body.payload = event.payload;
    if (event.requester !== undefined) body.requester = event.requester;
    body.additional_data = opts.additionalData === true ? event.additional_data : {};
  }
  for (const item of opts.set ?? []) {
    const { path, value } = typeof item === 'string' ? parseAssignment(item) : item;
    setAtPath(body, path, value);
  }
  return body;
}

function additionalData(world: SimWorld, entry: CatalogueEntry): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (entry.additionalData.length === 0) return out;
  const chat = world.currentChat();
  if (entry.additionalData.includes('chat_properties')) out.chat_properties = world.chatProperties();
  if (entry.additionalData.includes('chat_presence_user_ids')) out.chat_presence_user_ids = world.presence(chat);
  return out;
}
