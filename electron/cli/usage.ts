/** Bad usage: exit code 2 with one clear line on stderr. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const HELP = `LiveHook — inspector for LiveChat webhooks

Usage:
  livehook serve [options]              Run headless: receiver + inspector UI on 127.0.0.1
  livehook listen --forward-to URL      serve + forward every webhook to your service, one line per webhook
  livehook trigger <action|scenario>    Generate LiveChat webhooks offline and send them
  livehook events [query] [--follow]    Print stored webhooks (all, or those matching a query)
  livehook replay <id…> --to URL        Send captured webhooks again, byte-exact, with LiveChat's retry rules
  livehook export [query] --har|--ndjson|--curl FILE
  livehook import FILE                  Read a HAR or NDJSON export back into history
  livehook webhooks list|register|unregister
  livehook doctor                       "Why no webhooks?" checks
  livehook help                         Show this help

Every command takes --data-dir DIR (default: the desktop app's data dir), --json (machine output, one JSON object
per line) and --verbose. When \`livehook serve\` is running on the data dir, the other commands talk to it (and the
open inspector shows what they did); otherwise they start LiveHook's engine for as long as they run.

serve / listen options:
  --port N              Inspector (control) port on 127.0.0.1; 0 = any free port (default 0)
  --receiver-port N     Webhook receiver port; 0 = any free port (default 0)
  --body-limit BYTES    Largest webhook body accepted (default 10485760)
  --tunnel / --no-tunnel  Open the public URL (localtunnel) now / not this run
                        (default: the saved "start tunnel on launch" setting, on unless changed)
  --tunnel-host URL     localtunnel server (default https://localtunnel.me; self-hosted works the same)
  --subdomain NAME      Ask the tunnel server for this subdomain
  --public-url URL      Use your own public URL (ngrok, cloudflared…) pointed at the receiver
  --json                One JSON line {"ready":true,…} once both ports listen, then JSON lines for news
listen only:
  --forward-to URL      Your service, e.g. http://localhost:3000/livechat/webhooks (required)
  --actions a,b         Forward only these actions (others are still recorded)
  --mode ack|pass-through  ack (default): LiveChat gets 200 at once, LiveHook forwards after;
                        pass-through: LiveChat gets your service's status, so its real retries happen

trigger options:
  --to URL              Send to your service under the delivery policy (default: into LiveHook itself)
  --sandbox             Send through the built-in sandbox LiveChat to its registered webhooks
  --set path=value      Set a field by JSON path (repeatable); value parsed as JSON when it parses
  --seed N              Same seed, byte-identical bodies
  --count N             Send N webhooks of the action (they continue the same chat)
  --speed N             Scenarios: 1 = LiveChat's pace (default), 10 = ten times faster, 0 = no waiting
  --additional-data     Include additional_data (chat properties, presence user ids)
  --list                List actions and scenarios

events options:
  query                 The inspector's query language, e.g. action:incoming_event chat:PJ0MRSHTDG -secret:ok
                        "quoted text" retry after:1h status:invalid
  --follow              Keep printing new matching webhooks until Ctrl-C
  (without a query or --follow, events reads the journal files directly: exactly what is on disk)

replay options:
  --to URL              Where to send (required)
  --single              One attempt, no retries (default: the saved policy, LiveChat's rules)

export / import options:
  --har FILE | --ndjson FILE | --curl FILE   Format and file ("-" = stdout)
  --include-secrets     Keep secret_key values and credential headers (redacted by default)
  --format har|ndjson   import: when the file name does not tell

webhooks options:
  --actions a,b         register: the actions to register at the public URL
  --type license|bot    register: webhook type (default license)
  --sandbox             Use the built-in sandbox LiveChat instead of the signed-in account

Examples:
  livehook serve --receiver-port 8080
  livehook listen --forward-to http://localhost:3000/livechat/webhooks --mode pass-through
  livehook trigger incoming_event --set payload.event.text='"Hi there"' --to http://localhost:3000/hooks
  livehook trigger customer-chat --speed 10
  livehook events action:incoming_chat --json | jq -r .id
  livehook events --follow 'chat:PJ0MRSHTDG'
  livehook replay 01JD4S6X0ZP5W7K2Q8R9T3V4M1 --to http://localhost:3000/hooks
  livehook export 'action:incoming_event after:1d' --har today.har
  livehook webhooks register --actions incoming_chat,incoming_event
  curl -X POST http://127.0.0.1:8080/hook -H 'Content-Type: application/json' -d '{"action":"incoming_chat"}'

Exit codes: 0 success, 1 the thing asked failed, 2 bad usage (with one line on stderr).
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
