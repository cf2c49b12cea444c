import { randomBytes } from 'node:crypto';
import type {
  IdFailure,
  LicenseState,
  LiveChatMode,
  RegisterResult,
  Repointing,
  StaleWebhook,
  VanishedWebhook,
  WebhookName,
  WebhooksRegisterParams,
  WebhooksView,
} from '@shared/api/domains/livechat';
import { AppError, toApiError, type ApiError } from '@shared/api/errors';
import type { Logger } from '../ports';
import type { LiveChatApi, ListedWebhook } from './livechat-api';
import type { RegistrationRecord } from './livechat-settings';
import { RegistrationLedger, type RegistrationLedgerOptions } from './registration-ledger';
import { describeWebhook, descriptionFor, originOf, pointsAt, staleOf, trimSlash, vanishedOf } from './webhooks-view';

/** What the manager needs of the sign-in. */
export interface RegistrationsAuth {
  readonly api: LiveChatApi;
  readonly signedIn: boolean;
  readonly ownerClientId: string | undefined;
  readonly env: LiveChatMode;
  /** Why LiveChat ended the last session, if it did. */
  readonly signedOutReason: string | undefined;
}

/** The ledger's needs (it is built from these options), plus the sign-in and the public URL. */
export interface WebhookRegistrationsOptions extends RegistrationLedgerOptions {
  auth: RegistrationsAuth;
  /** LiveHook's public URL now (no trailing slash), or undefined while there is none. */
  publicUrl: () => string | undefined;
  /** How long LiveChat may keep using a changed registration (reference §2.5: up to 2 minutes). */
  propagationMs: number;
  /** How often LiveChat is re-listed to notice vanished and stale webhooks. */
  relistIntervalMs: number;
  onChange(view: WebhooksView): void;
}

/**
 * LiveHook's webhook registrations at LiveChat, kept pointed at the public URL.
 *
 * - Each registration gets its own strong secret (SecretStore + SecretChecker) and a description naming this install.
 * - When the public URL changes, each one is registered at the new URL first and the old one unregistered after
 *   (unregistering first only when the 3-per-action limit forces it); the old secrets stay valid for the propagation
 *   window, since LiveChat may keep delivering to the old URL for up to 2 minutes.
 * - A periodic re-list notices registrations that vanished (saving the Console's Chat Webhooks block wipes API-made
 *   ones) and this install's stale ones pointing at dead URLs; both can be fixed in one call.
 *
 * Changes run one at a time (a URL change arriving during a registration waits for it).
 */
export class WebhookRegistrations {
  private listed: ListedWebhook[] | undefined;
  private listedFor: string | undefined;
  private checkedAt: number | undefined;
  private problems: string[] = [];
  private repointing: Repointing | undefined;
  private repointTimer: unknown;
  private relistTimer: unknown;
  private queue: Promise<unknown> = Promise.resolve();
  private lastChangeAt: number | undefined;
  private lastEmitted = '';
  private stopped = false;
  private readonly log: Logger;

  private readonly ledger: RegistrationLedger;

  constructor(private readonly opts: WebhookRegistrationsOptions) {
    this.log = opts.logger;
    this.ledger = new RegistrationLedger(opts);
  }

  /** Loads the remembered registrations' secrets (before the receiver may ask). */
  load(): Promise<void> {
    return this.ledger.load();
  }

  start(): void {
    this.stopped = false;
    this.scheduleRelist();
  }

  stop(): void {
    this.stopped = true;
    this.clear(this.relistTimer);
    this.relistTimer = undefined;
    this.clear(this.repointTimer);
    this.repointTimer = undefined;
    this.ledger.stop();
  }

  /** When LiveHook last registered or re-pointed something (for the propagation-window diagnostic). */
  get lastChange(): number | undefined {
    return this.lastChangeAt;
  }

