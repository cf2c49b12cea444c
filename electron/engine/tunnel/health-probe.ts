import { randomBytes } from 'node:crypto';
import { httpGet } from './http-get';
import { seconds, TunnelProblem } from './tunnel-problem';

export interface ProbeOptions {
  timeoutMs: number;
  signal: AbortSignal;
  /** True when `publicUrl` is the user's own (ngrok, cloudflared…), for the words of a failure. */
  ownUrl: boolean;
}

/** Resolves when `publicUrl` reaches this LiveHook's receiver; rejects with a TunnelProblem otherwise. */
export type Probe = (publicUrl: string, opts: ProbeOptions) => Promise<void>;

/** The probe URL: the receiver's health route under the public URL (which may carry a path prefix). */
export function healthUrl(publicUrl: string, nonce: string): URL {
  const base = new URL(publicUrl);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  base.search = `nonce=${nonce}`;
  return base;
}

/**
 * End to end: `GET <public URL>/?nonce=<random>` must come back through the tunnel from our own receiver, which echoes
 * the nonce. A live socket to the tunnel server proves nothing (localtunnel keeps idle sockets while the far end is
 * wedged), and a fixed text would also be answered by a stale tunnel that now belongs to someone else's LiveHook.
 */
export const probeThroughPublicUrl: Probe = async (publicUrl, { timeoutMs, signal, ownUrl }) => {
  const nonce = randomBytes(16).toString('hex');
  const who = ownUrl ? 'Your public URL' : 'The tunnel';
  const answer = await httpGet(healthUrl(publicUrl, nonce), {
    timeoutMs,
    signal,
    // Without it the public localtunnel server answers browsers' requests with a reminder page instead of our app.
    headers: { 'bypass-tunnel-reminder': 'true', accept: 'text/plain' },
    who: ownUrl ? 'Your public URL' : 'The tunnel server',
    timeoutWords: ownUrl ? `No answer from ${publicUrl} within ${seconds(timeoutMs)}` : `No answer through the tunnel within ${seconds(timeoutMs)}`,
  });
  if (answer.status !== 200) {
    throw new TunnelProblem('stale', `${who} answered HTTP ${answer.status} instead of LiveHook (the tunnel is gone or is not this LiveHook's)`);
  }
  if (!answer.body.includes(`nonce=${nonce}`)) {
    throw new TunnelProblem('stale', `${who} answered, but not for this LiveHook (stale tunnel)`);
  }
};
