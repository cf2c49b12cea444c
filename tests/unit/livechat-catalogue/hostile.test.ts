import { describe, expect, it } from 'vitest';
import { CATALOGUE, checkWebhookBody, summarize } from '../../../shared/livechat/catalogue';
import { loadExamples } from '../../support/livechat-examples';

/**
 * The check runs on every captured webhook (in the analysis worker), on bodies anyone on the internet can send.
 * Whatever they hold, it must not throw, must not touch Object.prototype, and must finish fast.
 */

const examples = new Map(loadExamples().map((e) => [e.action, e.body]));
const example = (action: string) => structuredClone(examples.get(action)!) as Record<string, unknown>;

/** Generous bound for a loaded CI machine; the real cost is a few milliseconds. */
const FAST_MS = 1500;

function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}

/** {"a":{"a":…}} `depth` levels deep, built without recursion. */
function deep(depth: number, key = 'a'): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let cur = root;
  for (let i = 0; i < depth; i++) {
    const next: Record<string, unknown> = {};
    cur[key] = next;
    cur = next;
  }
  return root;
}

function checkAndSummarize(body: unknown) {
  const r = timed(() => ({ check: checkWebhookBody(body), summary: summarize(body) }));
  expect(r.ms).toBeLessThan(FAST_MS);
  return r.value;
}