  /** The registrations LiveHook keeps pointed, for the current sign-in. */
  activeRecords(): RegistrationRecord[] {
    return this.ledger.active(this.opts.auth.ownerClientId, this.opts.auth.env);
  }

  view(): WebhooksView {
    const { auth } = this.opts;
    const base = this.opts.publicUrl();
    const owner = auth.ownerClientId;
    const listed = auth.signedIn && this.listedFor === owner ? this.listed : undefined;
    const now = this.opts.clock.now();
    return {
      signedIn: auth.signedIn,
      ownerClientId: owner ?? null,
      publicUrl: base ?? null,
      webhooks: (listed ?? []).map((w) => describeWebhook(w, { base, description: this.description(), tracked: this.ledger.knows(w.id) })),
      vanished: listed ? this.vanished(listed) : [],
      stale: listed ? this.stale(listed, base) : [],
      repointing: this.repointing && Date.parse(this.repointing.windowEndsAt) > now ? this.repointing : null,
      problems: [...this.problems],
      checkedAt: this.checkedAt !== undefined && listed ? new Date(this.checkedAt).toISOString() : null,
    };
  }

  // ── requests ──────────────────────────────────────────────────────────────────────────────────────────────────

  names(version?: string): Promise<WebhookName[]> {
    return this.opts.auth.api.listWebhookNames(version);
  }

  /** Re-lists at LiveChat (and re-points anything left pointing elsewhere). */
  list(): Promise<WebhooksView> {
    return this.serial(async () => {
      await this.relist();
      await this.reconcile();
      return this.changed();
    });
  }

  register(params: WebhooksRegisterParams): Promise<RegisterResult> {
    return this.serial(async () => {
      const owner = this.owner();
      const base = this.base();
      const registered: RegisterResult['registered'] = [];
      const failed: RegisterResult['failed'] = [];
      for (const action of [...new Set(params.actions)]) {
        try {
          const record = await this.registerOne(
            { action, type: params.type, path: `/livechat/${action}`, filters: params.filters, additionalData: params.additionalData },
            base,
            owner,
          );
          registered.push({ id: record.id, action, url: record.url });
        } catch (err) {
          failed.push({ action, error: toApiError(err) });
        }
      }
      if (registered.length === 0 && failed[0]) throw fromApiError(failed[0].error);
      this.problems = [];
      await this.relistQuietly();
      let licenseWebhooksEnabled: boolean | null = null;
      if (params.type === 'license') {
        try {
          licenseWebhooksEnabled = await this.opts.auth.api.getLicenseWebhooksState(owner);
        } catch (err) {
          this.log.warn({ error: toApiError(err).message }, 'could not read the license webhook state after registering');
        }
      }
      return { view: this.changed(), registered, failed, licenseWebhooksEnabled };
    });
  }

  unregister(ids: string[]): Promise<{ view: WebhooksView; unregistered: string[]; failed: IdFailure[] }> {
    return this.serial(async () => {
      const owner = this.owner();
      const unregistered: string[] = [];
      const failed: IdFailure[] = [];
      for (const id of [...new Set(ids)]) {
        try {
          await this.unregisterAtLiveChat(id, owner);
          this.ledger.retire(id);
          unregistered.push(id);
        } catch (err) {
          failed.push({ id, error: toApiError(err) });
        }
      }
      await this.relistQuietly();
      return { view: this.changed(), unregistered, failed };
    });
  }

  /** Registers every vanished webhook again, at the current public URL, with a new secret. */
  restore(): Promise<{ view: WebhooksView; restored: Array<{ previousId: string; id: string; action: string }>; failed: IdFailure[] }> {
    return this.serial(async () => {
      const owner = this.owner();
      const base = this.base();
      const listed = await this.relist();
      const restored: Array<{ previousId: string; id: string; action: string }> = [];
      const failed: IdFailure[] = [];
      for (const gone of this.vanished(listed)) {
        const record = this.ledger.get(gone.id);
        if (!record) continue;
        try {
          const next = await this.registerOne(record, base, owner);
          // LiveChat no longer has the old one, so nothing can be delivered with its secret.
          await this.ledger.forget(record.id);
          restored.push({ previousId: record.id, id: next.id, action: next.action });
        } catch (err) {
          failed.push({ id: record.id, error: toApiError(err) });
        }
      }
      if (restored.length > 0) this.log.info({ count: restored.length }, 'vanished webhooks restored');
      this.problems = [];
      await this.relistQuietly();
      return { view: this.changed(), restored, failed };
    });
  }

