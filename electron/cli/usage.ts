/** Bad usage: exit code 2 with one clear line on stderr. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const HELP = `LiveHook — inspector for LiveChat webhooks

Usage:
  livehook serve [options]       Run headless: receiver + inspector UI on 127.0.0.1
  livehook events [options]      Print webhooks stored in a data dir
  livehook help                  Show this help

serve options:
  --data-dir DIR        Where history is kept (default: the desktop app's data dir)
  --port N              Inspector (control) port on 127.0.0.1; 0 = any free port (default 0)
  --receiver-port N     Webhook receiver port; 0 = any free port (default 0)
  --body-limit BYTES    Largest webhook body accepted (default 10485760)
  --tunnel / --no-tunnel  Open the public URL (localtunnel) now / not this run
                        (default: the saved "start tunnel on launch" setting, on unless changed)
  --tunnel-host URL     localtunnel server (default https://localtunnel.me; self-hosted works the same)
  --subdomain NAME      Ask the tunnel server for this subdomain
  --public-url URL      Use your own public URL (ngrok, cloudflared…) pointed at the receiver;
                        LiveHook only checks that it reaches the receiver
  --json                Print one JSON line {"ready":true,…} once both ports listen,
                        then one JSON line per tunnel state change
  --verbose             Also write logs to stderr

events options:
  --data-dir DIR        Data dir to read (default as above)
  --json                One JSON object per line: id, receivedAt, action, status, bodyBase64, …

Examples:
  livehook serve --receiver-port 8080
  livehook serve --subdomain my-crm-hooks
  livehook serve --no-tunnel --json
  curl -X POST http://127.0.0.1:8080/hook -H 'Content-Type: application/json' -d '{"action":"incoming_chat"}'
  livehook events --json | jq -r .action

Exit codes: 0 success, 1 the thing asked failed, 2 bad usage.
`;

export function parsePort(value: string | undefined, flag: string): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`${flag} must be a port number from 0 to 65535, got "${value}"`);
  return n;
}

export function parsePositiveInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError(`${flag} must be a positive whole number, got "${value}"`);
  return n;
}