describe('hostile bodies', () => {
  it('100,000-deep nesting, in unknown fields and where the schema expects objects', () => {
    const nest = deep(100_000);
    checkAndSummarize(nest);
    checkAndSummarize(deep(100_000, 'payload'));
    const unknownField = { ...example('incoming_chat'), extra: nest };
    expect(checkAndSummarize(unknownField).check.findings).toEqual([]);
    const inPayload = example('incoming_event');
    inPayload.payload = { ...(inPayload.payload as object), event: { ...deep(100_000, 'event'), type: 'message', id: 'E', text: 'x' } };
    expect(checkAndSummarize(inPayload).check.findings).toEqual([]);
    const asEvent = example('incoming_event');
    (asEvent.payload as Record<string, unknown>).event = deep(100_000, 'event');
    const { check } = checkAndSummarize(asEvent);
    expect(check.findings.map((f) => f.path)).toEqual(['payload.event.type']);
  });

  it('a 1,000,000-element array: as the body, as a payload, inside a chat, as wrong elements', () => {
    const million = new Array<unknown>(1_000_000).fill(0);
    expect(checkAndSummarize(million).check).toEqual({ findings: [] });

    const badRules = { ...example('auto_accesses_updated'), payload: million };
    const bad = checkAndSummarize(badRules).check;
    expect(bad.findings.length).toBeLessThanOrEqual(21);
    expect(bad.findings[0]).toMatchObject({ path: 'payload[0]', severity: 'error' });

    const goodRules = { ...example('auto_accesses_updated'), payload: Array.from({ length: 1_000_000 }, (_, i) => ({ id: `r${i}`, status: 'added' })) };
    expect(checkAndSummarize(goodRules).check.findings).toEqual([]);

    const chat = example('incoming_chat');
    const c = (chat.payload as Record<string, Record<string, unknown>>).chat!;
    c.users = million;
    (c.thread as Record<string, unknown>).events = million;
    expect(checkAndSummarize(chat).check.findings.length).toBeLessThanOrEqual(21);

    const wide = example('chat_properties_updated');
    const props: Record<string, unknown> = {};
    for (let i = 0; i < 200_000; i++) props[`ns${i}`] = { p: i };
    (wide.payload as Record<string, unknown>).properties = props;
    expect(checkAndSummarize(wide).check.findings).toEqual([]);

    const manyKeys: Record<string, unknown> = example('incoming_event');
    for (let i = 0; i < 1_000_000; i++) manyKeys[`k${i}`] = i;
    expect(checkAndSummarize(manyKeys).check.findings).toEqual([]);
  });

  it('__proto__ and constructor keys neither pollute nor confuse', () => {
    const bodies = [
      '{"__proto__": {"x": 1}}',
      '{"__proto__": {"action": "incoming_chat"}, "constructor": {"prototype": {"polluted": true}}}',
      '{"action": "__proto__", "payload": {}}',
      '{"action": "constructor", "payload": {"constructor": 1}}',
      '{"action": "toString"}',
      '{"action": "incoming_event", "payload": {"__proto__": {"chat_id": "C", "thread_id": "T"}, "constructor": "x"}}',
      '{"action": "incoming_event", "webhook_id": "w", "secret_key": "s", "license_id": 1, "payload": {"chat_id": "C", "thread_id": "T", "event": {"type": "constructor", "id": "E"}}}',
      '{"action": "chat_properties_updated", "payload": {"chat_id": "C", "properties": {"__proto__": {"polluted": true}, "constructor": {}}}}',
      '{"event": "__proto__", "applicationID": "a", "clientID": "c"}',
      '{"event": "constructor", "applicationID": "a", "clientID": "c"}',
    ];
    for (const text of bodies) {
      const body = JSON.parse(text) as unknown;
      const { check } = checkAndSummarize(body);
      for (const e of CATALOGUE) e.summary(body);
      expect(check.findings.every((f) => typeof f.message === 'string'), text).toBe(true);
    }
    const proto = Object.prototype as Record<string, unknown>;
    expect(proto.x).toBeUndefined();
    expect(proto.polluted).toBeUndefined();
    expect(proto.action).toBeUndefined();

    // The payload's own __proto__ key is not where chat_id lives.
    const r = checkWebhookBody(JSON.parse(bodies[5]!));
    expect(r.findings.filter((f) => f.severity === 'error').map((f) => f.path)).toEqual(expect.arrayContaining(['payload.chat_id', 'payload.thread_id']));
    // Unknown names are unknown, even when they are Object.prototype's.
    for (const i of [2, 3, 4]) expect(checkWebhookBody(JSON.parse(bodies[i]!)).findings[0]).toMatchObject({ path: 'action', severity: 'warning' });
    expect(checkWebhookBody(JSON.parse(bodies[6]!)).findings).toEqual([expect.objectContaining({ path: 'payload.event.type', severity: 'warning' })]);
  });

  it('reads own properties only: inherited values do not count as fields', () => {
    const body = example('chat_deactivated');
    body.payload = Object.create({ chat_id: 'PJ0MRSHTDG', thread_id: 'K600PKZON8' }) as object;
    expect(checkWebhookBody(body).findings.map((f) => f.path)).toEqual(['payload.chat_id', 'payload.thread_id']);
    const inherited = Object.create(example('chat_deactivated')) as object;
    expect(checkWebhookBody(inherited)).toEqual({ findings: [] });
    expect(summarize(inherited)).toBeUndefined();
  });

  it('huge strings: action names, messages, ids', () => {
    const huge = 'x'.repeat(10_000_000);
    const { check } = checkAndSummarize({ action: huge, payload: {} });
    expect(check.findings).toHaveLength(1);
    expect(check.findings[0]!.message.length).toBeLessThan(300);

    const msg = example('incoming_event');
    ((msg.payload as Record<string, unknown>).event as Record<string, unknown>).text = `${' \n'.repeat(1_000_000)}${huge}`;
    const { summary } = checkAndSummarize(msg);
    expect(summary!.length).toBeLessThan(300);

    const id = example('routing_status_set');
    (id.payload as Record<string, unknown>).status = huge;
    const r = checkAndSummarize(id);
    expect(r.check.findings[0]!.message.length).toBeLessThan(400);
    expect(r.summary!.length).toBeLessThan(400);
  });

  it('every summary survives any payload and any envelope value', () => {
    const weird: unknown[] = [null, 0, -1, 1e308, '', 'x', true, [], [null], {}, { id: {} }, deep(1000), new Array(1000).fill({})];
    for (const entry of CATALOGUE) {
      for (const w of weird) {
        for (const key of ['payload', 'data', 'requester', 'applicationName', 'licenseID', 'event']) {
          const body = { action: entry.action, event: entry.action, applicationID: 'a', [key]: w };
          const s = entry.summary(body);
          expect(s.length, `${entry.action} ${key}=${JSON.stringify(w)?.slice(0, 40)}`).toBeGreaterThan(0);
          checkWebhookBody(body);
        }
        const s = entry.summary(w);
        if (typeof w !== 'object' || w === null || Array.isArray(w)) expect(s).toBe(entry.description);
        else expect(s.length).toBeGreaterThan(0);
      }
    }
  });

  it('stays fast on normal traffic: 20,000 example bodies well within the bound', () => {
    const bodies = [...examples.values()];
    const { ms } = timed(() => {
      for (let i = 0; i < 20_000; i++) checkWebhookBody(bodies[i % bodies.length]);
    });
    expect(ms).toBeLessThan(FAST_MS);
  });
});
