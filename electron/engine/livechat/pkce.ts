import { createHash, randomBytes } from 'node:crypto';

export interface PkcePair {
  /** 86 characters of base64url: inside the 43–128 range of `[A-Za-z0-9-._~]` the spec allows. */
  verifier: string;
  /** base64url(SHA-256(verifier)), sent with `code_challenge_method=S256`. */
  challenge: string;
}

export function newPkcePair(): PkcePair {
  const verifier = randomBytes(64).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier) };
}

export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** The CSRF `state`: unguessable, URL-safe. */
export function newState(): string {
  return randomBytes(32).toString('base64url');
}
