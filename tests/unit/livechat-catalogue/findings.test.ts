import { describe, expect, it } from 'vitest';
import { checkWebhookBody, type WebhookCheck } from '../../../shared/livechat/catalogue';
import { loadExamples } from '../../support/livechat-examples';

type Body = Record<string, unknown>;

const examples = new Map(loadExamples().map((e) => [e.action, e.body]));

/** A fresh deep copy of an example body, to mutate. */
function example(action: string): Body {
  return structuredClone(examples.get(action)!);
}

function payloadOf(body: Body): Body {
  return body.payload as Body;
}

const errors = (r: WebhookCheck) => r.findings.filter((f) => f.severity === 'error');
const warnings = (r: WebhookCheck) => r.findings.filter((f) => f.severity === 'warning');

/** Required, optional and typed fields, and the unknown ones that are never findings. */

describe('required fields', () => {
  it('a missing payload.chat_id is an error at that path, with a plain message', () => {
    const body = example('incoming_event');
    delete payloadOf(body).chat_id;
    const r = checkWebhookBody(body);
    expect(r.findings).toEqual([
      { path: 'payload.chat_id', severity: 'error', message: 'payload.chat_id is missing (required for incoming_event)' },
    ]);
  });

  it.each([
    ['chat_deactivated', 'payload.thread_id'],
    ['chat_access_updated', 'payload.id'],
    ['chat_access_updated', 'payload.access'],
    ['chat_transferred', 'payload.reason'],
    ['user_added_to_chat', 'payload.user'],
    ['event_deleted', 'payload.event_id'],
    ['incoming_rich_message_postback', 'payload.postback'],
    ['thread_tagged', 'payload.tag'],
    ['routing_status_set', 'payload.status'],
    ['customer_session_fields_updated', 'payload.active_chat'],
    ['agent_created', 'payload.id'],
    ['group_deleted', 'payload.id'],
    ['tag_deleted', 'payload.name'],
    ['events_marked_as_seen', 'payload.seen_up_to'],
    ['thread_summary_set', 'payload.summary'],
    ['incoming_chat', 'payload.chat'],
    ['incoming_chat', 'payload.chat.thread'],
    ['incoming_chat', 'payload.chat.thread.id'],
    ['incoming_event', 'payload.event'],
    ['incoming_event', 'payload.event.id'],
    ['incoming_event', 'payload.event.text'],
    ['customer_session_fields_updated', 'payload.active_chat.chat_id'],
    ['incoming_rich_message_postback', 'payload.postback.toggled'],
    ['incoming_event', 'webhook_id'],
    ['incoming_event', 'secret_key'],
    ['incoming_event', 'payload'],
  ])('%s without %s: one error there', (action, path) => {
    const body = example(action);
    const keys = path.split('.');
    let parent: Body = body;
    for (const k of keys.slice(0, -1)) parent = parent[k] as Body;
    delete parent[keys.at(-1)!];
    const r = checkWebhookBody(body);
    expect(r.entry?.action).toBe(action);
    expect(r.findings).toEqual([{ path, severity: 'error', message: `${path} is missing (required for ${action})` }]);
  });

  it('reports findings in body order, the organization/license rule where organization_id sits', () => {
    const r = checkWebhookBody({ action: 'incoming_chat', payload: { chat: { id: 'PJ0MRSHTDG' } } });
    expect(r.findings.map((f) => f.path)).toEqual(['webhook_id', 'secret_key', 'organization_id', 'payload.chat.thread']);
  });

  it('organization_id or license_id: either will do, neither is an error', () => {
    const legacy = example('incoming_chat');
    delete legacy.organization_id;
    legacy.license_id = 104130623;
    expect(checkWebhookBody(legacy).findings).toEqual([]);

    delete legacy.license_id;
    const r = checkWebhookBody(legacy);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ path: 'organization_id', severity: 'error' });
    expect(r.findings[0]!.message).toMatch(/^organization_id is missing \(required for incoming_chat; .*license_id/);
  });

  it('accepts the docs sample organization_id, which is not a valid UUID', () => {
    const body = example('chat_deactivated');
    body.organization_id = '390e44e6-f1e6-0368c-z6ddb-74g14508c2ex';
    expect(checkWebhookBody(body).findings).toEqual([]);
  });

  it('agent_deleted takes payload.id (v3.4+) or payload.agent_id (v3.3 and older)', () => {
    const body = example('agent_deleted');
    payloadOf(body).agent_id = payloadOf(body).id;
    delete payloadOf(body).id;
    expect(checkWebhookBody(body).findings).toEqual([]);
    delete payloadOf(body).agent_id;
    expect(errors(checkWebhookBody(body)).map((f) => f.path)).toEqual(['payload.id']);
  });
});

