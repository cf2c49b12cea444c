import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isValidChallenge, isValidVerifier, parseChallengeMethod, s256, verifierMatches } from '../../../electron/engine/livechat-sandbox/pkce';

describe('PKCE (reference §5.2)', () => {
  const verifier = 'dBjftJeZ4CVP-mJ92K1uqEvK9aUIFa1v6Nxl-gyJ3Uk';
  // Computed independently of the code under test.
  const challenge = createHash('sha256').update(verifier).digest('base64url');

  it('S256 is base64url(SHA-256(verifier)) without padding', () => {
    expect(s256(verifier)).toBe(challenge);
    expect(challenge).not.toMatch(/[=+/]/);
    expect(verifierMatches(verifier, challenge, 'S256')).toBe(true);
    expect(verifierMatches(`${verifier}x`, challenge, 'S256')).toBe(false);
  });

  it('plain compares the verifier itself', () => {
    expect(verifierMatches(verifier, verifier, 'plain')).toBe(true);
    expect(verifierMatches(verifier, challenge, 'plain')).toBe(false);
  });

  it('verifiers are 43–128 unreserved characters', () => {
    expect(isValidVerifier('a'.repeat(43))).toBe(true);
    expect(isValidVerifier('a'.repeat(128))).toBe(true);
    expect(isValidVerifier('a'.repeat(42))).toBe(false);
    expect(isValidVerifier('a'.repeat(129))).toBe(false);
    expect(isValidVerifier(`${'a'.repeat(43)}+`)).toBe(false);
    expect(isValidChallenge(challenge)).toBe(true);
    expect(isValidChallenge('short')).toBe(false);
  });

  it('the method defaults to plain and accepts the docs’ lower-case s256', () => {
    expect(parseChallengeMethod(undefined)).toBe('plain');
    expect(parseChallengeMethod('S256')).toBe('S256');
    expect(parseChallengeMethod('s256')).toBe('S256');
    expect(parseChallengeMethod('plain')).toBe('plain');
    expect(parseChallengeMethod('S512')).toBeUndefined();
  });
});
