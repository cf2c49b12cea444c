/**
 * The Content-Security-Policy of every LiveHook page: the desktop window (electron/main/security.ts sends it as a
 * header) and the headless inspector (the control server sends the same header). Starts from `default-src 'none'`.
 */
const CSP: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['default-src', ["'none'"]],
  ['script-src', ["'self'"]],
  // React sets style attributes; nothing else is inline.
  ['style-src', ["'self'", "'unsafe-inline'"]],
  ['img-src', ["'self'", 'data:']],
  ['connect-src', ["'self'"]],
  ['font-src', ["'self'"]],
  ['base-uri', ["'none'"]],
  ['form-action', ["'none'"]],
  ['frame-ancestors', ["'none'"]],
];

/**
 * The policy for app pages. In development (`devServerUrl` set) the Vite dev server needs two relaxations and gets
 * nothing more: React Refresh's inline preamble script, and the HMR WebSocket to the dev server's own host.
 */
export function buildCsp(opts: { devServerUrl?: string } = {}): string {
  const directives = CSP.map(([name, sources]) => [name, [...sources]] as [string, string[]]);
  if (opts.devServerUrl !== undefined) {
    const dev = new URL(opts.devServerUrl);
    const wsScheme = dev.protocol === 'https:' ? 'wss:' : 'ws:';
    for (const [name, sources] of directives) {
      if (name === 'script-src') sources.push("'unsafe-inline'");
      if (name === 'connect-src') sources.push(`${wsScheme}//${dev.host}`);
    }
  }
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

