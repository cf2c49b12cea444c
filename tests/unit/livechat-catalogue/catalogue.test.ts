import { describe, expect, it } from 'vitest';
import {
  ACTION_GROUPS, CATALOGUE, CURRENT_ACTIONS, catalogueEntry, valueAtPath,
} from '../../../shared/livechat/catalogue';

/** The 38 actions of API v3.6, by group, in the order of reference §3. Written out so a missing one fails here. */
const REFERENCE_V36: Record<string, string[]> = {
  Chats: ['incoming_chat', 'chat_deactivated'],
  'Chat access': ['chat_access_updated', 'chat_transferred'],
  'Chat users': ['user_added_to_chat', 'user_removed_from_chat'],
  Events: ['incoming_event', 'event_deleted', 'event_updated', 'incoming_rich_message_postback'],
  Properties: [
    'chat_properties_updated', 'chat_properties_deleted', 'thread_properties_updated', 'thread_properties_deleted',
    'event_properties_updated', 'event_properties_deleted',
  ],
  'Thread tags': ['thread_tagged', 'thread_untagged'],
  Status: ['routing_status_set'],
  Customers: ['customer_session_fields_updated'],
  Configuration: [
    'agent_created', 'agent_approved', 'agent_updated', 'agent_suspended', 'agent_unsuspended', 'agent_deleted',
    'auto_accesses_updated', 'bot_created', 'bot_updated', 'bot_deleted', 'group_created', 'group_updated', 'group_deleted',
    'tag_created', 'tag_updated', 'tag_deleted',
  ],
  Other: ['events_marked_as_seen', 'thread_summary_set'],
};

const LEGACY: Record<string, string | undefined> = {
  chat_access_granted: 'chat_access_updated',
  chat_access_revoked: 'chat_access_updated',
  incoming_customer: undefined,
  customer_created: 'incoming_customer',
  auto_access_added: 'auto_accesses_updated',
  auto_access_updated: 'auto_accesses_updated',
  auto_access_deleted: 'auto_accesses_updated',
  follow_up_requested: undefined,
  incoming_chat_thread: 'incoming_chat',
  thread_closed: 'chat_deactivated',
  access_granted: 'chat_access_updated',
  access_revoked: 'chat_access_updated',
  access_set: 'chat_access_updated',
  chat_user_added: 'user_added_to_chat',
  chat_user_removed: 'user_removed_from_chat',
  chat_thread_tagged: 'thread_tagged',
  chat_thread_untagged: 'thread_untagged',
  chat_thread_properties_updated: 'thread_properties_updated',
  chat_thread_properties_deleted: 'thread_properties_deleted',
  agent_status_changed: 'routing_status_set',
};

const APP = ['application_installed', 'application_uninstalled', 'payment_trialstarted', 'payment_activated', 'payment_collected', 'payment_cancelled'];

const CONFIGURATION = new Set(REFERENCE_V36.Configuration);

