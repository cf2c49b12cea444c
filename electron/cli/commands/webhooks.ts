import type { ApiClient } from '@shared/api/client';
import type { RegisteredWebhook, WebhooksView } from '@shared/api/domains/livechat';
import { parseCommand, str } from '../args';
import { UsageError } from '../usage';
import { withSession } from './run-session';
import type { Io } from './events-query';

/**
 * `livehook webhooks list|register|unregister`: LiveChat registrations of the signed-in account (or, with
 * `--sandbox`, of the built-in sandbox LiveChat). Registering points at the public URL, so it needs a running
 * `livehook serve` with its tunnel online.
 */
export async function webhooksCommand(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'list' && sub !== 'register' && sub !== 'unregister') {
    throw new UsageError(`webhooks needs list, register or unregister${sub ? `, got "${sub}"` : ''}`);
  }
  const { values, positionals, dataDir, json, verbose } = parseCommand(rest, {
    actions: { type: 'string' },
    type: { type: 'string' },
    sandbox: { type: 'boolean', default: false },
  });
  const type = str(values, 'type') ?? 'license';
  if (type !== 'license' && type !== 'bot') throw new UsageError(`--type must be license or bot, got "${type}"`);
  const actions = (str(values, 'actions') ?? '').split(',').map((a) => a.trim()).filter((a) => a.length > 0);
  if (sub === 'register' && actions.length === 0) throw new UsageError('webhooks register needs --actions a,b (e.g. --actions incoming_chat,incoming_event)');
  if (sub === 'unregister' && positionals.length === 0) throw new UsageError('webhooks unregister needs the webhook id(s) to remove');
  if (sub !== 'unregister' && positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);

  return withSession(dataDir, verbose, async ({ client }) => {
    await signedIn(client, values.sandbox === true);
    if (sub === 'list') {
      const view = await client.call('webhooks.list', {});
      if (json) io.out(JSON.stringify(view));
      else printView(view, io);
      return 0;
    }
    if (sub === 'register') {
      const result = await client.call('webhooks.register', { actions, type });
      if (json) io.out(JSON.stringify(result));
      else {
        for (const r of result.registered) io.out(`registered ${r.action} → ${r.url}  (id ${r.id})`);
        for (const f of result.failed) io.err(`livehook: ${f.action}: ${f.error.message}`);
        if (result.licenseWebhooksEnabled === false) io.out('Note: license webhooks are disabled for this Client ID; enable them in the app (or Developer Console) to get deliveries.');
      }
      return result.failed.length > 0 ? 1 : 0;
    }
    const result = await client.call('webhooks.unregister', { ids: positionals });
    if (json) io.out(JSON.stringify(result));
    else {
      for (const id of result.unregistered) io.out(`unregistered ${id}`);
      for (const f of result.failed) io.err(`livehook: ${f.id}: ${f.error.message}`);
    }
    return result.failed.length > 0 ? 1 : 0;
  });
}

async function signedIn(client: ApiClient, sandbox: boolean): Promise<void> {
  const status = await client.call('livechat.status', {});
  if (status.state === 'signedIn' && (!sandbox || status.mode === 'sandbox')) return;
  if (sandbox) {
    await client.call('livechat.signIn', { mode: 'sandbox' });
    return;
  }
  throw new Error(
    status.lastError
      ? `not signed in to LiveChat (${status.lastError.message}); sign in in the app, or use --sandbox`
      : 'not signed in to LiveChat; sign in in the app (or `livehook serve` and its inspector), or use --sandbox',
  );
}

function printView(view: WebhooksView, io: Io): void {
  io.out(`Public URL: ${view.publicUrl ?? '(none: the tunnel is off)'}`);
  if (view.webhooks.length === 0) io.out('No webhooks registered for this Client ID.');
  for (const w of view.webhooks) io.out(describe(w));
  for (const v of view.vanished) io.out(`vanished   ${v.action.padEnd(28)} ${v.url}  (id ${v.id}; LiveChat no longer lists it)`);
  for (const s of view.stale) io.out(`stale      ${s.action.padEnd(28)} ${s.url}  (id ${s.id}; not the current public URL)`);
  for (const p of view.problems) io.out(`problem: ${p}`);
}

function describe(w: RegisteredWebhook): string {
  const owner = w.owner === 'this-install' ? 'this LiveHook' : w.owner === 'other-livehook' ? 'another LiveHook' : 'not LiveHook';
  return `${w.type.padEnd(10)} ${w.action.padEnd(28)} ${w.url}  (id ${w.id}; ${owner}${w.pointsAtPublicUrl ? '' : ', not at the public URL'})`;
}
