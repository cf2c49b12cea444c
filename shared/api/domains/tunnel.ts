import { z } from 'zod';
import { method, push } from '../define';

/** The public localtunnel server. Self-hosted localtunnel servers speak the same protocol. */
export const DEFAULT_TUNNEL_HOST = 'https://localtunnel.me';

/**
 * What the tunnel is doing. `reconnecting.attempt` counts the failures in a row (1 = the first retry);
 * `nextRetryInMs` is the wait before that retry, measured from the moment the state was pushed.
 */
export type TunnelState =
  | { state: 'stopped' }
  | { state: 'connecting' }
  | { state: 'online'; url: string; since: string }
  | { state: 'reconnecting'; attempt: number; nextRetryInMs: number; lastError: string }
  | { state: 'failed'; reason: string };

export type TunnelStateName = TunnelState['state'];

/** Tunnel options, as persisted (settings key `tunnel`) and as shown in the tunnel panel. */
export interface TunnelSettings {
  /** The localtunnel server, e.g. `https://localtunnel.me` or `http://tunnel.example.com:8080`. */
  host: string;
  /** Ask the server for this subdomain; null = take what the server gives, then keep asking for that one. */
  subdomain: string | null;
  /** Open the tunnel when LiveHook starts. */
  startOnLaunch: boolean;
  /** "Use my own public URL" (ngrok, cloudflared…): no localtunnel client; LiveHook only probes this URL. */
  publicUrl: string | null;
}

export const DEFAULT_TUNNEL_SETTINGS: TunnelSettings = {
  host: DEFAULT_TUNNEL_HOST,
  subdomain: null,
  startOnLaunch: true,
  publicUrl: null,
};

/** The current state plus what the tunnel panel shows beside it. */
export type TunnelStatus = TunnelState & {
  /** Reconnects since the tunnel was started (each retry after a failure counts). */
  reconnects: number;
  /** The last failure in plain words; kept after recovery so the panel can still show it. */
  lastError: string | null;
  lastErrorAt: string | null;
  /** ISO time the tunnel came online, while it is online. */
  onlineSince: string | null;
  /** The public URL most recently online (still set while reconnecting, so the panel can show it). */
  lastUrl: string | null;
  settings: TunnelSettings;
};

export interface TunnelUrlChange {
  previousUrl: string;
  url: string;
}

/**
 * The localtunnel server's own rule (it answers 403 otherwise): 4–63 lowercase letters and digits, or, with hyphens,
 * at least 6 characters that neither start nor end with one. 63 is also the DNS label limit.
 */
const SUBDOMAIN_RULE = /^(?:[a-z0-9][a-z0-9-]{4,61}[a-z0-9]|[a-z0-9]{4,63})$/;

const IP_LITERAL = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:.]+\])$/i;

function parseHttpUrl(value: string): URL | undefined {
  if (!URL.canParse(value)) return undefined;
  const url = new URL(value);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
}

/** Why `host` cannot be a localtunnel server, in plain words; undefined when it can. */
export function tunnelHostProblem(host: string): string | undefined {
  const url = parseHttpUrl(host);
  if (!url) return 'The tunnel server must be an http:// or https:// URL.';
  // The server builds the public URL as `<id>.<the host it was asked on>`: an IP gives `abc.127.0.0.1`, which routes nowhere.
  if (IP_LITERAL.test(url.hostname)) return 'The tunnel server must be given by name (e.g. http://localhost:8080), not by IP address.';
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') return 'The tunnel server URL must not have a path, query or fragment.';
  return undefined;
}

/** Why `publicUrl` cannot be probed as LiveHook's public URL; undefined when it can. */
export function publicUrlProblem(publicUrl: string): string | undefined {
  const url = parseHttpUrl(publicUrl);
  if (!url) return 'The public URL must be an http:// or https:// URL.';
  if (url.search !== '' || url.hash !== '') return 'The public URL must not have a query or fragment.';
  return undefined;
}

export const TunnelHost = z
  .string()
  .max(2048)
  .superRefine((value, ctx) => {
    const problem = tunnelHostProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const TunnelSubdomain = z
  .string()
  .regex(SUBDOMAIN_RULE, 'A subdomain is 4–63 lowercase letters, digits and hyphens (not at either end; with a hyphen at least 6 long).');

export const PublicUrl = z
  .string()
  .max(2048)
  .superRefine((value, ctx) => {
    const problem = publicUrlProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const TunnelConfigureParams = z
  .object({
    host: TunnelHost.optional(),
    /** null clears it: take whatever the server gives. */
    subdomain: TunnelSubdomain.nullable().optional(),
    startOnLaunch: z.boolean().optional(),
    /** null goes back to a localtunnel tunnel. */
    publicUrl: PublicUrl.nullable().optional(),
  })
  .strict();
export type TunnelConfigureParams = z.infer<typeof TunnelConfigureParams>;

/** Persisted settings read back from disk: every field checked, so a hand-edited file cannot smuggle in garbage. */
export const TunnelSettingsSchema = z.object({
  host: TunnelHost,
  subdomain: TunnelSubdomain.nullable(),
  startOnLaunch: z.boolean(),
  publicUrl: PublicUrl.nullable(),
});

const empty = z.object({}).strict();

export const tunnelMethods = {
  'tunnel.status': method<typeof empty, TunnelStatus>(empty),
  /** Starts the tunnel (no-op when already running); answers at once, progress comes as `tunnel.status` pushes. */
  'tunnel.start': method<typeof empty, TunnelStatus>(empty),
  'tunnel.stop': method<typeof empty, TunnelStatus>(empty),
  /** Saves the options; a running tunnel restarts when its server, subdomain or public URL changed. */
  'tunnel.configure': method<typeof TunnelConfigureParams, TunnelStatus>(TunnelConfigureParams),
};

export const tunnelPushes = {
  /** Any change of state, reconnect count, last error or settings. */
  'tunnel.status': push<TunnelStatus>(),
  /** The public URL is different from the one that was online before (LiveChat webhooks must be re-pointed). */
  'tunnel.urlChanged': push<TunnelUrlChange>(),
};
