import { createHash, timingSafeEqual } from 'node:crypto';

/** PKCE rules of reference §5.2 (RFC 7636 underneath). */

export type ChallengeMethod = 'S256' | 'plain';

/** `code_verifier`: 43–128 characters of `[A-Z] [a-z] [0-9] - . _ ~`. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
/** `code_challenge`: 43–128 characters (base64url for S256; the verifier itself for plain). */
const CHALLENGE = /^[A-Za-z0-9\-._~]{43,128}$/;

export function isValidVerifier(verifier: string): boolean {
  return VERIFIER.test(verifier);
}

export function isValidChallenge(challenge: string): boolean {
  return CHALLENGE.test(challenge);
}

/**
 * `code_challenge_method`: `S256` or `plain`, default `plain`; the docs also write `s256`, so the case is not
 * significant. Anything else is `undefined` (an invalid request).
 */
export function parseChallengeMethod(value: string | undefined): ChallengeMethod | undefined {
  if (value === undefined || value === '') return 'plain';
  if (value.toUpperCase() === 'S256') return 'S256';
  if (value.toLowerCase() === 'plain') return 'plain';
  return undefined;
}

/** base64url(SHA-256(verifier)), no padding. */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export function verifierMatches(verifier: string, challenge: string, method: ChallengeMethod): boolean {
  const expected = Buffer.from(method === 'S256' ? s256(verifier) : verifier);
  const given = Buffer.from(challenge);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
