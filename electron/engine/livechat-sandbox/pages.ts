/** The two pages a browser sees on the sandbox's accounts server: the consent screen and the error page (§5.6). */

const escape = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const page = (title: string, body: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>` +
  `<style>body{font:15px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem}code{background:#eee;padding:0 .2em}</style>` +
  `</head><body>${body}</body></html>`;

export function consentPage(input: { requestId: string; email: string; clientId: string; scopes: string[] }): string {
  return page(
    'LiveChat sandbox — allow access?',
    `<h1>Allow access?</h1><p>The app <code>${escape(input.clientId)}</code> asks to act as <b>${escape(input.email)}</b> ` +
      `(LiveHook sandbox account) with these scopes:</p><ul>${input.scopes.map((s) => `<li><code>${escape(s)}</code></li>`).join('')}</ul>` +
      `<form method="post" action="/consent"><input type="hidden" name="request_id" value="${escape(input.requestId)}">` +
      `<button name="decision" value="allow">Allow</button> <button name="decision" value="deny">Deny</button></form>`,
  );
}

export function errorPage(oauthException: string, details: string | undefined): string {
  return page(
    'LiveChat sandbox — authorization error',
    `<h1>Authorization failed</h1><p><code>oauth_exception=${escape(oauthException)}</code>` +
      `${details !== undefined ? `<br><code>exception_details=${escape(details)}</code>` : ''}</p>` +
      `<p>This is the LiveHook sandbox standing in for accounts.livechat.com/ooops.</p>`,
  );
}
