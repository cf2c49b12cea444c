/**
 * Redirect URI whitelist rules of reference §5.4: scheme, host and port must match exactly; the whitelisted path
 * must be a prefix of the requested one (the docs say "substring"; taken literally as a prefix, so `/callback`
 * also admits `/callback/x` — and `/callbackx`); no `..` in the requested path; no query or fragment in a
 * whitelisted entry; the trailing slash counts (a `/callback/` entry does not admit `/callback`).
 * Custom schemes such as `livehook://callback` are allowed (PKCE, §5.4).
 */

export function checkWhitelistEntry(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `not an absolute URI: ${uri}`;
  }
  if (url.search !== '' || url.hash !== '' || uri.includes('?') || uri.includes('#')) return 'a whitelisted redirect URI has no query or fragment';
  return undefined;
}

export function isRedirectAllowed(requested: string, whitelist: readonly string[]): boolean {
  let req: URL;
  try {
    req = new URL(requested);
  } catch {
    return false;
  }
  // A fragment can never carry the code back (OAuth 2.1 §2.3.1); `..` could climb out of the whitelisted path.
  if (requested.includes('#') || rawPath(requested).includes('..')) return false;
  return whitelist.some((entry) => {
    const allowed = new URL(entry);
    return allowed.protocol === req.protocol && allowed.host === req.host && rawPath(requested).startsWith(rawPath(entry));
  });
}

/** The path as written (URL normalises `..` away, which would hide it from the check above). */
function rawPath(uri: string): string {
  const afterScheme = uri.slice(uri.indexOf(':') + 1);
  const withoutAuthority = afterScheme.startsWith('//') ? afterScheme.slice(2).replace(/^[^/?#]*/, '') : afterScheme;
  return withoutAuthority.replace(/[?#].*$/, '');
}
