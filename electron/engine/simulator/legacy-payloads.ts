import type { AppEvent, LegacyAction } from '@shared/livechat/catalogue';
import { agentUser, CHAT_BUILDERS, customerUser, type Builder } from './chat-payloads';
import { CONFIG_BUILDERS } from './config-payloads';
import { hexId, timestampUs, uuid } from './random';
import type { SimWorld } from './world';

/**
 * The names old registrations still send (reference §3 "Older/other action names") and the Developer Console's app
 * webhooks. Where a name was only renamed, its body is the successor's payload as it looked then.
 */

/** Widened so a legacy name can pass its options on to its successor's builder. */
const CHAT: Readonly<Record<keyof typeof CHAT_BUILDERS, Builder>> = CHAT_BUILDERS;

function customerPayload(w: SimWorld): Record<string, unknown> {
  const chat = w.currentChat();
  const { events_seen_up_to: _seen, present: _present, ...customer } = customerUser(w, chat.customer, chat);
  return customer;
}

function access(w: SimWorld, resource?: string): Record<string, unknown> {
  const chat = w.currentChat();
  return { ...(resource === undefined ? {} : { resource }), id: chat.id, access: { group_ids: [chat.groupId] } };
}

export const LEGACY_BUILDERS: Readonly<Record<LegacyAction, Builder>> = {
  chat_access_granted: (w) => access(w),
  chat_access_revoked: (w) => access(w),
  incoming_customer: (w) => ({ customer: customerPayload(w) }),
  // API 3.2: LiveChat's Go SDK fixture has the customer as the payload itself.
  customer_created: (w) => customerPayload(w),
  auto_access_added: (w) => {
    const [added] = CONFIG_BUILDERS.auto_accesses_updated(w) as Array<Record<string, unknown>>;
    const { status: _status, ...rule } = added!;
    return rule;
  },
  auto_access_updated: (w) => ({ id: w.autoAccessRules[0] ?? hexId(w.random), access: { groups: [0] } }),
  auto_access_deleted: (w) => ({ id: w.autoAccessRules.shift() ?? hexId(w.random) }),
  follow_up_requested: (w) => {
    const chat = w.currentChat();
    return { chat_id: chat.id, thread_id: chat.threadId, customer_id: chat.customer.id };
  },
  incoming_chat_thread: (w, o) => CHAT.incoming_chat(w, o),
  thread_closed: (w, o) => CHAT.chat_deactivated(w, o),
  access_granted: (w) => access(w, 'chat'),
  access_revoked: (w) => access(w, 'chat'),
  access_set: (w) => access(w, 'chat'),
  chat_user_added: (w) => {
    const chat = w.currentChat();
    const added = w.agents.find((a) => !chat.agentIds.includes(a.id))?.id ?? chat.agentIds[0]!;
    if (!chat.agentIds.includes(added)) chat.agentIds.push(added);
    return { chat_id: chat.id, thread_id: chat.threadId, user: agentUser(w, added), user_type: 'agent' };
  },
  chat_user_removed: (w) => {
    const chat = w.currentChat();
    return { chat_id: chat.id, thread_id: chat.threadId, user_id: chat.agentIds.at(-1), user_type: 'agent' };
  },
  chat_thread_tagged: (w, o) => CHAT.thread_tagged(w, o),
  chat_thread_untagged: (w, o) => CHAT.thread_untagged(w, o),
  chat_thread_properties_updated: (w, o) => CHAT.thread_properties_updated(w, o),
  chat_thread_properties_deleted: (w, o) => CHAT.thread_properties_deleted(w, o),
  agent_status_changed: (w) => ({ agent_id: w.chat?.agentIds[0] ?? w.agents[0]!.id, status: 'accepting chats' }),
};

/** Fields every app webhook body carries besides `event` and `payload`, in the docs' key order. */
export function appEnvelopeFields(w: SimWorld): { applicationID: string; applicationName: string; clientID: string; date: string; licenseID: number; organizationID: string; userID: string } {
  return {
    applicationID: w.applicationId,
    applicationName: 'Order Lookup for LiveChat',
    clientID: w.integrationClientId,
    // App webhooks write seconds and an offset, not microseconds (the docs' sample: 2020-09-14T15:29:53+02:00).
    date: `${timestampUs(w.nowUs()).slice(0, 19)}+00:00`,
    licenseID: w.licenseId,
    organizationID: w.organizationId,
    userID: w.requesterAccountId,
  };
}

export const APP_BUILDERS: Readonly<Record<AppEvent, (w: SimWorld, applicationID: string) => unknown>> = {
  application_installed: (_w, applicationID) => ({ applicationID }),
  application_uninstalled: (_w, applicationID) => ({ applicationID }),
  payment_trialstarted: (w) => ({ paymentID: uuid(w.random) }),
  payment_activated: (w) => ({ paymentID: uuid(w.random), quantity: w.random.int(1, 10) }),
  payment_collected: (w) => ({ paymentID: uuid(w.random), total: w.random.int(1, 40) * 100 }),
  payment_cancelled: (w) => ({ paymentID: uuid(w.random) }),
};