describe('the action catalogue', () => {
  it('has all 38 current actions of reference §3, grouped and ordered as there', () => {
    const all = Object.values(REFERENCE_V36).flat();
    expect(all).toHaveLength(38);
    expect([...CURRENT_ACTIONS]).toEqual(all);
    for (const [group, actions] of Object.entries(REFERENCE_V36)) {
      expect(ACTION_GROUPS[group as keyof typeof ACTION_GROUPS], group).toEqual(actions);
      for (const action of actions) {
        const entry = catalogueEntry(action);
        expect(entry, action).toBeDefined();
        expect(entry).toMatchObject({ action, group, status: 'current' });
        expect(entry!.replacedBy).toBeUndefined();
      }
    }
    expect(CATALOGUE.filter((e) => e.status === 'current')).toHaveLength(38);
  });

  it('has the legacy names with what replaced them, in the Legacy group', () => {
    expect(ACTION_GROUPS.Legacy).toEqual(Object.keys(LEGACY));
    for (const [action, replacedBy] of Object.entries(LEGACY)) {
      const entry = catalogueEntry(action)!;
      expect(entry, action).toMatchObject({ action, status: 'legacy', group: 'Legacy' });
      expect(entry.replacedBy, action).toBe(replacedBy);
      expect(entry.retiredIn, action).toMatch(/^3\.\d$/);
      expect(entry.formerGroup, action).toBeDefined();
      if (replacedBy !== undefined) expect(catalogueEntry(replacedBy), replacedBy).toBeDefined();
    }
  });

  it('has the six app webhooks', () => {
    expect(ACTION_GROUPS['App webhooks']).toEqual(APP);
    for (const event of APP) expect(catalogueEntry(event)).toMatchObject({ status: 'app', group: 'App webhooks', filters: [], additionalData: [] });
  });

  it('has one entry per name, 64 in all, and nothing else', () => {
    const names = CATALOGUE.map((e) => e.action);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toHaveLength(38 + Object.keys(LEGACY).length + APP.length);
    expect(catalogueEntry('no_such_action')).toBeUndefined();
    expect(catalogueEntry('constructor')).toBeUndefined();
    expect(catalogueEntry('__proto__')).toBeUndefined();
    expect(catalogueEntry('toString')).toBeUndefined();
  });

  it('lists every entry in exactly one group', () => {
    const grouped = Object.values(ACTION_GROUPS).flat();
    expect([...grouped].sort()).toEqual(CATALOGUE.map((e) => e.action).sort());
  });

  it('describes every action in one human line', () => {
    for (const e of CATALOGUE) {
      expect(e.description, e.action).toMatch(/^[A-Z][^\n]{8,110}$/);
      expect(e.description, e.action).not.toContain(e.action);
    }
  });

  it('gives configuration actions source_type only and no additional data, chat actions both values', () => {
    for (const e of CATALOGUE.filter((x) => x.status === 'current')) {
      if (CONFIGURATION.has(e.action)) {
        expect(e.filters, e.action).toEqual(['source_type']);
        expect(e.additionalData, e.action).toEqual([]);
      } else if (e.action === 'routing_status_set') {
        expect(e.filters).toEqual(['agent_ids', 'source_type']);
        expect(e.additionalData).toEqual([]);
      } else {
        expect(e.filters, e.action).toContain('chat_presence');
        expect(e.additionalData, e.action).toEqual(['chat_properties', 'chat_presence_user_ids']);
      }
    }
    expect(catalogueEntry('incoming_event')!.filters).toContain('author_type');
    expect(catalogueEntry('event_updated')!.filters).toContain('author_type');
    expect(catalogueEntry('incoming_chat')!.filters).not.toContain('author_type');
  });

  it('points at the ids where the reference says they are', () => {
    expect(catalogueEntry('incoming_chat')!.ids).toEqual({ chat: 'payload.chat.id', thread: 'payload.chat.thread.id' });
    expect(catalogueEntry('chat_access_updated')!.ids.chat).toBe('payload.id');
    expect(catalogueEntry('customer_session_fields_updated')!.ids.chat).toBe('payload.active_chat.chat_id');
    expect(catalogueEntry('incoming_event')!.ids.event).toBe('payload.event.id');
    expect(catalogueEntry('event_deleted')!.ids.event).toBe('payload.event_id');
    expect(catalogueEntry('routing_status_set')!.ids).toEqual({ user: 'payload.agent_id' });
    expect(catalogueEntry('group_created')!.ids.chat).toBeUndefined();
  });

  it('is frozen: a consumer cannot change it', () => {
    expect(Object.isFrozen(CATALOGUE)).toBe(true);
    expect(Object.isFrozen(catalogueEntry('incoming_chat'))).toBe(true);
    expect(Object.isFrozen(ACTION_GROUPS)).toBe(true);
    expect(Object.isFrozen(catalogueEntry('incoming_chat')!.filters)).toBe(true);
    expect(Object.isFrozen(catalogueEntry('incoming_chat')!.ids)).toBe(true);
  });
});

describe('valueAtPath', () => {
  const body = JSON.parse('{"payload":{"chat":{"thread":{"id":"T"}},"list":[{"a":1}],"odd key":2,"__proto__":{"x":1}}}') as unknown;

  it('reads dotted, indexed and quoted paths', () => {
    expect(valueAtPath(body, 'payload.chat.thread.id')).toBe('T');
    expect(valueAtPath(body, 'payload.list[0].a')).toBe(1);
    expect(valueAtPath(body, 'payload["odd key"]')).toBe(2);
  });

  it('reads own properties only and never throws', () => {
    expect(valueAtPath(body, 'payload.chat.constructor')).toBeUndefined();
    expect(valueAtPath(body, 'payload.chat.thread.id.length')).toBeUndefined();
    expect(valueAtPath(body, 'payload.__proto__')).toEqual({ x: 1 });
    expect(valueAtPath(body, 'payload.list[5].a')).toBeUndefined();
    expect(valueAtPath(body, '..bad[')).toBeUndefined();
    expect(valueAtPath(body, '["\\q"]')).toBeUndefined();
    expect(valueAtPath(null, 'a')).toBeUndefined();
  });
});
