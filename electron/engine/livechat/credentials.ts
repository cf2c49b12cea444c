/** What LiveHook authenticates to the Configuration API with (reference §5.8). */
export type Credential =
  | { kind: 'bearer'; accessToken: string }
  /** A Personal Access Token: `Basic base64(account_id:PAT)` — never Bearer, never unencoded (reference §6, §9.3). */
  | { kind: 'basic'; accountId: string; pat: string };

export function authorizationHeader(credential: Credential): string {
  return credential.kind === 'bearer'
    ? `Bearer ${credential.accessToken}`
    : `Basic ${Buffer.from(`${credential.accountId}:${credential.pat}`, 'utf8').toString('base64')}`;
}

/** `dal:…`, `fra:…`, `fra-a:…` (reference §1). */
const REGION_PREFIX = /^([a-z]{2,8}(?:-[a-z0-9]{1,8})?):[^/]/;

/** The data center a token names with its prefix, if it has one (OAuth tokens and codes do; PATs may). */
export function regionOfToken(token: string): string | undefined {
  return REGION_PREFIX.exec(token)?.[1];
}

export function regionOf(credential: Credential): string | undefined {
  return regionOfToken(credential.kind === 'bearer' ? credential.accessToken : credential.pat);
}

/**
 * Codes copied out of a browser URL keep `%3A` for the colon after the region (reference §5.5 step 4, §9.4). The
 * query parser decodes one level; this undoes a second one.
 */
export function decodeAuthorizationCode(code: string): string {
  return code.replace(/%3A/gi, ':');
}