  /** Unregisters this install's registrations that point at dead URLs. */
  cleanup(): Promise<{ view: WebhooksView; removed: string[]; failed: IdFailure[] }> {
    return this.serial(async () => {
      const owner = this.owner();
      const listed = await this.relist();
      const removed: string[] = [];
      const failed: IdFailure[] = [];
      for (const stale of this.stale(listed, this.opts.publicUrl())) {
        try {
          await this.unregisterAtLiveChat(stale.id, owner);
          await this.ledger.forget(stale.id);
          removed.push(stale.id);
        } catch (err) {
          failed.push({ id: stale.id, error: toApiError(err) });
        }
      }
      if (removed.length > 0) this.log.info({ count: removed.length }, 'stale webhooks unregistered');
      await this.relistQuietly();
      return { view: this.changed(), removed, failed };
    });
  }

  async licenseState(): Promise<LicenseState> {
    const owner = this.owner();
    return { ownerClientId: owner, enabled: await this.opts.auth.api.getLicenseWebhooksState(owner) };
  }

  async setLicenseWebhooks(enabled: boolean): Promise<LicenseState> {
    const owner = this.owner();
    if (enabled) await this.opts.auth.api.enableLicenseWebhooks(owner);
    else await this.opts.auth.api.disableLicenseWebhooks(owner);
    this.lastChangeAt = this.opts.clock.now();
    return { ownerClientId: owner, enabled: await this.opts.auth.api.getLicenseWebhooksState(owner) };
  }

  /** The public URL moved: re-point every registration to it. */
  urlChanged(change: { previousUrl: string; url: string }): Promise<void> {
    return this.serial(async () => {
      if (!this.opts.auth.signedIn) return;
      await this.repoint(trimSlash(change.url), trimSlash(change.previousUrl));
      this.changed();
    }).catch((err: unknown) => this.log.error({ err }, 're-pointing webhooks failed'));
  }

  /** Re-list now (the tunnel came online, the sign-in changed…), without waiting for the period. */
  checkSoon(): void {
    this.serial(async () => {
      if (!this.opts.auth.signedIn) {
        this.changed();
        return;
      }
      await this.relistQuietly();
      await this.reconcile();
      this.changed();
    }).catch((err: unknown) => this.log.error({ err }, 'webhook check failed'));
  }

  /** On quit: unregister this install's active registrations when the user asked for it. */
  async shutdown(unregister: boolean): Promise<void> {
    this.stop();
    if (!unregister || !this.opts.auth.signedIn) return;
    await this.serial(async () => {
      const owner = this.owner();
      for (const record of this.activeRecords()) {
        try {
          await this.unregisterAtLiveChat(record.id, owner);
          await this.ledger.forget(record.id);
        } catch (err) {
          this.log.warn({ id: record.id, action: record.action, error: toApiError(err).message }, 'could not unregister a webhook on quit');
        }
      }
    });
  }

  // ── internals ─────────────────────────────────────────────────────────────────────────────────────────────────

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private owner(): string {
    const owner = this.opts.auth.ownerClientId;
    if (!this.opts.auth.signedIn || owner === undefined) {
      throw new AppError('unauthorized', this.opts.auth.signedOutReason ?? 'Not signed in to LiveChat. Sign in first.');
    }
    return owner;
  }

