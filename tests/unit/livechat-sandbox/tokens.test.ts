import { describe, expect, it } from 'vitest';
import { CODE_TTL_MS, MAX_TOKENS_PER_CLIENT, TokenStore } from '../../../electron/engine/livechat-sandbox/tokens';

function store(ttlSeconds = 28_800) {
  let now = Date.UTC(2026, 0, 1);
  const clock = { now: () => now };
  return { tokens: new TokenStore(clock, 'fra', ttlSeconds), advance: (ms: number) => (now += ms) };
}

const grant = { clientId: 'c1', redirectUri: 'http://localhost:5573/callback', challenge: 'x'.repeat(43), method: 'plain' as const, scopes: ['webhooks.state:rw'] };

describe('TokenStore (reference §5.2, §5.3)', () => {
  it('codes and access tokens carry the region prefix; refresh tokens none', () => {
    const { tokens } = store();
    expect(tokens.issueCode(grant)).toMatch(/^fra:[A-Za-z0-9_-]+$/);
    const issued = tokens.issue('c1', ['a:rw']);
    expect(issued.access.token).toMatch(/^fra:/);
    expect(issued.refreshToken).not.toContain(':');
  });

  it('a code is single use, bound to its client, and expires after a few minutes', () => {
    const { tokens, advance } = store();
    const code = tokens.issueCode(grant);
    expect(tokens.takeCode(code, 'other-client')).toBeUndefined();
    expect(tokens.takeCode(code, 'c1')?.scopes).toEqual(['webhooks.state:rw']);
    expect(tokens.takeCode(code, 'c1')).toBeUndefined();

    const late = tokens.issueCode(grant);
    advance(CODE_TTL_MS);
    expect(tokens.takeCode(late, 'c1')).toBeUndefined();
  });

  it('access tokens expire after their lifetime, or at once when told', () => {
    const { tokens, advance } = store(60);
    const a = tokens.issue('c1', []).access.token;
    advance(59_000);
    expect(tokens.findAccess(a)).toBeDefined();
    advance(1_000);
    expect(tokens.findAccess(a)).toBeUndefined();

    const b = tokens.issue('c1', []).access.token;
    tokens.expireAccessTokens();
    expect(tokens.findAccess(b)).toBeUndefined();
  });

  it('refresh rotates: a new pair, the old refresh token is dead, the old access token lives on', () => {
    const { tokens } = store();
    const first = tokens.issue('c1', ['s:rw']);
    expect(tokens.rotate(first.refreshToken, 'other-client')).toBeUndefined();
    const second = tokens.rotate(first.refreshToken, 'c1')!;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.access.scopes).toEqual(['s:rw']);
    expect(tokens.rotate(first.refreshToken, 'c1')).toBeUndefined();
    expect(tokens.findAccess(first.access.token)).toBeDefined();
  });

  it('revoking any token of a sign-in revokes all of it; unknown tokens are reported', () => {
    const { tokens } = store();
    const first = tokens.issue('c1', []);
    const second = tokens.rotate(first.refreshToken, 'c1')!;
    const unrelated = tokens.issue('c1', []);
    expect(tokens.revoke(first.access.token)).toBe(true);
    expect(tokens.findAccess(second.access.token)).toBeUndefined();
    expect(tokens.rotate(second.refreshToken, 'c1')).toBeUndefined();
    expect(tokens.findAccess(unrelated.access.token)).toBeDefined();
    expect(tokens.revoke('nope')).toBe(false);
    expect(tokens.revoke(unrelated.refreshToken)).toBe(true);
    expect(tokens.findAccess(unrelated.access.token)).toBeUndefined();
  });

  it(`keeps at most ${MAX_TOKENS_PER_CLIENT} tokens per client, revoking the oldest`, () => {
    const { tokens } = store();
    const issued = Array.from({ length: MAX_TOKENS_PER_CLIENT + 1 }, () => tokens.issue('c1', []));
    expect(tokens.findAccess(issued[0]!.access.token)).toBeUndefined();
    expect(tokens.rotate(issued[0]!.refreshToken, 'c1')).toBeUndefined();
    expect(tokens.findAccess(issued[1]!.access.token)).toBeDefined();
    expect(tokens.findAccess(issued.at(-1)!.access.token)).toBeDefined();
  });
});
