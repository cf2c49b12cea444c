import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../ports';
import type { WebhookFilters } from './filters';
import { checkWhitelistEntry } from './redirect-uri';
import type { Region, SandboxAccount } from './types';
import type { ApiVersion } from './webhook-names';

/**
 * The sandbox organization: its account, its OAuth client, the webhooks registered for that client and the license
 * webhook state — with the Configuration API's propagation delay (reference §2.5: changes take effect "after max 2
 * minutes"), so a re-pointed webhook keeps hitting its old URL for a while when `propagationMs` says so.
 */

export const DEFAULT_REDIRECT_URIS = ['http://localhost:5573/callback', 'http://127.0.0.1:5573/callback', 'livehook://callback'];

/** What the pre-made client may be granted (§7); a PAT has the same webhook scopes (§6). */
export const CLIENT_SCOPES = ['webhooks.configuration:rw', 'webhooks.state:rw', 'accounts--my:ro'];
export const PAT_SCOPES = ['webhooks.configuration:rw', 'webhooks.state:rw'];

export type BotRoutingStatus = 'accepting_chats' | 'not_accepting_chats' | 'offline';

export interface Registration {
  id: string;
  url: string;
  description?: string;
  action: string;
  secret_key: string;
  owner_client_id: string;
  type: 'license' | 'bot';
  filters?: WebhookFilters;
  additional_data?: string[];
  /** The version of the endpoint it was registered through; its bodies follow that version (§0). */
  apiVersion: ApiVersion;
  registeredAt: number;
  unregisteredAt?: number;
}

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

export function makeAccount(region: Region, given: Partial<SandboxAccount> = {}): SandboxAccount {
  const r = given.region ?? region;
  return {
    accountId: given.accountId ?? randomUUID(),
    email: given.email ?? 'developer@sandbox.livehook.example',
    organizationId: given.organizationId ?? randomUUID(),
    region: r,
    // Whether real PATs carry a region prefix is not stated (§6); the sandbox's does, so clients exercise X-Region.
    pat: given.pat ?? `${r}:${randomBytes(24).toString('base64url')}`,
    // Client IDs and bot IDs are 32-hex (§3 value notes).
    clientId: given.clientId ?? hex(16),
    botId: given.botId ?? hex(16),
  };
}

export class SandboxState {
  readonly redirectUris = [...DEFAULT_REDIRECT_URIS];
  botStatus: BotRoutingStatus = 'accepting_chats';
  private registrations: Registration[] = [];
  /** Per owner client, every state change in order (enabled by default, §2.4 "since March 2023"). */
  private readonly licenseChanges = new Map<string, Array<{ at: number; enabled: boolean }>>();

  constructor(
    readonly account: SandboxAccount,
    private readonly clock: Clock,
    private readonly propagationMs: number,
  ) {}

  addRedirectUri(uri: string): void {
    const problem = checkWhitelistEntry(uri);
    if (problem !== undefined) throw new Error(`cannot whitelist ${uri}: ${problem}`);
    if (!this.redirectUris.includes(uri)) this.redirectUris.push(uri);
  }

  /** Only the sandbox organization's client can own webhooks here (§4 register_webhook `owner_client_id`). */
  isOrganizationClient(clientId: string): boolean {
    return clientId === this.account.clientId;
  }

  register(fields: Omit<Registration, 'id' | 'registeredAt'>): Registration {
    this.prune();
    const registration: Registration = { ...fields, id: hex(16), registeredAt: this.clock.now() };
    this.registrations.push(registration);
    return registration;
  }

  /** The registrations the API shows now (propagation affects delivery, not what the API answers). */
  listed(ownerClientId: string, action?: string): Registration[] {
    return this.registrations.filter(
      (r) => r.unregisteredAt === undefined && r.owner_client_id === ownerClientId && (action === undefined || r.action === action),
    );
  }

  unregister(id: string, ownerClientId: string): boolean {
    const found = this.listed(ownerClientId).find((r) => r.id === id);
    if (found === undefined) return false;
    found.unregisteredAt = this.clock.now();
    return true;
  }

  /** What saving the Console's Chat Webhooks block does: every API registration of the client goes (§4). */
  wipe(ownerClientId: string): number {
    const mine = this.listed(ownerClientId);
    const now = this.clock.now();
    for (const r of mine) r.unregisteredAt = now;
    return mine.length;
  }

  /** The registrations LiveChat's delivery side knows at `now`: registered, and unregistered ones not yet propagated. */
  deliverable(now: number): Registration[] {
    return this.registrations.filter(
      (r) => r.registeredAt + this.propagationMs <= now && (r.unregisteredAt === undefined || now < r.unregisteredAt + this.propagationMs),
    );
  }

  setLicenseWebhooks(ownerClientId: string, enabled: boolean): void {
    const changes = this.licenseChanges.get(ownerClientId) ?? [];
    changes.push({ at: this.clock.now(), enabled });
    this.licenseChanges.set(ownerClientId, changes);
  }

  /** The state as the API reports it. */
  licenseWebhooksEnabled(ownerClientId: string): boolean {
    return this.licenseChanges.get(ownerClientId)?.at(-1)?.enabled ?? true;
  }

  /** The state delivery acts on at `now`: the last change that has propagated. */
  licenseWebhooksEffective(ownerClientId: string, now: number): boolean {
    const changes = this.licenseChanges.get(ownerClientId) ?? [];
    const applied = changes.filter((c) => c.at + this.propagationMs <= now);
    return applied.at(-1)?.enabled ?? true;
  }

  /** The owner's bots (§2.4: bot webhooks stop while the bot is `offline`). */
  botsOf(ownerClientId: string): string[] {
    return ownerClientId === this.account.clientId ? [this.account.botId] : [];
  }

  private prune(): void {
    const now = this.clock.now();
    this.registrations = this.registrations.filter((r) => r.unregisteredAt === undefined || now < r.unregisteredAt + this.propagationMs);
  }
}
