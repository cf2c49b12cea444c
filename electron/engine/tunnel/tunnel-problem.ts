/**
 * Tunnel failures as data: a kind the supervisor decides on, and a message in plain words for the tunnel panel
 * ("The tunnel server refused the connection (ECONNREFUSED at localhost:1234)"), never a bare `Error: socket hang up`.
 */
export type TunnelProblemKind =
  | 'refused' // nothing listens there (server down)
  | 'unreachable' // name does not resolve, network unreachable, TLS refused
  | 'reset' // the connection was cut mid-way
  | 'timeout' // no answer in time
  | 'stale' // something answered, but not this LiveHook
  | 'http' // the server answered with an error status
  | 'protocol' // the answer was not what the protocol says
  | 'closed' // the tunnel client closed by itself
  | 'config' // the settings cannot work
  | 'aborted'; // we cancelled it (stop, restart)

export class TunnelProblem extends Error {
  constructor(
    readonly kind: TunnelProblemKind,
    message: string,
    /** Retrying cannot help (bad settings, the server refused the request itself): the supervisor stops and says why. */
    readonly permanent = false,
  ) {
    super(message);
    this.name = 'TunnelProblem';
  }
}

/** `5000` → `5 s`, `250` → `0.25 s`. */
export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))} s`;
}

const TLS_CODES = /^(CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|ERR_TLS|ERR_SSL)/;

/**
 * A socket-level error from talking to `who` ("The tunnel server", "The public URL") at `where` (host:port), in plain
 * words. Errors already turned into a TunnelProblem pass through unchanged.
 */
export function networkProblem(err: unknown, who: string, where: string): TunnelProblem {
  if (err instanceof TunnelProblem) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const hostname = where.replace(/:\d+$/, '');
  switch (code) {
    case 'ECONNREFUSED':
      return new TunnelProblem('refused', `${who} refused the connection (ECONNREFUSED at ${where})`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return new TunnelProblem('unreachable', `${who} could not be found: the name ${hostname} does not resolve (${code})`);
    case 'ECONNRESET':
    case 'EPIPE':
      return new TunnelProblem('reset', `${who} cut the connection (${code} at ${where})`);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
    case 'ENETDOWN':
      return new TunnelProblem('unreachable', `${who} could not be reached (${code} at ${where})`);
    default:
      if (code && TLS_CODES.test(code)) {
        return new TunnelProblem('unreachable', `${who} presented a TLS certificate that was refused (${code} at ${where})`);
      }
      return new TunnelProblem('reset', `${who} failed: ${err instanceof Error ? err.message : String(err)}${code ? ` (${code})` : ''}`);
  }
}

/** An 'error' event of the localtunnel client, in plain words. */
export function clientProblem(err: unknown): TunnelProblem {
  if (err instanceof TunnelProblem) return err;
  const message = err instanceof Error ? err.message : String(err);
  // The client words it "connection refused: localhost:36597 (check your firewall settings)".
  const refused = /connection refused: (\S+)/i.exec(message);
  if (refused) return new TunnelProblem('refused', `The tunnel server refused the tunnel connection (ECONNREFUSED at ${refused[1]})`);
  return networkProblem(err, 'The tunnel connection', 'the tunnel server');
}
