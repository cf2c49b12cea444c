import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, checkWebhookBody, EVENT_TYPES } from '@shared/livechat/catalogue';
import { liftLiveChatFields } from '@shared/livechat/envelope';
import { generateBody, generateEvent } from '../../../electron/engine/simulator/generate';
import { SimWorld } from '../../../electron/engine/simulator/world';

const START = Date.UTC(2026, 10, 27, 10, 0, 0);
const world = (seed = 42): SimWorld => new SimWorld({ seed, startMs: START });

const examples = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../../shared/livechat/examples.json'), 'utf8')) as Record<
  string,
  { body: Record<string, unknown> }
>;

const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const UPPER10 = /^[A-Z0-9]{10}$/;

type Obj = Record<string, unknown>;
const payloadOf = (b: Obj): Obj => b.payload as Obj;

describe('the generator covers the whole catalogue', () => {
  it('makes a body without error findings for every action, current, legacy and app', () => {
    const w = world();
    expect(CATALOGUE.length).toBeGreaterThan(60);
    for (const entry of CATALOGUE) {
      for (const additionalData of [false, true]) {
        const body = generateBody(w, entry.action, { additionalData });
        const check = checkWebhookBody(JSON.parse(JSON.stringify(body)));
        expect(check.entry?.action, entry.action).toBe(entry.action);
        expect(check.findings.filter((f) => f.severity === 'error'), entry.action).toEqual([]);
        // Current actions are checked with no finding at all; legacy ones get exactly the "legacy action" note.
        if (entry.status !== 'legacy') expect(check.findings, entry.action).toEqual([]);
        else expect(check.findings.map((f) => f.path), entry.action).toEqual(['action']);
      }
    }
  });

  it('makes incoming_event and event_updated for every event type', () => {
    const w = world(7);
    expect(EVENT_TYPES).toEqual(expect.arrayContaining(['message', 'file', 'rich_message', 'filled_form', 'form', 'system_message', 'custom', 'system']));
    for (const action of ['incoming_event', 'event_updated']) {
      for (const eventType of EVENT_TYPES) {
        const body = generateBody(w, action, { eventType });
        const event = payloadOf(body).event as Obj;
        expect(event.type, `${action}/${eventType}`).toBe(eventType);
        expect(checkWebhookBody(body).findings, `${action}/${eventType}`).toEqual([]);
        expect(event.id).toMatch(new RegExp(`^${payloadOf(body).thread_id as string}_\\d+$`));
        expect(event.created_at).toMatch(TIMESTAMP);
        if (eventType === 'system_message' || eventType === 'system') expect(event).not.toHaveProperty('author_id');
      }
    }
  });

  it('lifts the envelope fields the way the receiver does', () => {
    const w = world(3);
    for (const entry of CATALOGUE) {
      const body = generateBody(w, entry.action);
      const lc = liftLiveChatFields(body);
      expect(lc.action, entry.action).toBe(entry.action);
      if (entry.status === 'app') {
        expect(lc.kind).toBe('app');
        expect(lc.organizationId).toBe(w.organizationId);
        expect(lc.licenseId).toBe(String(w.licenseId));
        continue;
      }
      expect(lc.kind, entry.action).toBe('webhook');
      expect(lc.hasSecretKey).toBe(true);
      expect(lc.webhookId).toMatch(UUID);
      if (entry.versions === '3.1 and older') {
        expect(lc.organizationId).toBeUndefined();
        expect(lc.licenseId).toBeUndefined();
      } else if (body.license_id !== undefined) {
        expect(entry.status).toBe('legacy');
        expect(lc.licenseId).toBe(String(w.licenseId));
      } else {
        expect(lc.organizationId, entry.action).toBe(w.organizationId);
      }
      // Wherever the catalogue says a chat id sits, the lifted chat id is the world's chat.
      if (entry.ids.chat !== undefined) expect(lc.chatId, entry.action).toBe(w.chat!.id);
      if (entry.ids.thread !== undefined && entry.ids.thread.startsWith('payload')) expect(lc.threadId, entry.action).toBe(w.chat!.threadId);
    }
  });

  it('gives every current action at least the payload keys of the reference example, and requester where it has one', () => {
    const w = world(11);
    for (const entry of CATALOGUE.filter((e) => e.status !== 'legacy')) {
      const example = examples[entry.action]?.body;
      if (example === undefined) continue;
      const body = generateBody(w, entry.action);
      expect(Object.keys(body).sort(), entry.action).toEqual(Object.keys(example).sort());
      const mine = body.payload;
      const theirs = example.payload;
      if (Array.isArray(theirs)) {
        expect(Array.isArray(mine), entry.action).toBe(true);
        continue;
      }
      for (const key of Object.keys(theirs as Obj)) expect(mine, `${entry.action}.payload.${key}`).toHaveProperty(key);
    }
  });
});

