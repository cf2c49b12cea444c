import { describe, expect, it } from 'vitest';
import { authorizationHeader, decodeAuthorizationCode, regionOf, regionOfToken } from '../../../electron/engine/livechat/credentials';
import { rateLimitDelay } from '../../../electron/engine/livechat/http';
import { newPkcePair, newState, pkceChallenge } from '../../../electron/engine/livechat/pkce';

describe('PKCE', () => {
  it('S256 matches RFC 7636 appendix B', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('verifiers are 43–128 unreserved characters, fresh each time', () => {
    const a = newPkcePair();
    const b = newPkcePair();
    expect(a.verifier).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
    expect(a.verifier).not.toBe(b.verifier);
    expect(a.challenge).toBe(pkceChallenge(a.verifier));
    expect(newState()).not.toBe(newState());
  });
});

describe('credentials', () => {
  it('Bearer for OAuth, Basic base64(account_id:PAT) for a PAT', () => {
    expect(authorizationHeader({ kind: 'bearer', accessToken: 'dal:abc' })).toBe('Bearer dal:abc');
    expect(authorizationHeader({ kind: 'basic', accountId: 'acc', pat: 'fra:p' })).toBe(`Basic ${Buffer.from('acc:fra:p').toString('base64')}`);
  });

  it('reads the region prefix of tokens (dal, fra, fra-a) and nothing from unprefixed ones', () => {
    expect(regionOfToken('dal:test_YTJQ6GDVgQf8kQDPw')).toBe('dal');
    expect(regionOfToken('fra-a:xyz')).toBe('fra-a');
    expect(regionOfToken('test_gfalskcakg2347o8326')).toBeUndefined();
    expect(regionOfToken('https://x')).toBeUndefined();
    expect(regionOf({ kind: 'basic', accountId: 'a', pat: 'fra:p' })).toBe('fra');
  });

  it('decodes %3A left in a code', () => {
    expect(decodeAuthorizationCode('dal%3Aabc')).toBe('dal:abc');
    expect(decodeAuthorizationCode('dal%3aabc')).toBe('dal:abc');
    expect(decodeAuthorizationCode('dal:abc')).toBe('dal:abc');
  });
});

describe('rate-limit backoff', () => {
  const policy = { retries: 4, baseMs: 1_000, capMs: 20_000 };
  it('grows exponentially with jitter in the upper half, capped', () => {
    expect(rateLimitDelay(1, policy, () => 0, null)).toBe(500);
    expect(rateLimitDelay(1, policy, () => 0.999999, null)).toBe(999);
    expect(rateLimitDelay(3, policy, () => 0, null)).toBe(2_000);
    expect(rateLimitDelay(10, policy, () => 1, null)).toBe(20_000);
  });

  it('honours a Retry-After in seconds, within the cap', () => {
    expect(rateLimitDelay(1, policy, () => 0, '3')).toBe(3_000);
    expect(rateLimitDelay(1, policy, () => 0, '999')).toBe(20_000);
    expect(rateLimitDelay(1, policy, () => 0, 'Wed, 21 Oct 2015 07:28:00 GMT')).toBe(500);
  });
});
