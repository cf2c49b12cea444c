import { describe, expect, it } from 'vitest';
import { checkWhitelistEntry, isRedirectAllowed } from '../../../electron/engine/livechat-sandbox/redirect-uri';
import { DEFAULT_REDIRECT_URIS } from '../../../electron/engine/livechat-sandbox/state';

describe('redirect URI whitelist (reference §5.4)', () => {
  const whitelist = ['http://localhost:3000/callback', 'https://app.example.com', 'livehook://callback'];

  it('admits an exact match and a longer path under a whitelisted prefix', () => {
    expect(isRedirectAllowed('http://localhost:3000/callback', whitelist)).toBe(true);
    expect(isRedirectAllowed('http://localhost:3000/callback/done', whitelist)).toBe(true);
    expect(isRedirectAllowed('https://app.example.com/any/path', whitelist)).toBe(true);
    expect(isRedirectAllowed('livehook://callback', whitelist)).toBe(true);
  });

  it('needs the same scheme, host and port', () => {
    expect(isRedirectAllowed('https://localhost:3000/callback', whitelist)).toBe(false);
    expect(isRedirectAllowed('http://localhost:4000/callback', whitelist)).toBe(false);
    expect(isRedirectAllowed('http://127.0.0.1:3000/callback', whitelist)).toBe(false);
    expect(isRedirectAllowed('livehook://other', whitelist)).toBe(false);
  });

  it('refuses another path, `..`, a fragment and garbage', () => {
    expect(isRedirectAllowed('http://localhost:3000/other', whitelist)).toBe(false);
    expect(isRedirectAllowed('http://localhost:3000/callback/../admin', whitelist)).toBe(false);
    expect(isRedirectAllowed('http://localhost:3000/callback#x', whitelist)).toBe(false);
    expect(isRedirectAllowed('not a url', whitelist)).toBe(false);
  });

  it('counts the trailing slash: a `/callback/` entry does not admit `/callback`', () => {
    expect(isRedirectAllowed('http://localhost:3000/callback', ['http://localhost:3000/callback/'])).toBe(false);
  });

  it('whitelists no query or fragment, and the defaults are LiveHook’s callbacks', () => {
    expect(checkWhitelistEntry('http://localhost:3000/cb?x=1')).toBeDefined();
    expect(checkWhitelistEntry('http://localhost:3000/cb#x')).toBeDefined();
    expect(checkWhitelistEntry('relative/path')).toBeDefined();
    expect(checkWhitelistEntry('http://localhost:3000/cb')).toBeUndefined();
    expect(DEFAULT_REDIRECT_URIS).toEqual(['http://localhost:5573/callback', 'http://127.0.0.1:5573/callback', 'livehook://callback']);
  });
});