  private base(): string {
    const base = this.opts.publicUrl();
    if (base === undefined) {
      throw new AppError('conflict', 'LiveHook has no public URL yet: start the tunnel (or set your own public URL) before registering webhooks.');
    }
    return trimSlash(base);
  }

  private description(): string {
    return descriptionFor(this.opts.settings.get().installId);
  }

  private async registerOne(
    what: Pick<RegistrationRecord, 'action' | 'type' | 'path'> & Partial<Pick<RegistrationRecord, 'filters' | 'additionalData'>>,
    base: string,
    owner: string,
  ): Promise<RegistrationRecord> {
    const secret = randomBytes(32).toString('base64url');
    const url = `${base}${what.path}`;
    const { id } = await this.opts.auth.api.registerWebhook({
      action: what.action,
      secret_key: secret,
      url,
      owner_client_id: owner,
      type: what.type,
      description: this.description(),
      ...(what.filters && Object.keys(what.filters).length > 0 ? { filters: what.filters } : {}),
      ...(what.additionalData && what.additionalData.length > 0 ? { additional_data: what.additionalData } : {}),
    });
    const record: RegistrationRecord = {
      id,
      action: what.action,
      type: what.type,
      url,
      path: what.path,
      ownerClientId: owner,
      env: this.opts.auth.env,
      registeredAt: new Date(this.opts.clock.now()).toISOString(),
    };
    if (what.filters && Object.keys(what.filters).length > 0) record.filters = what.filters;
    if (what.additionalData && what.additionalData.length > 0) record.additionalData = what.additionalData;
    const problem = await this.ledger.remember(record, secret);
    if (problem !== undefined) this.problems.push(problem);
    this.lastChangeAt = this.opts.clock.now();
    this.log.info({ id, action: what.action, type: what.type, url }, 'webhook registered');
    return record;
  }

  /** `not_found` counts as done: what is not there needs no unregistering. */
  private async unregisterAtLiveChat(id: string, owner: string): Promise<void> {
    try {
      await this.opts.auth.api.unregisterWebhook(id, owner);
      this.log.info({ id }, 'webhook unregistered');
    } catch (err) {
      if (liveChatType(err) === 'not_found') return;
      throw err;
    }
  }

  /**
   * Each active registration not under `to` gets a twin at `to` first, then the original is unregistered (and its
   * secret kept through the propagation window). Only when LiveChat refuses the twin with `limit_reached` (3 per
   * action) does the original go first; if the twin then still fails, the original stays on record so it shows as
   * vanished and can be restored.
   */
  private async repoint(to: string, from: string | undefined): Promise<void> {
    const owner = this.owner();
    const records = this.activeRecords().filter((r) => !pointsAt(r.url, to));
    if (records.length === 0) return;
    const problems: string[] = [];
    let moved = 0;
    for (const record of records) {
      let unregisteredFirst = false;
      try {
        try {
          await this.registerOne(record, to, owner);
        } catch (err) {
          if (liveChatType(err) !== 'limit_reached') throw err;
          this.log.warn({ action: record.action }, '3 webhooks for this action already: unregistering the old one first');
          await this.unregisterAtLiveChat(record.id, owner);
          unregisteredFirst = true;
          await this.registerOne(record, to, owner);
        }
      } catch (err) {
        problems.push(`Could not re-point the ${record.action} webhook to ${to}: ${toApiError(err).message}`);
        if (unregisteredFirst) problems.push(`The old ${record.action} webhook was already unregistered: restore it from the vanished list.`);
        continue;
      }
      if (!unregisteredFirst) {
        try {
          await this.unregisterAtLiveChat(record.id, owner);
        } catch (err) {
          problems.push(`Could not unregister the old ${record.action} webhook (${record.url}): ${toApiError(err).message}. Clean it up from the stale list.`);
        }
      }
      this.ledger.retire(record.id);
      moved++;
    }
    this.problems = problems;
    if (moved > 0) {
      const now = this.opts.clock.now();
      const windowEndsAt = now + this.opts.propagationMs;
      const minutes = Math.max(1, Math.round(this.opts.propagationMs / 60_000));
      this.repointing = {
        from: from ?? originOf(records[0]!.url),
        to,
        startedAt: new Date(now).toISOString(),
        windowEndsAt: new Date(windowEndsAt).toISOString(),
        message: `Webhooks now point at ${to}. LiveChat may keep sending to the old URL for up to ${minutes} minute${minutes === 1 ? '' : 's'}; those deliveries still check as ok (and some events may arrive twice).`,
      };
      this.clear(this.repointTimer);
      this.repointTimer = this.opts.timers.setTimeout(() => {
        this.repointTimer = undefined;
        this.repointing = undefined;
        this.changed();
      }, this.opts.propagationMs);
      this.log.warn({ from: this.repointing.from, to, moved }, 'webhooks re-pointed to the new public URL');
    }
    await this.relistQuietly();
  }

