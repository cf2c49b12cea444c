import { randomBytes, randomInt } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { CURRENT_ACTIONS } from '@shared/livechat/catalogue';
import { systemClock, type Clock, type Logger } from '../ports';
import { generateEvent } from '../simulator/generate';
import { SimWorld } from '../simulator/world';
import { buildAccountsApp } from './accounts';
import { buildConfigurationApp } from './configuration-api';
import { WebhookDelivery, type DeliveryJob } from './delivery';
import { Faults } from './faults';
import { eventFacts, passesFilters, type EventFacts } from './filters';
import { makeAccount, SandboxState, type BotRoutingStatus, type Registration } from './state';
import { TokenStore } from './tokens';
import type { DeliveryReport, ForcedError, SandboxAccount, TriggerInput } from './types';
import { createWebhookMethods } from './webhook-methods';
import { isConfigurationAction } from './webhook-names';

export type { DeliveryReport, ForcedError, Region, SandboxAccount, TriggerInput } from './types';

/** Actions the sandbox makes a payload for when given none: every action it can register (API v3.6). */
export const SAMPLE_ACTIONS: readonly string[] = CURRENT_ACTIONS;

/**
 * An in-repo LiveChat for tests and for the "Sandbox account": accounts.livechat.com (OAuth 2.1 + PKCE, token info,
 * revoke) and api.livechatinc.com (the Configuration API webhook methods) on two 127.0.0.1 listeners, plus LiveChat's
 * side of webhook delivery. It follows `shared/livechat/reference.md`; where the reference leaves a question open,
 * the choice is commented where it is made.
 */

export interface SandboxOptions {
  logger: Logger;
  clock?: Clock;
  delivery?: {
    /** §2.2: a 200 must come within ~10 s. Default 10 000. */
    timeoutMs?: number;
    /** §2.2: up to 3 retries within ~1 minute. Default [5 000, 15 000, 40 000]. */
    retryDelaysMs?: number[];
    /** Deliver to non-loopback URLs too (a real public tunnel). Default false: the sandbox stays on this machine. */
    allowRemoteTargets?: boolean;
    /** Called after every attempt (live progress for a UI). */
    onAttempt?: (report: DeliveryReport) => void;
  };
  /** Approve authorization requests without a consent page. Default true. */
  autoApprove?: boolean;
  /** Answer `too_many_requests` beyond this many Configuration API calls per second. Default: no limit (§8). */
  rateLimit?: { perSecond?: number };
  /** §2.5 propagation delay (LiveChat: up to 2 minutes). Default 0. */
  propagationMs?: number;
  /** Access token lifetime; §5.3 default 28 800 s (8 h). */
  accessTokenTtlSeconds?: number;
  /** Fixed account details (e.g. to keep the same sandbox account across runs); the rest is generated. */
  account?: Partial<SandboxAccount>;
}

export interface LiveChatSandbox {
  /** Stands for https://accounts.livechat.com. */
  accountsUrl: string;
  /** Stands for https://api.livechatinc.com. */
  apiUrl: string;
  account: SandboxAccount;
  /** Whitelists another redirect URI for the pre-made client (§5.4 rules: no query, no fragment). */
  addRedirectUri(uri: string): void;
  /** Delivers an event to every matching registered webhook; resolves with every attempt once all are done. */
  trigger(input: TriggerInput): Promise<DeliveryReport[]>;
  /** Every delivery attempt so far, oldest first. */
  deliveries(): DeliveryReport[];
  /**
   * Answers the next `times` calls of `method` with `error`. `method` is a Configuration API method name
   * (`register_webhook`…), or `token` / `info` / `revoke` for the accounts server (answered in its format).
   * Avoid status 421 with a fetch-based client: undici re-sends such a request by itself (the sandbox's own
   * `misdirected_request` uses 400).
   */
  failNext(method: string, error: ForcedError, times?: number): void;
  revokeAllTokens(): void;
  expireAccessTokens(): void;
  /** What saving the Console's "Chat Webhooks" block does: unregisters every webhook of the client (§4). */
  wipeApiRegistrations(): void;
  /** The routing status of the account's bot; `offline` stops `bot` webhooks (§2.4). */
  setBotRoutingStatus(status: BotRoutingStatus): void;
  stop(): Promise<void>;
}

