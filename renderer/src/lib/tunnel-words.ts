import type { TunnelStatus } from '@shared/api/contract';
import type { BadgeTone } from '../ui/badge';

export interface TunnelLabel {
  /** What the badge shows, countdown included. */
  text: string;
  tone: BadgeTone;
  /** The same without the countdown, for the accessible name (a name that changes every second is noise). */
  spoken: string;
}

/** Whole seconds until the next retry, counted from when the status arrived; 0 once it is due. */
export function secondsToRetry(nextRetryInMs: number, receivedAt: number, now: number): number {
  return Math.max(0, Math.ceil((nextRetryInMs - (now - receivedAt)) / 1000));
}

/** The compact label of the header badge. */
export function tunnelLabel(status: TunnelStatus, receivedAt: number, now: number): TunnelLabel {
  switch (status.state) {
    case 'online':
      return { text: 'Online', tone: 'ok', spoken: 'Online' };
    case 'connecting':
      return { text: 'Tunnel connecting…', tone: 'warn', spoken: 'Tunnel connecting' };
    case 'reconnecting': {
      const wait = secondsToRetry(status.nextRetryInMs, receivedAt, now);
      const spoken = `Reconnecting (attempt ${status.attempt})`;
      return {
        text: `Reconnecting (attempt ${status.attempt}, ${wait > 0 ? `next in ${wait}s` : 'retrying now'})`,
        tone: 'warn',
        spoken,
      };
    }
    case 'failed':
      return { text: 'Tunnel failed', tone: 'error', spoken: 'Tunnel failed' };
    case 'stopped':
      return { text: 'Tunnel off', tone: 'neutral', spoken: 'Tunnel off' };
  }
}

/** The state in a sentence, for the tunnel panel. */
export function tunnelSentence(status: TunnelStatus): string {
  const own = status.settings.publicUrl !== null;
  switch (status.state) {
    case 'stopped':
      return 'Off: there is no public URL. Start the tunnel to receive webhooks from LiveChat.';
    case 'connecting':
      return own ? `Checking that ${status.settings.publicUrl} reaches this receiver…` : `Opening a tunnel through ${status.settings.host}…`;
    case 'online':
      return own
        ? 'Online: your own public URL reaches this receiver (checked every 30 s).'
        : `Online through ${status.settings.host} (checked every 30 s).`;
    case 'reconnecting':
      return `Down; reconnecting on its own (attempt ${status.attempt}).`;
    case 'failed':
      return `Failed and not retrying: ${status.reason}. Check the settings, then start it again.`;
  }
}
