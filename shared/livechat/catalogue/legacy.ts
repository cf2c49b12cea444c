import type { AppEvent, LegacyAction } from './action-names';
import { CHAT_DATA, NO_DATA, type EntryDef, type LegacyDef } from './entry';
import { appEnvelope, chatEnvelope, oldEnvelope } from './envelopes';
import { asText, capitalize, field, isObj, listOf, objAt, strAt, whoIs, type Obj } from './read';
import { arr, num, obj, opt, str, type FieldsInput, type ObjectSpec } from './spec';
import { CURRENT_SUMMARIES, chatRef, type Summarizer } from './summaries';

/**
 * Names LiveChat no longer documents but old registrations may still send (reference §3 "Older/other action names"),
 * and the Developer Console's app webhooks. Their payloads are only loosely known, so little is required: the point is
 * to recognise them, say what replaced them, and summarise what they carry.
 */

const ID = str();
const V31_DATA = ['chat_properties'] as const; // chat_presence_user_ids arrived in v3.3

interface V31 extends Pick<EntryDef, 'group' | 'description' | 'ids' | 'summarize'> {
  readonly replacedBy: string;
  readonly payload: ObjectSpec;
  /** agent_status_changed is not about a chat: no additional data. */
  readonly chatScoped?: boolean;
}

/** The names API v3.2 renamed (reference §3, last row of the table). */
function v31({ replacedBy, payload, chatScoped = true, ...rest }: V31): LegacyDef {
  return {
    ...rest,
    versions: '3.1 and older',
    replacedBy,
    retiredIn: '3.2',
    filters: [],
    additionalData: chatScoped ? V31_DATA : NO_DATA,
    body: oldEnvelope(payload),
  };
}

const CHAT_THREAD = { chat: 'payload.chat_id', thread: 'payload.thread_id' } as const;
const looseChatThread = (more: FieldsInput = {}): ObjectSpec => obj({ chat_id: opt(ID), thread_id: opt(ID), ...more });

/** chat_access_granted/revoked (3.2–3.3) and access_granted/revoked/set (≤3.1): `{resource?, id, access}`. */
function accessText(verb: string): Summarizer {
  return (p) => {
    const resource = strAt(p, 'resource', 20) ?? 'chat';
    const id = strAt(p, 'id');
    const groups = listOf(field(objAt(p, 'access'), 'group_ids'));
    const target = id === undefined ? `a ${resource}` : `${resource} ${id}`;
    return `Access to ${target} was ${verb}${groups === undefined ? '' : ` group ${groups}`}`;
  };
}

/** incoming_customer / customer_created: the docs nest the customer in `payload.customer`, the Go SDK reads `payload`. */
const newCustomer: Summarizer = (p) => {
  const customer = objAt(p, 'customer') ?? (isObj(p) ? p : undefined);
  const id = strAt(customer, 'id');
  const name = strAt(customer, 'name', 60) ?? strAt(customer, 'email', 80);
  if (name === undefined) return id === undefined ? undefined : `New customer ${id}`;
  return `New customer ${name}${id === undefined ? '' : ` (${id})`}`;
};

function autoAccessText(verb: string): Summarizer {
  return (p, body) => {
    const description = asText(field(p, 'description'), 80);
    const id = strAt(p, 'id');
    const rule = description !== undefined ? `"${description}"` : (id ?? '');
    const requester = strAt(objAt(body, 'requester'), 'user_id');
    return `Auto access rule ${rule}${rule === '' ? '' : ' '}was ${verb}${requester === undefined ? '' : ` by ${requester}`}`;
  };
}

const AUTO_ACCESS_RULE = obj({
  id: ID,
  description: opt(str()),
  access: opt(obj({ groups: opt(arr(num)) })),
  conditions: opt(obj()),
  next_id: opt(str()),
});

const ACCESS_PAYLOAD = obj({ id: ID, access: obj({ group_ids: opt(arr(num)) }) });
/** v3.1's access_* also named the resource (chat or thread). */
const V31_ACCESS = obj({ resource: opt(str()), id: opt(ID), access: opt(obj()) });

