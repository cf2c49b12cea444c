import type { TunnelStatus, TunnelUrlChange } from '@shared/api/contract';
import { AppError } from '@shared/api/errors';
import type { TunnelSlice } from './app-state';
import type { SliceKit } from './slice-kit';

export interface TunnelSliceHandle {
  state: TunnelSlice;
  /** Applies the newest `tunnel.status` push of a frame. */
  applyStatus(status: TunnelStatus, receivedAt: number): void;
  /** Applies a `tunnel.urlChanged` push. */
  applyUrlChange(change: TunnelUrlChange, receivedAt: number): void;
}

export interface TunnelSliceDeps {
  /**
   * Forgets `tunnel.status` pushes still waiting for their frame. Answers and pushes come down one ordered link, so
   * a push that arrived before an answer is older than it and must not overwrite it on the next frame.
   */
  dropBufferedStatus(): void;
}

/** The settings fields a `bad_request` names (its detail is `[{ path, message }]`). */
function invalidFields(detail: unknown): string[] {
  if (!Array.isArray(detail)) return [];
  const fields: string[] = [];
  for (const issue of detail as unknown[]) {
    const path = typeof issue === 'object' && issue !== null ? (issue as { path?: unknown }).path : undefined;
    if (typeof path === 'string' && path !== '') fields.push(path.split('.')[0]!);
  }
  return fields;
}

export function createTunnelSlice({ client, set, get }: SliceKit, deps: TunnelSliceDeps): TunnelSliceHandle {
  let inFlight = 0;

  function applyStatus(status: TunnelStatus, receivedAt: number): void {
    set({ tunnel: status, tunnelReceivedAt: receivedAt });
  }

  function applyAnswer(status: TunnelStatus): void {
    deps.dropBufferedStatus();
    applyStatus(status, Date.now());
  }

  /** Runs one start/stop/configure call with the busy flag up; the engine answers with the new status. */
  async function command(run: () => Promise<TunnelStatus>, onError: (err: unknown) => void): Promise<boolean> {
    inFlight += 1;
    set({ tunnelBusy: true });
    try {
      applyAnswer(await run());
      return true;
    } catch (err) {
      onError(err);
      return false;
    } finally {
      inFlight -= 1;
      if (inFlight === 0) set({ tunnelBusy: false });
    }
  }

  const state: TunnelSlice = {
    tunnel: undefined,
    tunnelReceivedAt: 0,
    tunnelUrlChange: undefined,
    tunnelPanelOpen: false,
    tunnelBusy: false,
    tunnelSettingsError: undefined,
    async refreshTunnel() {
      try {
        const status = await client.call('tunnel.status', {});
        applyAnswer(status);
        return status;
      } catch (err) {
        get().reportError('Reading tunnel status', err);
        return undefined;
      }
    },
    startTunnel() {
      return command(
        () => client.call('tunnel.start', {}),
        (err) => get().reportError('Starting the tunnel', err),
      );
    },
    stopTunnel() {
      return command(
        () => client.call('tunnel.stop', {}),
        (err) => get().reportError('Stopping the tunnel', err),
      );
    },
    async configureTunnel(change) {
      const saved = await command(
        () => client.call('tunnel.configure', change),
        (err) => {
          // A refused value is the user's to fix: it is shown beside the form, where they are typing.
          if (err instanceof AppError && err.code === 'bad_request') {
            set({ tunnelSettingsError: { message: err.message, fields: invalidFields(err.detail) } });
            return;
          }
          set({ tunnelSettingsError: undefined });
          get().reportError('Saving tunnel settings', err);
        },
      );
      if (saved) set({ tunnelSettingsError: undefined });
      return saved;
    },
    clearTunnelSettingsError() {
      set({ tunnelSettingsError: undefined });
    },
    dismissTunnelUrlChange() {
      set({ tunnelUrlChange: undefined });
    },
    toggleTunnelPanel(open) {
      set((s) => {
        const next = open ?? !s.tunnelPanelOpen;
        // Closing the panel drops the form's unsaved edits, and with them what the engine said about them.
        return next ? { tunnelPanelOpen: true } : { tunnelPanelOpen: false, tunnelSettingsError: undefined };
      });
    },
  };

  return {
    state,
    applyStatus,
    applyUrlChange(change, receivedAt) {
      set((s) => {
        // A notice still on screen: LiveChat was pointed at the URL before the first change, not at the one in between.
        const shown = s.tunnelUrlChange;
        const previousUrl = shown !== undefined && shown.url === change.previousUrl ? shown.previousUrl : change.previousUrl;
        // Back where it started: webhooks registered to it reach LiveHook again.
        if (previousUrl === change.url) return { tunnelUrlChange: undefined };
        return { tunnelUrlChange: { previousUrl, url: change.url, at: new Date(receivedAt).toISOString() } };
      });
    },
  };
}
