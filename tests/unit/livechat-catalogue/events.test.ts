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

/** Chat events in incoming_event / event_updated (and incoming_chat's thread): one shape per documented type. */

describe('events', () => {
  const EVENTS: Record<string, Body> = {
    message: { id: 'E_1', type: 'message', text: 'Hi' },
    file: { id: 'E_2', type: 'file', url: 'https://cdn.livechat-files.com/a.png', name: 'a.png', content_type: 'image/png' },
    rich_message: { id: 'E_3', type: 'rich_message', template_id: 'cards', elements: [{ title: 'T' }] },
    filled_form: { id: 'E_4', type: 'filled_form', form_id: '1', fields: [{ type: 'name', label: 'Name', answer: 'J' }] },
    form: { id: 'E_5', type: 'form', form_id: '1', fields: [] },
    system_message: { id: 'E_6', type: 'system_message', system_message_type: 'routing.assigned', text: 'Assigned' },
    custom: { id: 'E_7', type: 'custom', content: { a: 1 } },
    system: { id: 'E_8', type: 'system', subtype: 'store_order_was_created', details: '{}' },
  };

  function withEvent(action: string, event: Body): Body {
    const body = example(action);
    payloadOf(body).event = event;
    return body;
  }

  for (const [type, event] of Object.entries(EVENTS)) {
    it(`a ${type} event passes in incoming_event and event_updated`, () => {
      expect(checkWebhookBody(withEvent('incoming_event', event)).findings).toEqual([]);
      expect(checkWebhookBody(withEvent('event_updated', event)).findings).toEqual([]);
    });
  }

  it.each([
    ['file', 'url'],
    ['file', 'name'],
    ['rich_message', 'template_id'],
    ['filled_form', 'fields'],
    ['form', 'form_id'],
    ['system_message', 'system_message_type'],
  ])('a %s event without %s is an error', (type, key) => {
    const event = { ...EVENTS[type]! };
    delete event[key];
    const r = checkWebhookBody(withEvent('incoming_event', event));
    expect(r.findings).toEqual([{ path: `payload.event.${key}`, severity: 'error', message: `payload.event.${key} is missing (required for incoming_event)` }]);
  });

  it('a filled form from API 3.2 (no form_id) passes', () => {
    const event = { id: 'E_1', type: 'filled_form', fields: [{ label: 'Name:', type: 'name', value: 'J' }], properties: { lc2: { form_type: 'prechat' } } };
    expect(checkWebhookBody(withEvent('incoming_event', event)).findings).toEqual([]);
  });

  it('a message with a number for text is an error', () => {
    const r = checkWebhookBody(withEvent('incoming_event', { id: 'E', type: 'message', text: 5 }));
    expect(r.findings).toEqual([{ path: 'payload.event.text', severity: 'error', message: 'payload.event.text should be a string, got number' }]);
  });

  it('an unknown event type is one warning, not an error, and zod accepts it', () => {
    const body = withEvent('incoming_event', { id: 'E', type: 'hologram', beam: true });
    const r = checkWebhookBody(body);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ path: 'payload.event.type', severity: 'warning' });
    expect(r.findings[0]!.message).toContain('"hologram"');
    expect(r.findings[0]!.message).toContain('message');
    expect(r.entry!.schema.safeParse(body).success).toBe(true);
  });

  it('an event without a type, or with a non-string one, is an error', () => {
    expect(errors(checkWebhookBody(withEvent('incoming_event', { id: 'E', text: 'x' }))).map((f) => f.path)).toEqual(['payload.event.type']);
    expect(checkWebhookBody(withEvent('incoming_event', { id: 'E', type: 3 })).findings).toEqual([
      { path: 'payload.event.type', severity: 'error', message: 'payload.event.type should be a string, got number' },
    ]);
  });

  it("checks the events inside incoming_chat's thread too", () => {
    const body = example('incoming_chat');
    const thread = (payloadOf(body).chat as Body).thread as Body;
    (thread.events as Body[])[1] = { id: 'K600PKZON8_2', type: 'message' };
    expect(checkWebhookBody(body).findings).toEqual([
      {
        path: 'payload.chat.thread.events[1].text',
        severity: 'error',
        message: 'payload.chat.thread.events[1].text is missing (required for incoming_chat)',
      },
    ]);
  });
});
