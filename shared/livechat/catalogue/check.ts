import type { SchemaFinding } from '../../model/webhook';
import { APP_EVENTS, CURRENT_ACTIONS, LEGACY_ACTIONS } from './action-names';
import { catalogueEntry, checkerOf } from './catalogue';
import { describeType, quoteValue, type CheckContext } from './checker';
import type { CatalogueEntry } from './entry';
import { field, isObj, type Obj } from './read';
import { nearestName } from './suggest';

export interface WebhookCheck {
  /** The action the body names (`event` for app webhooks), when it names one. */
  action?: string;
  /** The catalogue entry the body was checked against. */
  entry?: CatalogueEntry;
  /** Unknown or legacy action, missing or mistyped required fields. Never about extra fields. */
  findings: SchemaFinding[];
}

const CHAT_ACTIONS: readonly string[] = [...CURRENT_ACTIONS, ...LEGACY_ACTIONS];

/** Names the docs themselves get wrong (reference §3, "Docs-sample errors"). */
const DOCS_MISNAMES: ReadonlyMap<string, { meant: string; why: string }> = new Map([
  ['delete_tag', { meant: 'tag_deleted', why: "the docs' tag_deleted table names the Configuration API method delete_tag" }],
]);

type Classified =
  | { kind: 'none' }
  | { kind: 'finding'; action?: string; finding: SchemaFinding }
  | { kind: 'entry'; action: string; entry: CatalogueEntry; note?: SchemaFinding };

const warning = (path: string, message: string): SchemaFinding => ({ path, severity: 'warning', message });

/** Which catalogue entry a body belongs to, or the one finding that explains why none does. */
function classify(body: Obj): Classified {
  const action = field(body, 'action');
  if (action === undefined || action === null) {
    const event = field(body, 'event');
    // App webhooks: camelCase envelope, the name in `event` (same test as envelope.ts).
    if (typeof event === 'string' && (Object.hasOwn(body, 'applicationID') || Object.hasOwn(body, 'clientID'))) {
      const entry = catalogueEntry(event);
      if (entry?.status === 'app') return { kind: 'entry', action: event, entry };
      const guess = nearestName(event, APP_EVENTS);
      const hint = guess === undefined ? '' : `: did you mean "${guess}"?`;
      return { kind: 'finding', action: event, finding: warning('event', `unknown app webhook event ${quoteValue(event)}${hint}`) };
    }
    // Not a LiveChat webhook at all (the receiver takes any request): nothing to say. With LiveChat's envelope keys, say what is missing.
    if (!Object.hasOwn(body, 'secret_key') && !Object.hasOwn(body, 'webhook_id')) return { kind: 'none' };
    return { kind: 'finding', finding: { path: 'action', severity: 'error', message: 'action is missing (every LiveChat webhook names its action)' } };
  }
  if (typeof action !== 'string') {
    return { kind: 'finding', finding: { path: 'action', severity: 'error', message: `action should be a string, got ${describeType(action)}` } };
  }

  const entry = catalogueEntry(action);
  if (entry === undefined || entry.status === 'app') return { kind: 'finding', action, finding: warning('action', unknownActionMessage(action, entry)) };
  if (entry.status === 'current') return { kind: 'entry', action, entry };

  // The docs' three auto_accesses_updated samples say "auto_access_added" (reference §3): an array payload is that shape.
  if (entry.replacedBy === 'auto_accesses_updated' && Array.isArray(field(body, 'payload'))) {
    const meant = catalogueEntry('auto_accesses_updated')!;
    const note = warning(
      'action',
      `"${action}" with an array payload is an auto_accesses_updated body (LiveChat's docs samples for ` +
        'auto_accesses_updated carry this action name by mistake); checked as auto_accesses_updated',
    );
    return { kind: 'entry', action, entry: meant, note };
  }
  return { kind: 'entry', action, entry, note: warning('action', legacyMessage(entry)) };
}

function legacyMessage(entry: CatalogueEntry): string {
  const when = `from API ${entry.versions} (retired in v${entry.retiredIn ?? '?'})`;
  if (entry.replacedBy === undefined) return `"${entry.action}" is a legacy action ${when}, with no replacement`;
  const successor = catalogueEntry(entry.replacedBy);
  const itself = successor?.status === 'legacy' ? ` (itself retired in v${successor.retiredIn ?? '?'})` : '';
  return `"${entry.action}" is a legacy action ${when}, replaced by "${entry.replacedBy}"${itself}`;
}

function unknownActionMessage(action: string, app: CatalogueEntry | undefined): string {
  const shown = quoteValue(action);
  if (app !== undefined) {
    return `${shown} is an app webhook event: app webhooks name it in "event", with a camelCase envelope (applicationID, clientID, …), not in "action"`;
  }
  const misnamed = DOCS_MISNAMES.get(action);
  if (misnamed !== undefined) return `unknown action ${shown}: did you mean "${misnamed.meant}"? (${misnamed.why})`;
  const guess = nearestName(action, CHAT_ACTIONS);
  if (guess === undefined) return `unknown action ${shown}: not a LiveChat webhook action of API 3.1–3.7`;
  const guessed = catalogueEntry(guess)!;
  const legacy = guessed.status === 'legacy' ? ` (${legacyMessage(guessed)})` : '';
  return `unknown action ${shown}: did you mean "${guess}"?${legacy}`;
}

/**
 * Checks a parsed webhook body against the catalogue. A body that is not a JSON object gets no findings (the
 * receiver reports parse errors itself); a body that is not a LiveChat webhook at all gets none either. Never throws,
 * whatever the body holds; cost is bounded by the declared fields and MAX_FINDINGS.
 */
export function checkWebhookBody(body: unknown): WebhookCheck {
  if (!isObj(body)) return { findings: [] };
  const c = classify(body);
  if (c.kind === 'none') return { findings: [] };
  if (c.kind === 'finding') return c.action === undefined ? { findings: [c.finding] } : { action: c.action, findings: [c.finding] };
  const ctx: CheckContext = { action: c.entry.action, findings: c.note === undefined ? [] : [c.note], full: false };
  checkerOf(c.entry)(body, '', ctx);
  return { action: c.action, entry: c.entry, findings: ctx.findings };
}

/** A human sentence about a webhook body ("Chat PJ0MRSHTDG was closed by agent smith@example.com"), or undefined. */
export function summarize(body: unknown): string | undefined {
  if (!isObj(body)) return undefined;
  const c = classify(body);
  return c.kind === 'entry' ? c.entry.summary(body) : undefined;
}