  /** Anything of ours left pointing away from the public URL (a failed re-point, a URL change while LiveHook was off). */
  private async reconcile(): Promise<void> {
    const base = this.opts.publicUrl();
    if (base === undefined || !this.opts.auth.signedIn) return;
    const to = trimSlash(base);
    if (this.activeRecords().some((r) => !pointsAt(r.url, to))) await this.repoint(to, undefined);
  }

  private async relist(): Promise<ListedWebhook[]> {
    const owner = this.owner();
    const listed = await this.opts.auth.api.listWebhooks(owner);
    this.listed = listed;
    this.listedFor = owner;
    this.checkedAt = this.opts.clock.now();
    return listed;
  }

  /** After a change the re-list is a courtesy: its failure is reported, not thrown over a change that worked. */
  private async relistQuietly(): Promise<void> {
    try {
      await this.relist();
      this.problems = this.problems.filter((p) => !p.startsWith(RELIST_FAILED));
    } catch (err) {
      const e = toApiError(err);
      this.log.warn({ code: e.code, reason: e.message }, 'could not re-list webhooks');
      this.problems = [...this.problems.filter((p) => !p.startsWith(RELIST_FAILED)), `${RELIST_FAILED}: ${e.message}`];
    }
  }

  private scheduleRelist(): void {
    this.clear(this.relistTimer);
    this.relistTimer = this.opts.timers.setTimeout(() => {
      this.relistTimer = undefined;
      if (this.stopped) return;
      this.checkSoon();
      // Whatever the outcome, the next check comes one period later.
      this.queue.then(() => {
        if (!this.stopped) this.scheduleRelist();
      }, () => undefined);
    }, this.opts.relistIntervalMs);
  }

  private vanished(listed: ListedWebhook[]): VanishedWebhook[] {
    return vanishedOf(listed, this.activeRecords(), this.checkedAt ?? 0);
  }

  private stale(listed: ListedWebhook[], base: string | undefined): StaleWebhook[] {
    return staleOf(listed, { base, description: this.description(), records: this.ledger.all(), active: this.activeRecords() });
  }

  /** Pushes `webhooks.changed` when the view differs from the last one pushed; answers the view. */
  private changed(): WebhooksView {
    const view = this.view();
    const text = JSON.stringify({ ...view, checkedAt: null });
    if (text !== this.lastEmitted) {
      this.lastEmitted = text;
      this.opts.onChange(view);
    }
    return view;
  }

  private clear(handle: unknown): void {
    if (handle !== undefined) this.opts.timers.clearTimeout(handle);
  }
}

const RELIST_FAILED = 'Could not re-list webhooks at LiveChat';

function liveChatType(err: unknown): string | undefined {
  if (!(err instanceof AppError) || err.code !== 'livechat_error') return undefined;
  const detail = err.detail as { type?: unknown } | undefined;
  return typeof detail?.type === 'string' ? detail.type : undefined;
}

function fromApiError(e: ApiError): AppError {
  return new AppError(e.code, e.message, e.detail);
}
