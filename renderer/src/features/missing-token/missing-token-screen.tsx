export function MissingTokenScreen() {
  return (
    <main className="missing-token">
      <h1 className="app-name">LiveHook</h1>
      <h2>Open the inspector URL printed by <code>livehook serve</code></h2>
      <p>
        This page talks to LiveHook only with the access token carried by that URL (it looks like{' '}
        <code>http://127.0.0.1:PORT/#token=…</code>). Copy it from the terminal where <code>livehook serve</code> is
        running and open it here.
      </p>
      <p className="muted">The token is kept for this tab only and removed from the address bar.</p>
    </main>
  );
}