export const LEGACY_DEFS: Readonly<Record<LegacyAction, LegacyDef>> = {
  chat_access_granted: {
    group: 'Chat access', description: 'Groups were granted access to a chat', versions: '3.2–3.3', replacedBy: 'chat_access_updated', retiredIn: '3.4',
    ids: { chat: 'payload.id' }, filters: [], additionalData: CHAT_DATA, body: chatEnvelope(ACCESS_PAYLOAD), summarize: accessText('granted to'),
  },
  chat_access_revoked: {
    group: 'Chat access', description: 'Groups lost access to a chat', versions: '3.2–3.3', replacedBy: 'chat_access_updated', retiredIn: '3.4',
    ids: { chat: 'payload.id' }, filters: [], additionalData: CHAT_DATA, body: chatEnvelope(ACCESS_PAYLOAD), summarize: accessText('revoked from'),
  },
  incoming_customer: {
    group: 'Customers', description: 'A new customer registered', versions: '3.3–3.5', retiredIn: '3.6',
    ids: { user: 'payload.customer.id' }, filters: [], additionalData: NO_DATA, summarize: newCustomer,
    body: chatEnvelope(
      obj({ customer: opt(obj({ id: ID })), id: opt(ID) }, [
        { keys: ['customer', 'id'], hint: "the docs nest the customer in payload.customer; LiveChat's Go SDK reads it from the payload itself" },
      ]),
    ),
  },
  customer_created: {
    group: 'Customers', description: 'A new customer registered', versions: '3.2 and older', replacedBy: 'incoming_customer', retiredIn: '3.3',
    ids: { user: 'payload.id' }, filters: [], additionalData: NO_DATA, summarize: newCustomer,
    body: oldEnvelope(obj({ id: opt(ID), customer: opt(obj({ id: ID })) })),
  },
  auto_access_added: {
    group: 'Configuration', description: 'An auto access rule was added', versions: '3.4', replacedBy: 'auto_accesses_updated', retiredIn: '3.5',
    ids: {}, filters: [], additionalData: NO_DATA, body: chatEnvelope(AUTO_ACCESS_RULE), summarize: autoAccessText('added'),
  },
  auto_access_updated: {
    group: 'Configuration', description: 'An auto access rule was changed', versions: '3.4', replacedBy: 'auto_accesses_updated', retiredIn: '3.5',
    ids: {}, filters: [], additionalData: NO_DATA, body: chatEnvelope(AUTO_ACCESS_RULE), summarize: autoAccessText('updated'),
  },
  auto_access_deleted: {
    group: 'Configuration', description: 'An auto access rule was deleted', versions: '3.4', replacedBy: 'auto_accesses_updated', retiredIn: '3.5',
    ids: {}, filters: [], additionalData: NO_DATA, body: chatEnvelope(obj({ id: ID })), summarize: autoAccessText('deleted'),
  },
  follow_up_requested: {
    group: 'Other', description: 'A customer asked for a follow-up', versions: '3.2 previews', retiredIn: '3.2',
    ids: { ...CHAT_THREAD, user: 'payload.customer_id' }, filters: [], additionalData: NO_DATA,
    body: oldEnvelope(looseChatThread({ customer_id: opt(ID) })),
    summarize: (p) => {
      const customer = strAt(p, 'customer_id');
      return `${customer === undefined ? 'A customer' : capitalize(whoIs(customer))} asked for a follow-up in ${chatRef(strAt(p, 'chat_id'))}`;
    },
  },
  incoming_chat_thread: v31({
    replacedBy: 'incoming_chat', group: 'Chats', description: 'A new thread started in a chat',
    ids: { chat: 'payload.chat.id', thread: 'payload.chat.thread.id' }, summarize: CURRENT_SUMMARIES.incoming_chat,
    payload: obj({ chat: opt(obj({ id: ID, users: opt(arr(obj())), thread: opt(obj({ id: ID })) })) }),
  }),
  thread_closed: v31({
    replacedBy: 'chat_deactivated', group: 'Chats', description: 'A thread was closed',
    ids: { ...CHAT_THREAD, user: 'payload.user_id' }, summarize: CURRENT_SUMMARIES.chat_deactivated,
    payload: looseChatThread({ user_id: opt(ID) }),
  }),
  access_granted: v31({
    replacedBy: 'chat_access_updated', group: 'Chat access', description: 'Access to a chat or thread was granted',
    ids: { chat: 'payload.id' }, summarize: accessText('granted to'), payload: V31_ACCESS,
  }),
  access_revoked: v31({
    replacedBy: 'chat_access_updated', group: 'Chat access', description: 'Access to a chat or thread was revoked',
    ids: { chat: 'payload.id' }, summarize: accessText('revoked from'), payload: V31_ACCESS,
  }),
  access_set: v31({
    replacedBy: 'chat_access_updated', group: 'Chat access', description: 'Access to a chat or thread was replaced',
    ids: { chat: 'payload.id' }, summarize: accessText('set to'), payload: V31_ACCESS,
  }),
  chat_user_added: v31({
    replacedBy: 'user_added_to_chat', group: 'Chat users', description: 'An agent or customer was added to a chat',
    ids: { ...CHAT_THREAD, user: 'payload.user.id' }, summarize: CURRENT_SUMMARIES.user_added_to_chat,
    payload: looseChatThread({ user: opt(obj({ id: ID })), user_type: opt(str()) }),
  }),
  chat_user_removed: v31({
    replacedBy: 'user_removed_from_chat', group: 'Chat users', description: 'An agent or customer was removed from a chat',
    ids: { ...CHAT_THREAD, user: 'payload.user_id' }, summarize: CURRENT_SUMMARIES.user_removed_from_chat,
    payload: looseChatThread({ user_id: opt(ID), user_type: opt(str()) }),
  }),
  chat_thread_tagged: v31({
    replacedBy: 'thread_tagged', group: 'Thread tags', description: 'A thread was tagged',
    ids: CHAT_THREAD, summarize: CURRENT_SUMMARIES.thread_tagged, payload: looseChatThread({ tag: opt(str()) }),
  }),
  chat_thread_untagged: v31({
    replacedBy: 'thread_untagged', group: 'Thread tags', description: 'A tag was removed from a thread',
    ids: CHAT_THREAD, summarize: CURRENT_SUMMARIES.thread_untagged, payload: looseChatThread({ tag: opt(str()) }),
  }),
  chat_thread_properties_updated: v31({
    replacedBy: 'thread_properties_updated', group: 'Properties', description: 'Thread properties were set or changed',
    ids: CHAT_THREAD, summarize: CURRENT_SUMMARIES.thread_properties_updated, payload: looseChatThread({ properties: opt(obj()) }),
  }),
  chat_thread_properties_deleted: v31({
    replacedBy: 'thread_properties_deleted', group: 'Properties', description: 'Thread properties were deleted',
    ids: CHAT_THREAD, summarize: CURRENT_SUMMARIES.thread_properties_deleted, payload: looseChatThread({ properties: opt(obj()) }),
  }),
  agent_status_changed: v31({
    replacedBy: 'routing_status_set', group: 'Status', description: "An agent's status changed",
    ids: { user: 'payload.agent_id' }, summarize: CURRENT_SUMMARIES.routing_status_set,
    payload: obj({ agent_id: opt(ID), status: opt(str()) }), chatScoped: false,
  }),
};