describe('ids and timestamps look like LiveChat’s', () => {
  it('uses 10-character chat and thread ids, UUID customers, e-mail agents, microsecond timestamps', () => {
    const w = world(5);
    const chat = (payloadOf(generateBody(w, 'incoming_chat')).chat as Obj);
    expect(chat.id).toMatch(UPPER10);
    const thread = chat.thread as Obj;
    expect(thread.id).toMatch(UPPER10);
    expect(thread.created_at).toMatch(TIMESTAMP);
    const users = chat.users as Obj[];
    expect(users.find((u) => u.type === 'customer')!.id).toMatch(UUID);
    expect(users.find((u) => u.type === 'agent')!.id).toMatch(/^[a-z.]+@example\.com$/);
    const events = thread.events as Obj[];
    expect(events.map((e) => e.id)).toEqual([`${thread.id as string}_1`, `${thread.id as string}_2`]);
    expect(events.every((e) => TIMESTAMP.test(e.created_at as string))).toBe(true);
    const agent = generateBody(w, 'agent_created');
    expect(payloadOf(agent).id).toMatch(/@example\.com$/);
    expect(agent.requester).toEqual({ user_id: 'smith@example.com', account_id: expect.stringMatching(UUID), client_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const group = payloadOf(generateBody(w, 'group_created'));
    expect(Number.isInteger(group.id)).toBe(true);
    expect(payloadOf(generateBody(w, 'bot_created')).id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('moves time forward: later bodies have later timestamps', () => {
    const w = world(9);
    generateBody(w, 'incoming_chat');
    const stamps = Array.from({ length: 5 }, () => (payloadOf(generateBody(w, 'incoming_event')).event as Obj).created_at as string);
    expect([...stamps].sort()).toEqual(stamps);
    expect(new Set(stamps).size).toBe(5);
    expect(stamps[0]!.startsWith('2026-11-27T10:0')).toBe(true);
  });

  it('fills additional_data only when asked, and never for Configuration webhooks', () => {
    const w = world(1);
    expect(generateBody(w, 'incoming_event').additional_data).toEqual({});
    const asked = generateBody(w, 'incoming_event', { additionalData: true }).additional_data as Obj;
    expect(asked.chat_properties).toEqual({ routing: { continuous: false, pinned: false }, source: { client_id: '9cbf3a968289727cb3cdfe83ab1d9836' } });
    expect(asked.chat_presence_user_ids).toEqual([w.chat!.customer.id, 'smith@example.com']);
    expect(generateBody(w, 'agent_created', { additionalData: true }).additional_data).toEqual({});
    expect(generateEvent(w, 'agent_created').additional_data).toEqual({});
  });
});

describe('determinism', () => {
  it('gives byte-identical output for the same seed and start', () => {
    const run = (seed: number): string => {
      const w = world(seed);
      return CATALOGUE.map((e) => JSON.stringify(generateBody(w, e.action, { additionalData: true }))).join('\n');
    };
    expect(run(1234)).toBe(run(1234));
  });

  it('gives different ids for a different seed', () => {
    const a = generateBody(world(1), 'incoming_chat');
    const b = generateBody(world(2), 'incoming_chat');
    const chat = (x: Obj) => payloadOf(x).chat as Obj;
    expect(chat(a).id).not.toBe(chat(b).id);
    expect((chat(a).thread as Obj).id).not.toBe((chat(b).thread as Obj).id);
    expect(a.webhook_id).not.toBe(b.webhook_id);
    expect(a.organization_id).not.toBe(b.organization_id);
    expect((chat(a).users as Obj[])[0]!.id).not.toBe((chat(b).users as Obj[])[0]!.id);
  });

  it('refuses an unknown action and an event type where none applies', () => {
    expect(() => generateBody(world(), 'incoming_chats')).toThrow(/Unknown action "incoming_chats"/);
    expect(() => generateBody(world(), 'incoming_event', { eventType: 'sticker' })).toThrow(/Unknown event type "sticker": use one of message, file/);
    expect(() => generateBody(world(), 'thread_tagged', { eventType: 'message' })).toThrow(/only applies to incoming_event and event_updated/);
  });
});
