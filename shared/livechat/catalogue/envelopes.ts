import { arr, num, obj, opt, str, type ObjectSpec, type Spec } from './spec';

/**
 * The three envelopes LiveHook can receive (reference §2.3, §3): the chat webhook envelope of API 3.2–3.7, the older
 * v3.1 one (no organization or license id; the payload was called `data` before 3.1), and the camelCase envelope of the
 * Developer Console's App Webhooks.
 */

const ID = str();

/** `additional_data`: `{}` unless requested at registration (§2.7); docs samples omit it for some actions. */
const ADDITIONAL_DATA = obj({
  chat_properties: opt(obj()),
  chat_presence_user_ids: opt(arr(ID)),
});

/** `requester` (v3.6+, Configuration webhooks only): who made the change. */
const REQUESTER = obj({ user_id: opt(ID), account_id: opt(ID), client_id: opt(ID) });

export interface EnvelopeOptions {
  /** Configuration webhooks carry `requester` (v3.6+). */
  readonly requester?: boolean;
}

/**
 * API 3.2–3.7. `organization_id` (v3.4+, a string; the docs' sample is not a valid UUID, so no format check) or
 * `license_id` (3.2–3.3, an integer): one of them must be there.
 */
export function chatEnvelope(payload: Spec, options: EnvelopeOptions = {}): ObjectSpec {
  return obj(
    {
      webhook_id: ID,
      secret_key: ID,
      action: ID,
      organization_id: opt(ID),
      license_id: opt(num),
      payload,
      additional_data: opt(ADDITIONAL_DATA),
      ...(options.requester === true ? { requester: opt(REQUESTER) } : {}),
    },
    [{ keys: ['organization_id', 'license_id'], hint: 'bodies from API 3.2–3.3 carry license_id instead' }],
  );
}

/**
 * Names from API ≤3.1 (and 3.2 previews): no organization id, a license id only from 3.2, and the payload was called
 * `data` before 3.1. Either payload key will do; the ids are typed when present.
 */
export function oldEnvelope(payload: ObjectSpec): ObjectSpec {
  return obj(
    {
      webhook_id: ID,
      secret_key: ID,
      action: ID,
      organization_id: opt(ID),
      license_id: opt(num),
      payload: opt(payload),
      data: opt(payload),
      additional_data: opt(ADDITIONAL_DATA),
    },
    [{ keys: ['payload', 'data'], hint: 'API 3.0 called it data' }],
  );
}

/** App Webhooks (Developer Console building block): camelCase keys, `event` instead of `action`, no `secret_key`. */
export function appEnvelope(payload: ObjectSpec): ObjectSpec {
  return obj({
    applicationID: ID,
    applicationName: opt(str()),
    clientID: ID,
    date: opt(str()),
    event: ID,
    licenseID: opt(num),
    organizationID: opt(ID),
    payload: opt(payload),
    userID: opt(ID),
  });
}
