import { randomBytes } from 'node:crypto';
import type { Clock } from '../ports';
import type { ChallengeMethod } from './pkce';
import type { Region } from './types';

/**
 * Authorization codes, access tokens and refresh tokens of the sandbox's accounts server (reference §5.2, §5.3).
 *
 * Every token descends from one authorization (a "family"): the code's exchange starts it, each refresh adds a pair.
 * Revoking any token of a family revokes the family — "revoking an access token that has a refresh token revokes
 * both", and after rotation "its" refresh token is the family's newest one.
 */

/** "Valid for a few minutes" (§5.3): the sandbox says five. */
export const CODE_TTL_MS = 5 * 60_000;
/** §5.3: at most 25 access and 25 refresh tokens per client per user account; the oldest is revoked. */
export const MAX_TOKENS_PER_CLIENT = 25;

export interface AuthorizationCode {
  code: string;
  clientId: string;
  redirectUri: string;
  challenge: string;
  method: ChallengeMethod;
  scopes: string[];
  expiresAt: number;
  used: boolean;
}

export interface AccessToken {
  token: string;
  clientId: string;
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
  family: string;
}

interface RefreshToken {
  token: string;
  clientId: string;
  scopes: string[];
  issuedAt: number;
  family: string;
}

export interface IssuedTokens {
  access: AccessToken;
  refreshToken: string;
}

const random = (bytes: number): string => randomBytes(bytes).toString('base64url');

export class TokenStore {
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly access = new Map<string, AccessToken>();
  private readonly refresh = new Map<string, RefreshToken>();

  constructor(
    private readonly clock: Clock,
    private readonly region: Region,
    readonly accessTtlSeconds: number,
  ) {}

  /** Codes carry the region prefix like access tokens (`dal:…`, §1); the redirect percent-encodes the colon. */
  issueCode(grant: Omit<AuthorizationCode, 'code' | 'expiresAt' | 'used'>): string {
    this.dropExpiredCodes();
    const code = `${this.region}:${random(24)}`;
    this.codes.set(code, { ...grant, code, expiresAt: this.clock.now() + CODE_TTL_MS, used: false });
    return code;
  }

  /** The code if it exists for this client and is unexpired and unused; it is used up by this call either way. */
  takeCode(code: string, clientId: string): AuthorizationCode | undefined {
    const found = this.codes.get(code);
    if (found === undefined || found.clientId !== clientId) return undefined;
    if (found.used || found.expiresAt <= this.clock.now()) return undefined;
    // Single use (§5.3), even when the exchange then fails on redirect_uri or code_verifier: a code is not a
    // password to be guessed at.
    found.used = true;
    return found;
  }

  issue(clientId: string, scopes: string[], family = random(12)): IssuedTokens {
    const now = this.clock.now();
    const access: AccessToken = {
      token: `${this.region}:${random(24)}`,
      clientId,
      scopes,
      issuedAt: now,
      expiresAt: now + this.accessTtlSeconds * 1000,
      family,
    };
    // Refresh tokens carry no region prefix any more (§1).
    const refresh: RefreshToken = { token: random(32), clientId, scopes, issuedAt: now, family };
    this.access.set(access.token, access);
    this.refresh.set(refresh.token, refresh);
    this.enforceLimit(this.access, clientId);
    this.enforceLimit(this.refresh, clientId);
    return { access, refreshToken: refresh.token };
  }

  /** Public-client rotation (§5.2): a new pair; the presented refresh token stops working. */
  rotate(refreshToken: string, clientId: string): IssuedTokens | undefined {
    const found = this.refresh.get(refreshToken);
    if (found === undefined || found.clientId !== clientId) return undefined;
    this.refresh.delete(refreshToken);
    return this.issue(found.clientId, found.scopes, found.family);
  }

  /** A live access token (unexpired, unrevoked). */
  findAccess(token: string): AccessToken | undefined {
    const found = this.access.get(token);
    if (found === undefined || found.expiresAt <= this.clock.now()) return undefined;
    return found;
  }

  /** Revokes the family of an access or refresh token; false when the token is unknown. */
  revoke(token: string): boolean {
    const family = this.access.get(token)?.family ?? this.refresh.get(token)?.family;
    if (family === undefined) return false;
    for (const map of [this.access, this.refresh] as Array<Map<string, { family: string }>>) {
      for (const [key, value] of map) if (value.family === family) map.delete(key);
    }
    return true;
  }

  revokeAll(): void {
    this.access.clear();
    this.refresh.clear();
  }

  expireAccessTokens(): void {
    const now = this.clock.now();
    for (const token of this.access.values()) token.expiresAt = Math.min(token.expiresAt, now);
  }

  private enforceLimit(map: Map<string, { clientId: string; issuedAt: number }>, clientId: string): void {
    const mine = [...map.entries()].filter(([, t]) => t.clientId === clientId);
    // Map order is insertion order, so the first ones are the oldest.
    for (const [key] of mine.slice(0, Math.max(0, mine.length - MAX_TOKENS_PER_CLIENT))) map.delete(key);
  }

  private dropExpiredCodes(): void {
    const now = this.clock.now();
    for (const [code, value] of this.codes) if (value.expiresAt <= now) this.codes.delete(code);
  }
}