// --- app webhooks (Developer Console "App Webhooks" building block) ---------------------------------------------------

const appName = (body: Obj): string => {
  const name = strAt(body, 'applicationName', 80);
  return name === undefined ? 'An app' : `App "${name}"`;
};
const onLicense = (body: Obj, preposition = 'on'): string => {
  const license = strAt(body, 'licenseID') ?? strAt(body, 'organizationID');
  return license === undefined ? '' : ` ${preposition} license ${license}`;
};
const forApp = (body: Obj): string => {
  const name = strAt(body, 'applicationName', 80);
  return name === undefined ? '' : ` for app "${name}"`;
};

const APPLICATION = obj({ applicationID: opt(ID) });
const PAYMENT = obj({ paymentID: opt(ID), quantity: opt(num), total: opt(num) });

const app = (description: string, payload: ObjectSpec, summarize: Summarizer): EntryDef => ({
  group: 'App webhooks', description, ids: { user: 'userID' }, filters: [], additionalData: NO_DATA, body: appEnvelope(payload), summarize,
});

export const APP_DEFS: Readonly<Record<AppEvent, EntryDef>> = {
  application_installed: app('An app was installed on a license', APPLICATION, (_p, body) => `${appName(body)} was installed${onLicense(body)}`),
  application_uninstalled: app('An app was uninstalled from a license', APPLICATION, (_p, body) => `${appName(body)} was uninstalled${onLicense(body, 'from')}`),
  payment_trialstarted: app("An app's free trial started", PAYMENT, (_p, body) => `Trial started${forApp(body)}${onLicense(body)}`),
  payment_activated: app("An app's payment was activated", PAYMENT, (p, body) => {
    const quantity = strAt(p, 'quantity');
    return `Payment activated${forApp(body)}${onLicense(body)}${quantity === undefined ? '' : ` (quantity ${quantity})`}`;
  }),
  payment_collected: app('A payment for an app was collected', PAYMENT, (p, body) => {
    const total = strAt(p, 'total');
    return `Payment collected${forApp(body)}${onLicense(body)}${total === undefined ? '' : ` (total ${total})`}`;
  }),
  payment_cancelled: app("An app's payment was cancelled", PAYMENT, (_p, body) => `Payment cancelled${forApp(body)}${onLicense(body)}`),
};
