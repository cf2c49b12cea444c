import { describe, expect, it } from 'vitest';
import { livechatMethods, livechatPushes, redirectUriProblem } from '../../../shared/api/domains/livechat';

const parse = (method: keyof typeof livechatMethods, params: unknown) => livechatMethods[method].params.safeParse(params);

describe('LiveChat contract domain', () => {
  it('names methods domain.verb and pushes as declared', () => {
    for (const name of Object.keys(livechatMethods)) expect(name).toMatch(/^(livechat|webhooks)\.[a-z][A-Za-z]+$/);
    expect(Object.keys(livechatPushes)).toEqual(['livechat.status', 'webhooks.changed']);
  });

  it('signIn takes one of three shapes', () => {
    expect(parse('livechat.signIn', { mode: 'oauth', clientId: 'a1b2' }).success).toBe(true);
    expect(parse('livechat.signIn', { mode: 'oauth', clientId: 'a1b2', redirectUri: 'http://127.0.0.1:6000/cb' }).success).toBe(true);
    expect(parse('livechat.signIn', { mode: 'pat', accountId: 'acc', pat: 'dal:x', clientId: 'c' }).success).toBe(true);
    expect(parse('livechat.signIn', { mode: 'sandbox' }).success).toBe(true);
    expect(parse('livechat.signIn', { mode: 'pat', accountId: 'acc', pat: 'x' }).success).toBe(false);
    expect(parse('livechat.signIn', { mode: 'oauth', clientId: 'a b' }).success).toBe(false);
    expect(parse('livechat.signIn', { mode: 'sandbox', extra: 1 }).success).toBe(false);
  });

  it('the redirect URI must be a loopback http URL with a port and no query', () => {
    expect(redirectUriProblem('http://localhost:5573/callback')).toBeUndefined();
    expect(redirectUriProblem('http://[::1]:5573/callback')).toBeUndefined();
    expect(redirectUriProblem('https://localhost:5573/callback')).toMatch(/http:/);
    expect(redirectUriProblem('http://example.com:5573/callback')).toMatch(/this computer/);
    expect(redirectUriProblem('http://localhost/callback')).toMatch(/port/);
    expect(redirectUriProblem('http://localhost:5573/callback?x=1')).toMatch(/query/);
    expect(redirectUriProblem('livehook://callback')).toBeDefined();
  });

  it('register validates actions, type, filters (LiveChat spelling, no unknown keys) and additional data', () => {
    const ok = { actions: ['incoming_chat', 'chat_deactivated'], type: 'license', filters: { only_my_chats: true, chat_presence: { user_ids: { values: ['a@b.c'] }, my_bots: true }, source_type: ['my_client'] }, additionalData: ['chat_properties'] };
    expect(parse('webhooks.register', ok).success).toBe(true);
    expect(parse('webhooks.register', { ...ok, actions: [] }).success).toBe(false);
    expect(parse('webhooks.register', { ...ok, actions: ['Incoming Chat'] }).success).toBe(false);
    expect(parse('webhooks.register', { ...ok, type: 'global' }).success).toBe(false);
    expect(parse('webhooks.register', { ...ok, filters: { onlyMyChats: true } }).success).toBe(false);
    expect(parse('webhooks.register', { ...ok, filters: { chat_presence: { user_ids: { values: ['a'], exclude_values: ['b'] } } } }).success).toBe(false);
    expect(parse('webhooks.register', { ...ok, additionalData: ['everything'] }).success).toBe(false);
  });

  it('configure and unregister', () => {
    expect(parse('livechat.configure', { unregisterOnQuit: true }).success).toBe(true);
    expect(parse('livechat.configure', { secret: 'x' }).success).toBe(false);
    expect(parse('webhooks.unregister', { ids: ['a'] }).success).toBe(true);
    expect(parse('webhooks.unregister', { ids: [] }).success).toBe(false);
  });
});
