import type { RegisteredWebhook, StaleWebhook, VanishedWebhook } from '@shared/api/domains/livechat';
import type { ListedWebhook } from './livechat-api';
import type { RegistrationRecord } from './livechat-settings';

/**
 * How LiveHook reads LiveChat's list of webhooks against what it registered: whose each one is, which of its own went
 * missing, which of its own point at dead URLs. Pure functions of the list and the records.
 */

const DESCRIPTION_PREFIX = 'LiveHook ';

/** The description that marks a registration as this install's (reference §4: free text, fit for tagging). */
export function descriptionFor(installId: string): string {
  return `${DESCRIPTION_PREFIX}${installId}`;
}

export function describeWebhook(w: ListedWebhook, ctx: { base: string | undefined; description: string; tracked: boolean }): RegisteredWebhook {
  const owner = w.description === ctx.description ? 'this-install' : w.description?.startsWith(DESCRIPTION_PREFIX) ? 'other-livehook' : 'other';
  return {
    id: w.id,
    action: w.action,
    url: w.url,
    type: w.type,
    description: w.description,
    filters: w.filters,
    additionalData: w.additionalData,
    owner,
    tracked: ctx.tracked,
    pointsAtPublicUrl: ctx.base !== undefined && pointsAt(w.url, trimSlash(ctx.base)),
  };
}

/** Active registrations LiveChat no longer lists. One registered after the list was taken is just not listed yet. */
export function vanishedOf(listed: ListedWebhook[], active: RegistrationRecord[], listedAt: number): VanishedWebhook[] {
  const ids = new Set(listed.map((w) => w.id));
  return active
    .filter((r) => !ids.has(r.id) && Date.parse(r.registeredAt) <= listedAt)
    .map((r) => ({ id: r.id, action: r.action, type: r.type, url: r.url, registeredAt: r.registeredAt }));
}

/**
 * This install's registrations that LiveHook no longer keeps pointed (leftovers of earlier runs, failed
 * unregisters) and that point away from the public URL. Other installs' are never "stale" here: they may be a
 * teammate's LiveHook, alive elsewhere.
 */
export function staleOf(
  listed: ListedWebhook[],
  ctx: { base: string | undefined; description: string; records: RegistrationRecord[]; active: RegistrationRecord[] },
): StaleWebhook[] {
  const active = new Set(ctx.active.map((r) => r.id));
  const retiring = new Set(ctx.records.filter((r) => r.retiredUntil !== undefined).map((r) => r.id));
  return listed
    .filter((w) => w.description === ctx.description && !active.has(w.id) && !retiring.has(w.id))
    .filter((w) => ctx.base === undefined || !pointsAt(w.url, trimSlash(ctx.base)))
    .map((w) => ({ id: w.id, action: w.action, url: w.url }));
}

export function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** `url` is the public URL itself or a path under it. */
export function pointsAt(url: string, base: string): boolean {
  return url === base || url.startsWith(`${base}/`);
}

export function originOf(url: string): string {
  return URL.canParse(url) ? new URL(url).origin : url;
}
