import type { ApiClient } from '@shared/api/client';
import type { SimulatorDestination, TriggerRecord } from '@shared/api/domains/simulator';
import { parseCommand, parseCount, parseUrl, str, strings } from '../args';
import { createProgress } from '../progress';
import { UsageError } from '../usage';
import { withSession } from './run-session';
import type { Io } from './events-query';

/**
 * `livehook trigger <action|scenario> [--to URL | --sandbox] [--set path=value]… [--seed N] [--count N] [--speed N]`:
 * generates LiveChat webhooks offline and sends them into LiveHook (default), to a URL under the delivery policy, or
 * through the sandbox LiveChat to its registrations. Exit 1 when any webhook was not delivered.
 */
export async function triggerCommand(argv: string[], io: Io & { untilStopped?: Promise<string> }): Promise<number> {
  const { values, positionals, dataDir, json, verbose } = parseCommand(argv, {
    to: { type: 'string' },
    sandbox: { type: 'boolean', default: false },
    set: { type: 'string', multiple: true },
    seed: { type: 'string' },
    count: { type: 'string' },
    speed: { type: 'string' },
    'additional-data': { type: 'boolean', default: false },
    list: { type: 'boolean', default: false },
  });
  if (values.list === true) return withSession(dataDir, verbose, (s) => listChoices(s.client, json, io));
  if (positionals.length !== 1) throw new UsageError('give one action or scenario: livehook trigger incoming_chat (livehook trigger --list shows them)');
  const name = positionals[0]!;
  const to = str(values, 'to');
  if (to !== undefined && values.sandbox === true) throw new UsageError('give --to URL or --sandbox, not both');
  const destination: SimulatorDestination = to !== undefined ? { kind: 'url', url: parseUrl(to, '--to') } : values.sandbox === true ? { kind: 'sandbox' } : { kind: 'self' };
  const set = strings(values, 'set');
  for (const s of set) if (!s.includes('=')) throw new UsageError(`--set needs path=value, got "${s}"`);
  const seedText = str(values, 'seed');
  const seed = seedText === undefined ? undefined : Number(seedText);
  if (seed !== undefined && (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff)) throw new UsageError(`--seed must be a whole number from 0 to 4294967295, got "${seedText}"`);
  const count = parseCount(str(values, 'count'), '--count', 1, 100);
  const speedText = str(values, 'speed');
  const speed = speedText === undefined ? undefined : Number(speedText);
  if (speed !== undefined && (!Number.isFinite(speed) || speed < 0)) throw new UsageError(`--speed must be 0 (no waiting) or a positive factor, got "${speedText}"`);

  return withSession(dataDir, verbose, async ({ client }) => {
    if (destination.kind === 'sandbox') {
      const status = await client.call('livechat.status', {});
      if (status.state !== 'signedIn' || status.mode !== 'sandbox') await client.call('livechat.signIn', { mode: 'sandbox' });
    }
    const scenarios = await client.call('simulator.scenarios', {});
    const isScenario = scenarios.some((s) => s.name === name);
    if (isScenario && (set.length > 0 || values.count !== undefined)) throw new UsageError('--set and --count apply to actions, not scenarios');
    if (!isScenario && speed !== undefined) throw new UsageError('--speed applies to scenarios only');
    const progress = createProgress(isScenario ? `Scenario ${name}` : `Trigger ${name}`);
    const record = await runAndWait(
      client,
      () =>
        isScenario
          ? client.call('simulator.run', { name, destination, ...(seed !== undefined ? { seed } : {}), ...(speed !== undefined ? { speed } : {}), ...(values['additional-data'] === true ? { additionalData: true } : {}) })
          : client.call('simulator.send', {
              action: name,
              destination,
              count,
              ...(seed !== undefined ? { seed } : {}),
              ...(set.length > 0 ? { set } : {}),
              ...(values['additional-data'] === true ? { additionalData: true } : {}),
            }),
      (r) => progress.update(r.items.length, r.total),
      io.untilStopped,
    ).finally(() => progress.done());
    if (json) io.out(JSON.stringify(record));
    else {
      for (const item of record.items) io.out(`${String(item.index + 1).padStart(3)}. ${(item.action ?? '').padEnd(28)} ${item.verdict}${item.capturedId ? `  (${item.capturedId})` : ''}`);
      if (record.cancelled) io.out('cancelled');
      if (record.error) io.err(`livehook: ${record.error}`);
      if (record.seed !== undefined) io.out(`seed ${record.seed} (pass --seed ${record.seed} to send the same bodies again)`);
    }
    return record.error || record.cancelled || record.items.some((i) => !i.delivered) ? 1 : 0;
  });
}

/** Starts a trigger and resolves with its finished record (URL and sandbox sends answer when started). */
function runAndWait(client: ApiClient, start: () => Promise<TriggerRecord>, onProgress: (r: TriggerRecord) => void, untilStopped?: Promise<string>): Promise<TriggerRecord> {
  return new Promise((resolve, reject) => {
    let id: string | undefined;
    const seen = new Map<string, TriggerRecord>();
    const finish = (r: TriggerRecord) => {
      off();
      resolve(r);
    };
    const off = client.on('simulator.trigger', (r) => {
      if (id === undefined) seen.set(r.id, r);
      else if (r.id === id) {
        onProgress(r);
        if (r.done) finish(r);
      }
    });
    void untilStopped?.then(() => (id ? client.call('simulator.cancel', { id }).catch(() => undefined) : undefined));
    start().then(
      (r) => {
        id = r.id;
        const latest = seen.get(id) ?? r;
        if (r.done) finish(r);
        else if (latest.done) finish(latest);
      },
      (err: unknown) => {
        off();
        reject(err as Error);
      },
    );
  });
}

async function listChoices(client: ApiClient, json: boolean, io: Io): Promise<number> {
  const [catalogue, scenarios] = await Promise.all([client.call('simulator.actions', {}), client.call('simulator.scenarios', {})]);
  if (json) {
    io.out(JSON.stringify({ actions: catalogue, scenarios }));
    return 0;
  }
  io.out('Scenarios:');
  for (const s of scenarios) io.out(`  ${s.name.padEnd(24)} ${s.title}: ${s.description}`);
  io.out('Actions:');
  for (const g of catalogue.groups) io.out(`  ${g.group}: ${g.actions.map((a) => a.action).join(', ')}`);
  return 0;
}
