import type { TunnelStatus } from '@shared/api/domains/tunnel';
import {
  REQUIRED_SCOPES,
  type DiagnosticCheck,
  type DiagnosticsReport,
  type LiveChatStatus,
  type WebhookFilters,
  type WebhooksView,
} from '@shared/api/domains/livechat';
import { toApiError } from '@shared/api/errors';
import type { RegistrationRecord } from './livechat-settings';

/** What the checks read; gathered by the caller so the checks themselves are plain functions of it. */
export interface DiagnosticsInput {
  now: number;
  status: LiveChatStatus;
  tunnel: TunnelStatus;
  /** False when registrations point at the local receiver (sandbox): the tunnel is then not on the way. */
  tunnelMatters?: boolean;
  /** A fresh re-list, or the error that prevented it. */
  view: WebhooksView | { error: unknown };
  records: RegistrationRecord[];
  /** get_license_webhooks_state, or the error it answered. */
  licenseState: boolean | { error: unknown } | undefined;
  lastChangeAt: number | undefined;
  propagationMs: number;
}

/**
 * "Why no webhooks?" — the causes of reference §9.1 that LiveHook can check by itself, most likely first. Each check
 * says what it found and, when something is wrong, what to do about it.
 */
export function diagnose(input: DiagnosticsInput): DiagnosticsReport {
  const checks: DiagnosticCheck[] = [
    signedIn(input),
    scopes(input),
    licenseWebhooks(input),
    registrations(input),
    pointing(input),
    tunnel(input),
    propagation(input),
    filters(input),
    botStatus(input),
    authCaveats(input),
  ];
  return { ranAt: new Date(input.now).toISOString(), checks };
}

function check(id: string, title: string, status: DiagnosticCheck['status'], detail: string, fix = ''): DiagnosticCheck {
  return { id, title, status, detail, fix };
}

function signedIn({ status }: DiagnosticsInput): DiagnosticCheck {
  const title = 'Signed in to LiveChat';
  if (status.state === 'signedIn' && status.account) {
    const who = status.account.accountId ?? 'an account';
    return check('signed-in', title, 'ok', `Signed in as ${who} (${status.account.method === 'pat' ? 'Personal Access Token' : 'OAuth'}), owner Client ID ${status.account.clientId}.`);
  }
  const why = status.lastError ? ` Last problem: ${status.lastError.message}` : '';
  return check('signed-in', title, 'fail', `Not signed in, so LiveHook cannot register or list webhooks.${why}`, 'Sign in with LiveChat (OAuth), a Personal Access Token, or the sandbox.');
}

function scopes({ status }: DiagnosticsInput): DiagnosticCheck {
  const title = 'Webhook scopes';
  const account = status.account;
  if (!account) return check('scopes', title, 'skip', 'Not signed in.');
  if (account.method === 'pat') {
    return account.missingScopes.length === 0
      ? check('scopes', title, 'ok', 'The Personal Access Token can list webhooks and read the license webhook state.')
      : check(
          'scopes',
          title,
          'warn',
          `The Personal Access Token can manage webhooks but could not read the license webhook state (missing ${account.missingScopes.join(', ')}).`,
          'PAT scopes cannot be changed: create a new PAT in Developer Console with webhooks.configuration:rw and webhooks.state:rw.',
        );
  }
  if (account.scopes === null) return check('scopes', title, 'warn', 'LiveChat did not say which scopes the sign-in has.', 'Sign in again, or check the token in Developer Console → Tools → Token Debugger.');
  if (account.missingScopes.length === 0) return check('scopes', title, 'ok', `The sign-in has ${REQUIRED_SCOPES.join(' and ')}.`);
  return check(
    'scopes',
    title,
    'fail',
    `The sign-in lacks ${account.missingScopes.join(', ')}.`,
    `Add ${account.missingScopes.join(', ')} to your app's Access scopes in Developer Console (App Authorization), then sign in again. Webhook scopes need an administrator account.`,
  );
}

