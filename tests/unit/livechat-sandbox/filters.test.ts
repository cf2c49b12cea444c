import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../electron/engine/livechat-sandbox/errors';
import { eventFacts, parseFilters, passesFilters, type EventFacts, type WebhookFilters } from '../../../electron/engine/livechat-sandbox/filters';
import { findWebhookName } from '../../../electron/engine/livechat-sandbox/webhook-names';

const allowed = (action: string) => findWebhookName('3.6', action)!.filters!;
const owner = { clientId: 'mine', botIds: ['bot1'] };
const facts = (f: Partial<EventFacts>): EventFacts => ({ originClientId: null, ...f });
const errorMessage = (v: unknown) => (v instanceof ApiError ? `${v.type}: ${v.message}` : 'no error');

describe('filters at registration (reference §2.6)', () => {
  it('accepts each documented filter where the action takes it', () => {
    const filters = {
      author_type: 'customer',
      only_my_chats: true,
      chat_presence: { user_ids: { values: ['a@example.com'] }, my_bots: true },
      source_type: ['my_client', 'system'],
    };
    expect(parseFilters(filters, 'incoming_event', allowed('incoming_event'))).toEqual(filters);
    expect(parseFilters({ agent_ids: ['a@example.com'] }, 'routing_status_set', allowed('routing_status_set'))).toEqual({ agent_ids: ['a@example.com'] });
  });

  it('refuses a filter the action does not take, and malformed values', () => {
    expect(errorMessage(parseFilters({ author_type: 'agent' }, 'incoming_chat', allowed('incoming_chat')))).toMatch(/^validation: .*author_type.*incoming_chat/);
    expect(errorMessage(parseFilters({ only_my_chats: true }, 'agent_created', allowed('agent_created')))).toMatch(/^validation/);
    expect(errorMessage(parseFilters({ author_type: 'bot' }, 'incoming_event', allowed('incoming_event')))).toMatch(/^validation/);
    expect(errorMessage(parseFilters({ only_my_chats: 'yes' }, 'incoming_chat', allowed('incoming_chat')))).toMatch(/^validation/);
    expect(errorMessage(parseFilters({ source_type: ['mine'] }, 'incoming_chat', allowed('incoming_chat')))).toMatch(/^validation/);
    expect(errorMessage(parseFilters({ source_type: [] }, 'incoming_chat', allowed('incoming_chat')))).toMatch(/^validation/);
    expect(errorMessage(parseFilters([], 'incoming_chat', allowed('incoming_chat')))).toMatch(/^validation/);
  });

  it('takes only one of values / exclude_values', () => {
    const both = { chat_presence: { user_ids: { values: ['a'], exclude_values: ['b'] } } };
    expect(errorMessage(parseFilters(both, 'incoming_chat', allowed('incoming_chat')))).toMatch(/exactly one/);
    expect(errorMessage(parseFilters({ chat_presence: { user_ids: { values: [] } } }, 'incoming_chat', allowed('incoming_chat')))).toMatch(/non-empty/);
    expect(errorMessage(parseFilters({ chat_presence: { users: {} } }, 'incoming_chat', allowed('incoming_chat')))).toMatch(/not supported/);
  });
});

describe('filters at delivery', () => {
  const pass = (filters: WebhookFilters, f: Partial<EventFacts>) => passesFilters(filters, facts(f), owner);

  it('author_type', () => {
    expect(pass({ author_type: 'customer' }, { authorType: 'customer' })).toBe(true);
    expect(pass({ author_type: 'customer' }, { authorType: 'agent' })).toBe(false);
    expect(pass({ author_type: 'agent' }, {})).toBe(false);
  });

  it('only_my_chats compares the chat’s source.client_id with the owner', () => {
    expect(pass({ only_my_chats: true }, { chatSourceClientId: 'mine' })).toBe(true);
    expect(pass({ only_my_chats: true }, { chatSourceClientId: 'widget' })).toBe(false);
    expect(pass({ only_my_chats: true }, {})).toBe(false);
    expect(pass({ only_my_chats: false }, {})).toBe(true);
  });

  it('source_type: my_client, other_clients, system', () => {
    expect(pass({ source_type: ['my_client'] }, { originClientId: 'mine' })).toBe(true);
    expect(pass({ source_type: ['my_client'] }, { originClientId: 'theirs' })).toBe(false);
    expect(pass({ source_type: ['other_clients'] }, { originClientId: 'theirs' })).toBe(true);
    expect(pass({ source_type: ['system'] }, { originClientId: null })).toBe(true);
    expect(pass({ source_type: ['my_client', 'other_clients'] }, { originClientId: null })).toBe(false);
  });

  it('chat_presence: values, exclude_values, my_bots', () => {
    expect(pass({ chat_presence: { user_ids: { values: ['a'] } } }, { presence: ['a', 'b'] })).toBe(true);
    expect(pass({ chat_presence: { user_ids: { values: ['c'] } } }, { presence: ['a', 'b'] })).toBe(false);
    expect(pass({ chat_presence: { user_ids: { values: ['a'] } } }, {})).toBe(false);
    expect(pass({ chat_presence: { user_ids: { exclude_values: ['a'] } } }, { presence: ['a'] })).toBe(false);
    expect(pass({ chat_presence: { user_ids: { exclude_values: ['a'] } } }, { presence: ['b'] })).toBe(true);
    expect(pass({ chat_presence: { user_ids: { exclude_values: ['a'] } } }, {})).toBe(true);
    expect(pass({ chat_presence: { my_bots: true } }, { presence: ['bot1'] })).toBe(true);
    expect(pass({ chat_presence: { my_bots: true } }, { presence: ['a'] })).toBe(false);
  });

  it('agent_ids is accepted but not applied (format undocumented)', () => {
    expect(pass({ agent_ids: ['someone@example.com'] }, {})).toBe(true);
  });
});

describe('what the filters learn from a trigger', () => {
  it('infers the author type from the author id: UUID → customer, email → agent; a hint wins', () => {
    const event = (author_id: string) => ({ chat_id: 'C', event: { author_id } });
    expect(eventFacts({ action: 'incoming_event' }, event('b7eff798-f8df-4364-8059-649c35c9ed0c')).authorType).toBe('customer');
    expect(eventFacts({ action: 'incoming_event' }, event('smith@example.com')).authorType).toBe('agent');
    expect(eventFacts({ action: 'incoming_event', author_type: 'customer' }, event('smith@example.com')).authorType).toBe('customer');
  });

  it('reads chat properties and presence from additional_data, else from an incoming_chat payload', () => {
    const given = eventFacts({ action: 'x', additional_data: { chat_properties: { source: { client_id: 'c' } }, chat_presence_user_ids: ['u'] } }, {});
    expect(given).toMatchObject({ chatSourceClientId: 'c', presence: ['u'] });
    const chat = { chat: { properties: { source: { client_id: 'd' } }, users: [{ id: 'u1', present: true }, { id: 'u2', present: false }] } };
    expect(eventFacts({ action: 'incoming_chat' }, chat)).toMatchObject({ chatSourceClientId: 'd', presence: ['u1'] });
  });

  it('the origin is the hint, else the requester’s client, else the system', () => {
    expect(eventFacts({ action: 'x', source_client_id: 'c' }, {}).originClientId).toBe('c');
    expect(eventFacts({ action: 'x', requester: { client_id: 'r' } }, {}).originClientId).toBe('r');
    expect(eventFacts({ action: 'x', requester: { client_id: 'r' }, source_client_id: null }, {}).originClientId).toBeNull();
    expect(eventFacts({ action: 'x' }, {}).originClientId).toBeNull();
  });
});
