import { APP_EVENTS, CURRENT_ACTIONS, GROUPS, LEGACY_ACTIONS, type ActionGroup } from './action-names';
import { compile, type Check } from './checker';
import { currentDefs } from './current';
import type { CatalogueEntry, EntryDef, LegacyDef } from './entry';
import { APP_DEFS, LEGACY_DEFS } from './legacy';
import { field, isObj } from './read';
import { toZod } from './to-zod';

/**
 * The action catalogue, built once at load: every entry's zod schema and compiled checker are made here and never
 * per webhook.
 */

/** The payload of a body (`data` in API 3.0 bodies), for the summaries. */
export function payloadOf(body: Record<string, unknown>): unknown {
  return Object.hasOwn(body, 'payload') ? body.payload : field(body, 'data');
}

function build(action: string, status: CatalogueEntry['status'], def: EntryDef, legacy?: LegacyDef): CatalogueEntry {
  const entry: CatalogueEntry = {
    action,
    group: legacy !== undefined ? 'Legacy' : def.group,
    status,
    versions: legacy?.versions ?? (status === 'app' ? 'Developer Console' : CURRENT_VERSIONS[action] ?? DEFAULT_CURRENT_VERSIONS),
    description: def.description,
    // Frozen all the way down: these lists are shared between entries.
    ids: Object.freeze(def.ids),
    filters: Object.freeze(def.filters),
    additionalData: Object.freeze(def.additionalData),
    schema: toZod(def.body),
    summary(body: unknown): string {
      if (!isObj(body)) return def.description;
      return def.summarize(payloadOf(body), body) ?? def.description;
    },
    ...(legacy === undefined
      ? {}
      : { formerGroup: def.group, retiredIn: legacy.retiredIn, ...(legacy.replacedBy === undefined ? {} : { replacedBy: legacy.replacedBy }) }),
  };
  CHECKS.set(action, compile(def.body));
  return Object.freeze(entry);
}

/** Which API versions document each current action (examples.json `documented_in_versions`; reference §2.3). */
const CURRENT_VERSIONS: Readonly<Record<string, string>> = {
  chat_access_updated: '3.4–3.7',
  chat_transferred: '3.3–3.7',
  customer_session_fields_updated: '3.3–3.7',
  event_deleted: '3.6–3.7',
  thread_summary_set: '3.6–3.7',
  agent_created: '3.4–3.7',
  agent_approved: '3.4–3.7',
  agent_updated: '3.4–3.7',
  agent_suspended: '3.4–3.7',
  agent_unsuspended: '3.4–3.7',
  auto_accesses_updated: '3.5–3.7',
  bot_created: '3.4–3.7',
  bot_updated: '3.4–3.7',
  bot_deleted: '3.4–3.7',
  group_created: '3.4–3.7',
  group_updated: '3.4–3.7',
  group_deleted: '3.4–3.7',
  tag_created: '3.5–3.7',
  tag_updated: '3.5–3.7',
  tag_deleted: '3.5–3.7',
};
const DEFAULT_CURRENT_VERSIONS = '3.2–3.7';

const CHECKS = new Map<string, Check>();

const current = currentDefs(CURRENT_ACTIONS).map(([action, def]) => build(action, 'current', def));
const legacy = LEGACY_ACTIONS.map((action) => build(action, 'legacy', LEGACY_DEFS[action], LEGACY_DEFS[action]));
const apps = APP_EVENTS.map((event) => build(event, 'app', APP_DEFS[event]));

export const CATALOGUE: readonly CatalogueEntry[] = Object.freeze([...current, ...legacy, ...apps]);

// A Map, not an object: a body's action may be "constructor" or "__proto__".
const BY_ACTION = new Map<string, CatalogueEntry>(CATALOGUE.map((e) => [e.action, e]));

export function catalogueEntry(action: string): CatalogueEntry | undefined {
  return BY_ACTION.get(action);
}

/** The compiled checker of an entry (internal: checkWebhookBody's fast path). */
export function checkerOf(entry: CatalogueEntry): Check {
  return CHECKS.get(entry.action)!;
}

/** Group → actions, in the reference's order (§3), then the legacy names and the app webhooks. */
export const ACTION_GROUPS: Readonly<Record<ActionGroup, readonly string[]>> = Object.freeze(
  Object.fromEntries(GROUPS.map((g) => [g, Object.freeze(CATALOGUE.filter((e) => e.group === g).map((e) => e.action))])) as Record<
    ActionGroup,
    readonly string[]
  >,
);
