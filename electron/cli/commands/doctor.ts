import type { DiagnosticCheck } from '@shared/api/domains/livechat';
import { parseCommand } from '../args';
import { UsageError } from '../usage';
import { withSession } from './run-session';
import type { Io } from './events-query';

const MARK: Record<DiagnosticCheck['status'], string> = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL', skip: 'skip' };

/**
 * `livehook doctor`: "why no webhooks?" — LiveHook runs, the receiver answers, and the LiveChat diagnostics (public URL
 * reachable, sign-in, scopes, registrations at the public URL, license webhooks enabled, filters).
 * Exit 1 when any check fails.
 */
export async function doctorCommand(argv: string[], io: Io): Promise<number> {
  const { positionals, dataDir, json, verbose } = parseCommand(argv, {});
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  return withSession(dataDir, verbose, async ({ client, kind, receiverUrl }) => {
    const checks: DiagnosticCheck[] = [];
    checks.push(
      kind === 'running'
        ? { id: 'running', title: 'LiveHook is running', status: 'ok', detail: `livehook serve is running on ${dataDir}`, fix: '' }
        : {
            id: 'running',
            title: 'LiveHook is running',
            status: 'warn',
            detail: `no livehook serve is running on ${dataDir}; nothing is receiving webhooks right now`,
            fix: 'Start the app (npm start) or `livehook serve`, then run doctor again.',
          },
    );
    checks.push(await receiverCheck(receiverUrl));
    const report = await client.call('livechat.diagnostics', {});
    checks.push(...report.checks);
    if (json) io.out(JSON.stringify({ ranAt: report.ranAt, checks }));
    else {
      for (const c of checks) {
        io.out(`[${MARK[c.status]}] ${c.title}: ${c.detail}`);
        if (c.fix && c.status !== 'ok') io.out(`       → ${c.fix}`);
      }
    }
    return checks.some((c) => c.status === 'fail') ? 1 : 0;
  });
}

async function receiverCheck(receiverUrl: string): Promise<DiagnosticCheck> {
  try {
    const res = await fetch(receiverUrl, { signal: AbortSignal.timeout(3000) });
    return res.ok
      ? { id: 'receiver', title: 'Receiver answers', status: 'ok', detail: `${receiverUrl} answered ${res.status}`, fix: '' }
      : { id: 'receiver', title: 'Receiver answers', status: 'fail', detail: `${receiverUrl} answered ${res.status}`, fix: 'Restart LiveHook.' };
  } catch (err) {
    return { id: 'receiver', title: 'Receiver answers', status: 'fail', detail: `${receiverUrl}: ${(err as Error).message}`, fix: 'Restart LiveHook; check that no firewall blocks 127.0.0.1.' };
  }
}