function licenseWebhooks({ status, licenseState, records }: DiagnosticsInput): DiagnosticCheck {
  const title = 'License webhooks enabled';
  if (!status.account) return check('license-webhooks', title, 'skip', 'Not signed in.');
  if (records.length > 0 && records.every((r) => r.type === 'bot')) return check('license-webhooks', title, 'skip', 'Only bot webhooks are registered; the license switch does not apply to them.');
  if (licenseState === undefined) return check('license-webhooks', title, 'skip', 'Not checked.');
  if (typeof licenseState === 'object') {
    const e = toApiError(licenseState.error);
    return check(
      'license-webhooks',
      title,
      'warn',
      `LiveChat did not tell the license webhook state: ${e.message}`,
      `Make sure the app with Client ID ${status.account.clientId} is installed on your license (Developer Console → your app → Private installation) and that the sign-in has webhooks.state:ro.`,
    );
  }
  return licenseState
    ? check('license-webhooks', title, 'ok', `License webhooks are enabled for Client ID ${status.account.clientId} on this license.`)
    : check('license-webhooks', title, 'fail', 'License webhooks are disabled for this license, so LiveChat sends none of them.', 'Enable license webhooks (one click here, or enable_license_webhooks).');
}

function registrations({ status, view, records }: DiagnosticsInput): DiagnosticCheck {
  const title = 'Webhooks registered';
  if (!status.account) return check('registrations', title, 'skip', 'Not signed in.');
  if ('error' in view) return check('registrations', title, 'warn', `Could not list webhooks at LiveChat: ${toApiError(view.error).message}`, 'Try again in a moment; if it persists, sign in again.');
  if (view.vanished.length > 0) {
    return check(
      'registrations',
      title,
      'fail',
      `${view.vanished.length} of LiveHook's webhooks are gone from LiveChat (${unique(view.vanished.map((v) => v.action)).join(', ')}). Saving the Chat Webhooks block in Developer Console removes webhooks registered through the API.`,
      'Restore them (one click), and avoid saving the Chat Webhooks block for the same app while you use LiveHook.',
    );
  }
  if (records.length === 0) {
    return check('registrations', title, 'fail', 'LiveHook has not registered any webhooks for this Client ID.', 'Choose the actions you need and register them.');
  }
  return check('registrations', title, 'ok', `${records.length} webhook${records.length === 1 ? '' : 's'} registered: ${unique(records.map((r) => r.action)).join(', ')}.`);
}

function pointing({ status, view, records }: DiagnosticsInput): DiagnosticCheck {
  const title = 'Webhooks point at the public URL';
  if (!status.account || records.length === 0) return check('pointing', title, 'skip', 'No registrations to check.');
  if ('error' in view) return check('pointing', title, 'skip', 'Could not list webhooks.');
  if (view.publicUrl === null) return check('pointing', title, 'fail', 'LiveHook has no public URL right now.', 'Start the tunnel (or set your own public URL).');
  const base = view.publicUrl.replace(/\/+$/, '');
  const away = records.filter((r) => !(r.url === base || r.url.startsWith(`${base}/`)));
  const stale = view.stale.length > 0 ? ` ${view.stale.length} older LiveHook registration(s) still point at dead URLs.` : '';
  if (away.length > 0) {
    return check(
      'pointing',
      title,
      'fail',
      `${away.length} webhook${away.length === 1 ? '' : 's'} still point elsewhere (${away[0]!.url}).${stale}`,
      'Open the webhooks list (LiveHook re-points them) or register them again.',
    );
  }
  if (view.stale.length > 0) return check('pointing', title, 'warn', `All registrations point at ${base}.${stale}`, 'Clean up the stale registrations (one click): they count toward the 3-per-action limit.');
  return check('pointing', title, 'ok', `All registrations point at ${base}.`);
}

function tunnel({ tunnel: t, tunnelMatters }: DiagnosticsInput): DiagnosticCheck {
  const title = 'Public URL reachable';
  if (tunnelMatters === false) return check('tunnel', title, 'skip', 'The sandbox delivers to LiveHook on this computer; the tunnel is not needed.');
  switch (t.state) {
    case 'online':
      return check('tunnel', title, 'ok', `The tunnel answers at ${t.url} (probed ${t.onlineSince ? `since ${t.onlineSince}` : 'just now'}).`);
    case 'connecting':
    case 'reconnecting':
      return check('tunnel', title, 'warn', `The tunnel is ${t.state}${t.lastError ? ` (${t.lastError})` : ''}; deliveries fail until it is back.`, 'Wait for it, or check the tunnel panel.');
    case 'failed':
      return check('tunnel', title, 'fail', `The tunnel failed: ${t.reason}`, 'Fix the tunnel settings and start it again.');
    default:
      return check('tunnel', title, 'fail', 'The tunnel is stopped: LiveChat cannot reach LiveHook.', 'Start the tunnel.');
  }
}