describe('optional fields', () => {
  it.each([
    ['chat_deactivated', ['user_id']],
    ['chat_transferred', ['thread_id', 'queue', 'requester_id']],
    ['user_added_to_chat', ['thread_id', 'user_type', 'reason', 'requester_id']],
    ['user_removed_from_chat', ['thread_id', 'user_type', 'reason', 'requester_id']],
    ['incoming_rich_message_postback', []],
  ])('%s without %j: no findings', (action, fields) => {
    const body = example(action);
    for (const f of fields) delete payloadOf(body)[f];
    expect(checkWebhookBody(body).findings).toEqual([]);
  });

  it('additional_data and requester may be absent (docs samples omit them); null optional fields pass', () => {
    const config = example('agent_created');
    delete config.additional_data;
    delete config.requester;
    expect(checkWebhookBody(config).findings).toEqual([]);
    const chat = example('chat_deactivated');
    payloadOf(chat).user_id = null;
    chat.additional_data = {};
    expect(checkWebhookBody(chat).findings).toEqual([]);
  });

  it('postback: only id and toggled are needed (v3.5 bodies lack button_type, button_value, ecommerce)', () => {
    const body = example('incoming_rich_message_postback');
    payloadOf(body).postback = { id: 'action_yes', toggled: true };
    expect(checkWebhookBody(body).findings).toEqual([]);
  });
});

describe('types', () => {
  it('a number where a string id belongs is an error naming both types', () => {
    const body = example('incoming_event');
    payloadOf(body).thread_id = 42;
    expect(checkWebhookBody(body).findings).toEqual([
      { path: 'payload.thread_id', severity: 'error', message: 'payload.thread_id should be a string, got number' },
    ]);
  });

  it.each([
    ['incoming_chat', 'license_id', 'should be a number, got string', (b: Body) => { b.license_id = '104130623'; }],
    ['incoming_chat', 'organization_id', 'should be a string, got number', (b: Body) => { b.organization_id = 7; }],
    ['incoming_chat', 'payload', 'should be an object, got array', (b: Body) => { b.payload = [1]; }],
    ['auto_accesses_updated', 'payload', 'should be an array, got object', (b: Body) => { b.payload = { id: 'x' }; }],
    ['auto_accesses_updated', 'payload[1].id', 'should be a string, got null', (b: Body) => { (b.payload as Body[])[1]!.id = null; }],
    ['chat_access_updated', 'payload.access.group_ids', 'should be an array, got string', (b: Body) => { (payloadOf(b).access as Body).group_ids = '0,1'; }],
    ['chat_properties_updated', 'payload.properties', 'should be an object, got string', (b: Body) => { payloadOf(b).properties = 'x'; }],
    ['chat_properties_deleted', 'payload.properties', 'should be an object, got array', (b: Body) => { payloadOf(b).properties = ['p']; }],
    ['incoming_rich_message_postback', 'payload.postback.toggled', 'should be a boolean, got string', (b: Body) => { (payloadOf(b).postback as Body).toggled = 'yes'; }],
    ['group_created', 'payload.id', 'should be a number, got string', (b: Body) => { payloadOf(b).id = '42'; }],
    ['incoming_chat', 'additional_data.chat_presence_user_ids', 'should be an array, got string', (b: Body) => { b.additional_data = { chat_presence_user_ids: 'a' }; }],
    ['agent_created', 'requester.user_id', 'should be a string, got number', (b: Body) => { b.requester = { user_id: 5 }; }],
    ['incoming_event', 'secret_key', 'should be a string, got object', (b: Body) => { b.secret_key = { k: 1 }; }],
  ] as const)('%s: wrong type at %s', (action, path, says, mutate: (b: Body) => void) => {
    const body = example(action);
    mutate(body);
    const r = checkWebhookBody(body);
    expect(r.findings).toEqual([{ path, severity: 'error', message: `${path} ${says}` }]);
  });

  it('routing_status_set accepts both spellings of the status; an undocumented one is a warning', () => {
    for (const status of ['accepting chats', 'accepting_chats', 'not accepting chats', 'not_accepting_chats', 'offline']) {
      const body = example('routing_status_set');
      payloadOf(body).status = status;
      expect(checkWebhookBody(body).findings, status).toEqual([]);
    }
    const body = example('routing_status_set');
    payloadOf(body).status = 'busy';
    const r = checkWebhookBody(body);
    expect(errors(r)).toEqual([]);
    expect(warnings(r)).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ path: 'payload.status' });
    expect(r.findings[0]!.message).toContain('"busy"');
  });
});

describe('unknown extra fields are never findings', () => {
  /** The same value with an extra field in every object, however deep. */
  function withExtras(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(withExtras);
    if (typeof value !== 'object' || value === null) return value;
    const out: Body = { livehook_extra: { deep: [1, { x: null }] }, zzz_unknown: 'x' };
    for (const [k, v] of Object.entries(value)) out[k] = withExtras(v);
    return out;
  }

  it('anywhere in a body', () => {
    for (const [action] of examples) {
      const body = withExtras(examples.get(action)) as Body;
      expect(JSON.stringify(body).split('livehook_extra').length, action).toBeGreaterThan(2);
      const r = checkWebhookBody(body);
      const expected = r.entry?.status === 'legacy' ? 1 : 0;
      expect(r.findings, action).toHaveLength(expected);
      expect(r.entry?.schema.safeParse(body).success, action).toBe(true);
    }
  });
});
