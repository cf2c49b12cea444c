import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_ACTIONS, sampleEvent, samplePayload } from '../../../electron/engine/livechat-sandbox/sample-payloads';

const examples = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../../shared/livechat/examples.json'), 'utf8')) as Record<
  string,
  { body: { payload: Record<string, unknown>; requester?: unknown } }
>;

describe('sample payloads (reference §3 value notes)', () => {
  it('cover the actions the Sandbox account offers, with the payload keys of the reference example', () => {
    for (const action of ['incoming_chat', 'incoming_event', 'chat_deactivated', 'thread_tagged', 'chat_properties_updated', 'routing_status_set', 'agent_created']) {
      expect(SAMPLE_ACTIONS).toContain(action);
    }
    for (const action of SAMPLE_ACTIONS) {
      const payload = samplePayload(action) as Record<string, unknown>;
      const keys = Object.keys(examples[action]!.body.payload);
      for (const key of keys) expect(payload, `${action}.${key}`).toHaveProperty(key);
      expect('requester' in sampleEvent(action), action).toBe(examples[action]!.body.requester !== undefined);
    }
  });

  it('uses realistic ids and fresh ones each time', () => {
    const chat = (samplePayload('incoming_chat') as { chat: { id: string; thread: { id: string; events: Array<{ id: string; created_at: string }> }; users: Array<{ id: string; type: string }> } }).chat;
    expect(chat.id).toMatch(/^[A-Z0-9]{10}$/);
    expect(chat.thread.id).toMatch(/^[A-Z0-9]{10}$/);
    expect(chat.thread.events[0]!.id).toBe(`${chat.thread.id}_1`);
    expect(chat.thread.events[0]!.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(chat.users.find((u) => u.type === 'customer')!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(chat.users.find((u) => u.type === 'agent')!.id).toContain('@');
    const again = (samplePayload('incoming_chat') as { chat: { id: string } }).chat;
    expect(again.id).not.toBe(chat.id);
  });

  it('gives chat-scoped samples their chat data, and refuses actions it has no sample for', () => {
    const event = sampleEvent('incoming_event');
    expect(event.additional_data.chat_presence_user_ids).toHaveLength(2);
    expect(sampleEvent('agent_created').additional_data).toEqual({});
    expect(() => samplePayload('bot_created')).toThrow(/no sample payload/);
  });
});