function propagation({ now, lastChangeAt, propagationMs, view }: DiagnosticsInput): DiagnosticCheck {
  const title = 'Propagation window';
  const repointing = 'error' in view ? null : view.repointing;
  if (lastChangeAt !== undefined && now - lastChangeAt < propagationMs) {
    const left = Math.ceil((propagationMs - (now - lastChangeAt)) / 1000);
    return check(
      'propagation',
      title,
      'warn',
      `Webhooks were changed ${Math.round((now - lastChangeAt) / 1000)} s ago; LiveChat takes up to ${Math.round(propagationMs / 60_000)} minutes to apply changes${repointing ? ' and may still send to the old URL' : ''}.`,
      `Wait about ${left} s, then trigger the event again.`,
    );
  }
  return check('propagation', title, 'ok', 'No recent change is still propagating.');
}

function filters({ records }: DiagnosticsInput): DiagnosticCheck {
  const title = 'Filters';
  const notes: string[] = [];
  for (const r of records) {
    const why = filterNotes(r.filters);
    if (why.length > 0) notes.push(`${r.action}: ${why.join('; ')}`);
  }
  if (records.length === 0) return check('filters', title, 'skip', 'No registrations to check.');
  if (notes.length === 0) return check('filters', title, 'ok', 'No registration filters out events.');
  return check('filters', title, 'warn', `Some registrations only fire for some events — ${notes.join(' | ')}.`, 'If the events you expect do not match, register the action again without those filters.');
}

function filterNotes(f: WebhookFilters | undefined): string[] {
  if (!f) return [];
  const notes: string[] = [];
  if (f.author_type) notes.push(`only events written by ${f.author_type === 'agent' ? 'agents' : 'customers'} (author_type)`);
  if (f.only_my_chats) notes.push('only chats started by your app (only_my_chats) — chats from the chat widget are dropped');
  const ids = f.chat_presence?.user_ids;
  if (ids?.values) notes.push(`only chats with ${ids.values.join(', ')} present`);
  if (ids?.exclude_values) notes.push(`no chats with ${ids.exclude_values.join(', ')} present`);
  if (f.chat_presence?.my_bots) notes.push("only chats with one of your app's bots present (my_bots)");
  if (f.source_type && f.source_type.length < 3) notes.push(`only events from ${f.source_type.join(', ')} (source_type)`);
  if (f.agent_ids && f.agent_ids.length > 0) notes.push(`only agents ${f.agent_ids.join(', ')}`);
  return notes;
}

function botStatus({ records }: DiagnosticsInput): DiagnosticCheck {
  const title = 'Bot webhooks';
  if (!records.some((r) => r.type === 'bot')) return check('bot-status', title, 'skip', 'No bot webhooks registered.');
  return check(
    'bot-status',
    title,
    'warn',
    "Bot webhooks arrive only for bots owned by your Client ID, and none while the bot's routing status is offline (LiveHook cannot see bot status).",
    'Set the bot to accepting or not accepting chats with set_routing_status.',
  );
}

function authCaveats({ status, licenseState }: DiagnosticsInput): DiagnosticCheck {
  const title = 'App installed for this Client ID';
  const account = status.account;
  if (!account) return check('auth', title, 'skip', 'Not signed in.');
  const install = `License webhooks are delivered only where the app with Client ID ${account.clientId} is installed (Developer Console → your app → Private installation counts).`;
  // LiveChat answering the license state for this Client ID is the best sign LiveHook has that the pair is right.
  const level = licenseState === true ? 'ok' : 'warn';
  if (account.method === 'pat') {
    return check(
      'auth',
      title,
      level,
      `${install} A Personal Access Token acts as its account with that account's role; webhooks registered with it are owned by the Client ID you gave, which must belong to the same organization.`,
      level === 'ok' ? '' : 'Install the app on your license if it is not, and make sure the Client ID is the one installed.',
    );
  }
  return check('auth', title, level, install, level === 'ok' ? '' : 'Install the app on your license if it is not (LiveHook cannot check installations).');
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