export async function startLiveChatSandbox(opts: SandboxOptions): Promise<LiveChatSandbox> {
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger.child({ module: 'livechat-sandbox' });
  const account = makeAccount(opts.account?.region ?? 'dal', opts.account);
  const state = new SandboxState(account, clock, opts.propagationMs ?? 0);
  const tokens = new TokenStore(clock, account.region, opts.accessTokenTtlSeconds ?? 28_800);
  const faults = new Faults(clock, opts.rateLimit?.perSecond);
  const delivery = new WebhookDelivery({
    clock,
    logger,
    timeoutMs: opts.delivery?.timeoutMs ?? 10_000,
    retryDelaysMs: opts.delivery?.retryDelaysMs ?? [5_000, 15_000, 40_000],
    allowRemoteTargets: opts.delivery?.allowRemoteTargets ?? false,
    ...(opts.delivery?.onAttempt ? { onAttempt: opts.delivery.onAttempt } : {}),
  });

  let accountsUrl = '';
  const accountsApp = buildAccountsApp({ state, tokens, faults, clock, logger, autoApprove: opts.autoApprove ?? true, baseUrl: () => accountsUrl });
  const apiApp = buildConfigurationApp({ state, tokens, faults, logger, methods: createWebhookMethods(state) });
  accountsUrl = await listen(accountsApp);
  let apiUrl: string;
  try {
    apiUrl = await listen(apiApp);
  } catch (err) {
    await accountsApp.close();
    throw err;
  }
  logger.info({ accountsUrl, apiUrl, region: account.region }, 'LiveChat sandbox listening');

  const pendingTriggers = new Set<Promise<DeliveryReport[]>>();
  // One simulated license for the sandbox's life, so triggers read as one story (incoming_chat, then its messages
  // in the same chat); a random seed, so every sandbox has its own ids.
  const world = new SimWorld({ seed: randomInt(0, 0x1_0000_0000), startMs: clock.now() });

  async function deliverEvent(input: TriggerInput): Promise<DeliveryReport[]> {
    const now = clock.now();
    if (input.payload === undefined && !SAMPLE_ACTIONS.includes(input.action)) {
      throw new Error(`trigger(${input.action}): no sample payload for this action; pass one`);
    }
    // The event happens now: the world's time is brought up to the clock, not moved past it.
    world.catchUp(now);
    const sample = input.payload === undefined ? generateEvent(world, input.action, { gapMs: 0 }) : undefined;
    const event: TriggerInput = {
      ...input,
      payload: input.payload ?? sample?.payload,
      additional_data: input.additional_data ?? sample?.additional_data ?? {},
      ...(input.requester !== undefined || sample?.requester !== undefined ? { requester: input.requester ?? sample?.requester } : {}),
    };
    const facts = eventFacts(event, event.payload);
    const triggerId = randomBytes(8).toString('hex');
    const targets = state.deliverable(now).filter((r) => r.action === input.action && wants(r, facts, now));
    logger.debug({ action: input.action, targets: targets.length }, 'sandbox trigger');
    const jobs = targets.map((r): DeliveryJob => ({ triggerId, webhookId: r.id, action: r.action, url: r.url, body: JSON.stringify(envelope(r, event)) }));
    return (await Promise.all(jobs.map((job) => delivery.deliver(job)))).flat();
  }

  function wants(r: Registration, facts: EventFacts, now: number): boolean {
    if (r.type === 'license' && !state.licenseWebhooksEffective(r.owner_client_id, now)) return false;
    // §2.4: bot webhooks follow the owner's bots, not the license state; none arrive while the bot is offline.
    // Which events beyond that reach a bot webhook is not documented: the sandbox sends it every matching event.
    if (r.type === 'bot' && (state.botsOf(r.owner_client_id).length === 0 || state.botStatus === 'offline')) return false;
    return passesFilters(r.filters, facts, { clientId: r.owner_client_id, botIds: state.botsOf(r.owner_client_id) });
  }

  /** §2.3 envelope, keys in the docs' order. */
  function envelope(r: Registration, event: TriggerInput): Record<string, unknown> {
    const configuration = isConfigurationAction(r.action);
    const extra = event.additional_data ?? {};
    const additional: Record<string, unknown> = {};
    // §2.7: only what the registration asked for; Configuration webhooks always send {}.
    if (!configuration) {
      for (const key of r.additional_data ?? []) if (extra[key] !== undefined) additional[key] = extra[key];
    }
    return {
      webhook_id: r.id,
      secret_key: r.secret_key,
      action: r.action,
      organization_id: event.organization_id ?? account.organizationId,
      payload: event.payload,
      // §2.3: `requester` is v3.6+ and for Configuration webhooks only.
      ...(configuration && r.apiVersion !== '3.5' && event.requester !== undefined ? { requester: event.requester } : {}),
      additional_data: additional,
    };
  }

  return {
    accountsUrl,
    apiUrl,
    account,
    addRedirectUri: (uri) => state.addRedirectUri(uri),
    trigger(input) {
      const run = deliverEvent(input);
      pendingTriggers.add(run);
      const forget = (): void => void pendingTriggers.delete(run);
      run.then(forget, forget);
      return run;
    },
    deliveries: () => delivery.attempts(),
    failNext: (method, error, times) => faults.failNext(method, error, times),
    revokeAllTokens: () => tokens.revokeAll(),
    expireAccessTokens: () => tokens.expireAccessTokens(),
    wipeApiRegistrations() {
      const removed = state.wipe(account.clientId);
      logger.info({ removed }, 'sandbox wiped API webhook registrations (Chat Webhooks block saved)');
    },
    setBotRoutingStatus(status) {
      state.botStatus = status;
    },
    async stop() {
      delivery.stop();
      // Triggers settle quickly once delivery is stopped; wait so no request outlives the sandbox.
      await Promise.allSettled([...pendingTriggers]);
      await Promise.all([accountsApp.close(), apiApp.close()]);
      logger.info('LiveChat sandbox stopped');
    },
  };
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}
