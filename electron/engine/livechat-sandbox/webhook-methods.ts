import { ApiError, validation } from './errors';
import { parseFilters } from './filters';
import type { Registration, SandboxState } from './state';
import { findWebhookName, isApiVersion, STABLE_VERSION, webhookNames, type ApiVersion } from './webhook-names';

/**
 * The seven webhook methods of the Configuration API (reference §4), over the sandbox state. Each takes the parsed
 * JSON body and the authenticated caller and returns the response body or throws an `ApiError`.
 * Unknown extra request fields are ignored (nothing documents a rejection).
 */

export type Caller = { via: 'bearer'; clientId: string; scopes: string[] } | { via: 'pat'; scopes: string[] };

export interface MethodContext {
  params: Record<string, unknown>;
  /** Undefined only for `list_webhook_names`, which needs no auth. */
  caller: Caller | undefined;
  version: ApiVersion;
}

export interface WebhookMethod {
  /** The scope the caller needs (§4 table, §7); none for `list_webhook_names`. */
  scope?: string;
  run(ctx: MethodContext): unknown;
}

/** §2.5: at most 3 webhooks per action per Client ID; §2.1: url at most 500 characters. */
export const MAX_WEBHOOKS_PER_ACTION = 3;
export const MAX_URL_LENGTH = 500;

export function createWebhookMethods(state: SandboxState): Record<string, WebhookMethod> {
  const ownerClient = (ctx: MethodContext, fallbackToToken: boolean): string => {
    const given = optionalString(ctx.params, 'owner_client_id');
    // §4 state methods: with a Bearer token the token's client is the default; a PAT has no client, so it must say.
    const owner = given ?? (fallbackToToken && ctx.caller?.via === 'bearer' ? ctx.caller.clientId : undefined);
    if (owner === undefined) throw validation('`owner_client_id` is required');
    if (!state.isOrganizationClient(owner)) throw validation('`owner_client_id` is not a Client ID of your organization');
    return owner;
  };

  return {
    register_webhook: {
      scope: 'webhooks.configuration:rw',
      run(ctx) {
        const p = ctx.params;
        const action = requiredString(p, 'action');
        const secretKey = requiredString(p, 'secret_key');
        const url = requiredString(p, 'url');
        requiredString(p, 'owner_client_id');
        const type = requiredString(p, 'type');
        const name = findWebhookName(ctx.version, action);
        if (name === undefined) throw validation(`\`action\` ${JSON.stringify(action)} is not a webhook action in v${ctx.version}`);
        if (url.length > MAX_URL_LENGTH) throw validation(`\`url\` is too long (max ${MAX_URL_LENGTH} characters)`);
        if (!isHttpUrl(url)) throw validation('`url` must be an http(s) URL');
        if (type !== 'license' && type !== 'bot') throw validation('`type` must be `license` or `bot`');
        const owner = ownerClient(ctx, false);
        const description = optionalString(p, 'description');
        const registration: Omit<Registration, 'id' | 'registeredAt'> = {
          url,
          ...(description !== undefined ? { description } : {}),
          action,
          secret_key: secretKey,
          owner_client_id: owner,
          type,
          apiVersion: ctx.version,
        };
        if (p.filters !== undefined) {
          const filters = parseFilters(p.filters, action, name.filters ?? []);
          if (filters instanceof ApiError) throw filters;
          registration.filters = filters;
        }
        if (p.additional_data !== undefined) {
          const allowed = name.additional_data ?? [];
          const extra = p.additional_data;
          if (!Array.isArray(extra) || !extra.every((v): v is string => typeof v === 'string')) {
            throw validation('`additional_data` must be an array of strings');
          }
          const bad = extra.find((v) => !allowed.includes(v));
          if (bad !== undefined) throw validation(`\`additional_data\` ${JSON.stringify(bad)} is not available for action \`${action}\``);
          registration.additional_data = [...new Set(extra)];
        }
        if (state.listed(owner, action).length >= MAX_WEBHOOKS_PER_ACTION) {
          throw new ApiError('limit_reached', `Webhooks limit reached: at most ${MAX_WEBHOOKS_PER_ACTION} webhooks per action per Client ID`);
        }
        return { id: state.register(registration).id };
      },
    },

    list_webhooks: {
      scope: 'webhooks.configuration:rw',
      run(ctx) {
        requiredString(ctx.params, 'owner_client_id');
        return state.listed(ownerClient(ctx, false)).map(listed);
      },
    },

    unregister_webhook: {
      scope: 'webhooks.configuration:rw',
      run(ctx) {
        const id = requiredString(ctx.params, 'id');
        requiredString(ctx.params, 'owner_client_id');
        if (!state.unregister(id, ownerClient(ctx, false))) throw new ApiError('not_found', 'Webhook not found');
        return {};
      },
    },

    list_webhook_names: {
      run(ctx) {
        const version = optionalString(ctx.params, 'version') ?? STABLE_VERSION;
        if (!isApiVersion(version)) throw validation(`\`version\` ${JSON.stringify(version)} is not supported`);
        return webhookNames(version);
      },
    },

    enable_license_webhooks: {
      scope: 'webhooks.state:rw',
      run(ctx) {
        state.setLicenseWebhooks(ownerClient(ctx, true), true);
        return {};
      },
    },

    disable_license_webhooks: {
      scope: 'webhooks.state:rw',
      run(ctx) {
        state.setLicenseWebhooks(ownerClient(ctx, true), false);
        return {};
      },
    },

    get_license_webhooks_state: {
      scope: 'webhooks.state:ro',
      run(ctx) {
        return { license_webhooks_enabled: state.licenseWebhooksEnabled(ownerClient(ctx, true)) };
      },
    },
  };
}

/**
 * A `list_webhooks` item: the docs' sample fields (id, url, description, action, filters, owner_client_id, type)
 * plus `additional_data` as the SDKs model it. Not `secret_key` — the docs' sample leaves it out and whether LiveChat
 * returns it is open (§4, §10); a client must keep its secrets itself.
 */
function listed(r: Registration): Record<string, unknown> {
  return {
    id: r.id,
    url: r.url,
    ...(r.description !== undefined ? { description: r.description } : {}),
    action: r.action,
    ...(r.filters !== undefined ? { filters: r.filters } : {}),
    ...(r.additional_data !== undefined ? { additional_data: r.additional_data } : {}),
    owner_client_id: r.owner_client_id,
    type: r.type,
  };
}

function requiredString(params: Record<string, unknown>, key: string): string {
  const v = params[key];
  if (v === undefined || v === null || v === '') throw validation(`\`${key}\` is required`);
  if (typeof v !== 'string') throw validation(`\`${key}\` must be a string`);
  return v;
}

function optionalString(params: Record<string, unknown>, key: string): string | undefined {
  const v = params[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw validation(`\`${key}\` must be a string`);
  return v;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
