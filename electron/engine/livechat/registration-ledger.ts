import type { LiveChatMode } from '@shared/api/domains/livechat';
import type { Clock, Logger, SecretStore } from '../ports';
import type { Timers } from '../tunnel/tunnel-supervisor';
import type { LiveChatSettingsStore, RegistrationRecord } from './livechat-settings';
import type { SecretChecker } from './secret-checker';
import { webhookSecretKey } from './session-store';

export interface RegistrationLedgerOptions {
  settings: LiveChatSettingsStore;
  secrets: SecretStore;
  checker: SecretChecker;
  logger: Logger;
  clock: Clock;
  timers: Timers;
  /** How long a retired registration's secret stays valid (LiveChat's propagation delay). */
  propagationMs: number;
}

/**
 * What LiveHook knows of the webhooks it registered: the records (settings, no secrets), their secrets (SecretStore,
 * keyed by webhook id) and the in-memory SecretChecker that the receiver asks. The three are changed together here so
 * they never disagree: a webhook is checkable from the moment it is remembered until it is forgotten.
 */
export class RegistrationLedger {
  private readonly purgeTimers = new Map<string, unknown>();

  constructor(private readonly opts: RegistrationLedgerOptions) {}

  /**
   * Loads the secrets of the remembered registrations into the checker (it must answer synchronously later).
   * Sandbox registrations died with the previous run's sandbox; retired ones whose window has passed are done.
   */
  async load(): Promise<void> {
    const now = this.opts.clock.now();
    const keep: RegistrationRecord[] = [];
    for (const record of this.opts.settings.get().registrations) {
      const expired = record.retiredUntil !== undefined && Date.parse(record.retiredUntil) <= now;
      if (record.env === 'sandbox' || expired) {
        await this.opts.secrets.delete(webhookSecretKey(record.id));
        continue;
      }
      const secret = await this.opts.secrets.get(webhookSecretKey(record.id));
      if (secret === undefined) this.opts.logger.warn({ id: record.id, action: record.action }, 'no secret kept for a registered webhook; its deliveries will check as unknown');
      else this.opts.checker.set(record.id, secret);
      keep.push(record);
      if (record.retiredUntil !== undefined) this.schedulePurge(record.id, Date.parse(record.retiredUntil) - now);
    }
    this.opts.settings.update(() => ({ registrations: keep }));
  }

  stop(): void {
    for (const handle of this.purgeTimers.values()) this.opts.timers.clearTimeout(handle);
    this.purgeTimers.clear();
  }

  all(): RegistrationRecord[] {
    return this.opts.settings.get().registrations;
  }

  get(id: string): RegistrationRecord | undefined {
    return this.all().find((r) => r.id === id);
  }

  /** The registrations kept pointed for a sign-in (not retired). */
  active(ownerClientId: string | undefined, env: LiveChatMode): RegistrationRecord[] {
    return this.all().filter((r) => r.retiredUntil === undefined && r.ownerClientId === ownerClientId && r.env === env);
  }

  knows(id: string): boolean {
    return this.opts.checker.knows(id);
  }

  /**
   * Remembers a registration LiveChat just accepted. The checker learns the secret first: LiveChat may deliver
   * before the SecretStore write has finished. Answers a problem in plain words when the secret could not be saved.
   */
  async remember(record: RegistrationRecord, secret: string): Promise<string | undefined> {
    this.opts.checker.set(record.id, secret);
    this.opts.settings.update((s) => ({ registrations: [...s.registrations, record] }));
    try {
      await this.opts.secrets.set(webhookSecretKey(record.id), secret);
      return undefined;
    } catch (err) {
      this.opts.logger.error({ id: record.id, action: record.action, err: (err as Error).message }, 'could not keep a webhook secret; it is checked this run only');
      return `The secret of the ${record.action} webhook could not be saved: its deliveries are checked only until LiveHook quits.`;
    }
  }

  /** Unregistered at LiveChat, but deliveries may continue for the propagation window: its secret stays valid until then. */
  retire(id: string): void {
    if (!this.get(id)) return;
    const until = this.opts.clock.now() + this.opts.propagationMs;
    this.opts.settings.update((s) => ({
      registrations: s.registrations.map((r) => (r.id === id ? { ...r, retiredUntil: new Date(until).toISOString() } : r)),
    }));
    this.schedulePurge(id, this.opts.propagationMs);
  }

  /** Forgets a registration and its secret now. */
  async forget(id: string): Promise<void> {
    const timer = this.purgeTimers.get(id);
    if (timer !== undefined) this.opts.timers.clearTimeout(timer);
    this.purgeTimers.delete(id);
    this.opts.checker.forget(id);
    this.opts.settings.update((s) => ({ registrations: s.registrations.filter((r) => r.id !== id) }));
    await this.opts.secrets.delete(webhookSecretKey(id));
  }

  private schedulePurge(id: string, inMs: number): void {
    const previous = this.purgeTimers.get(id);
    if (previous !== undefined) this.opts.timers.clearTimeout(previous);
    this.purgeTimers.set(
      id,
      this.opts.timers.setTimeout(() => {
        this.purgeTimers.delete(id);
        this.forget(id).catch((err: unknown) => this.opts.logger.error({ err, id }, 'could not forget a retired webhook secret'));
      }, Math.max(0, inMs)),
    );
  }
}
