import { REQUIRED_SCOPES, type LiveChatAccount, type LiveChatMode } from '@shared/api/domains/livechat';
import { z } from 'zod';
import type { Logger, SecretStore } from '../ports';
import type { TokenInfo, TokenSet } from './accounts-api';
import { regionOfToken, type Credential } from './credentials';

/** The whole sign-in, in one SecretStore entry (so a token and its refresh token are always written together). */
export const SESSION_KEY = 'livechat.session';

export function webhookSecretKey(webhookId: string): string {
  return `livechat.webhookSecret.${webhookId}`;
}

export interface OAuthSession {
  method: 'oauth';
  env: LiveChatMode;
  clientId: string;
  accessToken: string;
  refreshToken: string | null;
  /** Epoch ms. */
  expiresAt: number;
  accountId: string | null;
  organizationId: string | null;
  /** Null when neither the token answer nor /v2/info said. */
  scopes: string[] | null;
}

export interface PatSession {
  method: 'pat';
  env: LiveChatMode;
  clientId: string;
  accountId: string;
  pat: string;
  organizationId: string | null;
  /** Scopes proven by calls that worked when the PAT was checked (a PAT's scopes cannot be read). */
  verifiedScopes: string[];
}

export type Session = OAuthSession | PatSession;

const SessionSchema = z.discriminatedUnion('method', [
  z.object({
    method: z.literal('oauth'),
    env: z.enum(['livechat', 'sandbox']),
    clientId: z.string().min(1),
    accessToken: z.string().min(1),
    refreshToken: z.string().min(1).nullable(),
    expiresAt: z.number(),
    accountId: z.string().nullable(),
    organizationId: z.string().nullable(),
    scopes: z.array(z.string()).nullable(),
  }),
  z.object({
    method: z.literal('pat'),
    env: z.enum(['livechat', 'sandbox']),
    clientId: z.string().min(1),
    accountId: z.string().min(1),
    pat: z.string().min(1),
    organizationId: z.string().nullable(),
    verifiedScopes: z.array(z.string()),
  }),
]);

/** Reads the saved sign-in; a damaged entry is logged (by shape, never by value) and treated as signed out. */
export async function loadSession(secrets: SecretStore, logger: Logger): Promise<Session | undefined> {
  const raw = await secrets.get(SESSION_KEY);
  if (raw === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    logger.warn({ key: SESSION_KEY }, 'saved LiveChat sign-in is not JSON; treating as signed out');
    return undefined;
  }
  const parsed = SessionSchema.safeParse(value);
  if (!parsed.success) {
    logger.warn({ key: SESSION_KEY, field: parsed.error.issues[0]?.path.join('.') }, 'saved LiveChat sign-in has an unexpected shape; treating as signed out');
    return undefined;
  }
  return parsed.data;
}

export function saveSession(secrets: SecretStore, session: Session): Promise<void> {
  return secrets.set(SESSION_KEY, JSON.stringify(session));
}

export function forgetSession(secrets: SecretStore): Promise<void> {
  return secrets.delete(SESSION_KEY);
}

export function bearer(session: OAuthSession): Credential {
  return { kind: 'bearer', accessToken: session.accessToken };
}

export function oauthSession(clientId: string, env: LiveChatMode, tokens: TokenSet, info: TokenInfo | undefined, now: number): OAuthSession {
  const scopes = info && info.scopes.length > 0 ? info.scopes : (tokens.scopes ?? null);
  return {
    method: 'oauth',
    env,
    clientId,
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken ?? null,
    expiresAt: now + tokens.expiresInS * 1000,
    accountId: info?.accountId ?? tokens.accountId ?? null,
    organizationId: info?.organizationId ?? tokens.organizationId ?? null,
    scopes,
  };
}

export function describeSession(session: Session): LiveChatAccount {
  if (session.method === 'pat') {
    return {
      method: 'pat',
      accountId: session.accountId,
      organizationId: session.organizationId,
      clientId: session.clientId,
      scopes: null,
      missingScopes: session.verifiedScopes.some((s) => s.startsWith('webhooks.state')) ? [] : ['webhooks.state:rw'],
      expiresAt: null,
      region: regionOfToken(session.pat) ?? null,
    };
  }
  return {
    method: 'oauth',
    accountId: session.accountId,
    organizationId: session.organizationId,
    clientId: session.clientId,
    scopes: session.scopes,
    missingScopes: session.scopes === null ? [] : missingScopes(session.scopes),
    expiresAt: new Date(session.expiresAt).toISOString(),
    region: regionOfToken(session.accessToken) ?? null,
  };
}

/** `rw` includes `ro`; nothing else implies a webhook scope (reference §7). */
export function missingScopes(granted: string[]): string[] {
  const have = new Set(granted);
  return REQUIRED_SCOPES.filter((s) => !have.has(s));
}
