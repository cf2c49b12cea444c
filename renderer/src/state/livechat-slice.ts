import type { LiveChatStatus, WebhooksView } from '@shared/api/domains/livechat';
import type { SandboxDelivery } from '@shared/api/domains/sandbox';
import type { ApiError } from '@shared/api/errors';
import { plural } from '../lib/format';
import type { LiveChatSlice, WebhookOutcome } from './app-state';
import type { SliceKit } from './slice-kit';

/** How many `sandbox.delivery` pushes the Trigger box keeps. */
export const SANDBOX_DELIVERY_LIMIT = 50;

export interface LiveChatSliceHandle {
  state: LiveChatSlice;
  /** Applies the newest `livechat.status` push of a frame. */
  applyStatus(status: LiveChatStatus): void;
  /** Applies the newest `webhooks.changed` push of a frame. */
  applyView(view: WebhooksView): void;
  /** Applies a frame's `sandbox.delivery` pushes, oldest first. */
  applyDeliveries(deliveries: readonly SandboxDelivery[]): void;
}

export interface LiveChatSliceDeps {
  /** Forgets buffered `livechat.status` pushes: an answer is newer than any push that arrived before it. */
  dropBufferedStatus(): void;
  /** Forgets buffered `webhooks.changed` pushes, for the same reason. */
  dropBufferedView(): void;
}

function plainError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

function failureLines(failed: ReadonlyArray<{ action?: string; id?: string; error: ApiError }>): string[] {
  return failed.map((f) => `${f.action ?? f.id ?? '?'}: ${f.error.message}`);
}

export function createLiveChatSlice({ client, set, get }: SliceKit, deps: LiveChatSliceDeps): LiveChatSliceHandle {
  let inFlight = 0;

  /** Reads what a signed-in panel shows; each read reports its own failure. */
  function loadSignedIn(status: LiveChatStatus): void {
    void get().refreshWebhooks();
    void get().refreshLicenseState();
    if (get().webhookNames === undefined) {
      void client.call('webhooks.names', {}).then(
        (names) => set({ webhookNames: names }),
        (err: unknown) => get().reportError('Reading LiveChat webhook actions', err),
      );
    }
    if (status.mode === 'sandbox' && get().sandboxActions === undefined) {
      void client.call('sandbox.actions', {}).then(
        (actions) => set({ sandboxActions: actions }),
        (err: unknown) => get().reportError('Reading sandbox actions', err),
      );
    }
  }

  function applyStatus(status: LiveChatStatus): void {
    const before = get().livechat;
    const wasSignedIn = before?.state === 'signedIn';
    const modeChanged = before !== undefined && before.mode !== status.mode;
    set({ livechat: status });
    if (status.state === 'signedIn') {
      if (modeChanged) set({ webhookNames: undefined, sandboxActions: undefined });
      if (!wasSignedIn || modeChanged) loadSignedIn(status);
      return;
    }
    if (wasSignedIn) {
      // Signed out: what was shown belonged to that session.
      set({ webhooksView: undefined, licenseState: undefined, sandboxActions: undefined, webhookOutcome: undefined });
    }
  }

  function applyStatusAnswer(status: LiveChatStatus): void {
    deps.dropBufferedStatus();
    applyStatus(status);
  }

  function applyViewAnswer(view: WebhooksView): void {
    deps.dropBufferedView();
    set({ webhooksView: view });
  }

  /** One sign-in-side call with the busy flag up; its failure is shown in the panel, in plain words. */
  async function command<T>(run: () => Promise<T>, onDone: (value: T) => void): Promise<boolean> {
    inFlight += 1;
    set({ livechatBusy: true, livechatError: undefined });
    try {
      onDone(await run());
      return true;
    } catch (err) {
      set({ livechatError: plainError(err) });
      return false;
    } finally {
      inFlight -= 1;
      if (inFlight === 0) set({ livechatBusy: false });
    }
  }

  function outcome(summary: string, failures: string[]): WebhookOutcome {
    return { summary, failures };
  }

  const state: LiveChatSlice = {
    livechat: undefined,
    webhooksView: undefined,
    webhookNames: undefined,
    licenseState: undefined,
    diagnostics: undefined,
    diagnosticsRunning: false,
    sandboxActions: undefined,
    sandboxDeliveries: [],
    livechatPanelOpen: false,
    livechatBusy: false,
    livechatError: undefined,
    webhookOutcome: undefined,
    async refreshLiveChat() {
      try {
        const status = await client.call('livechat.status', {});
        applyStatusAnswer(status);
        // A reconnect may have missed `webhooks.changed` pushes: read the registrations as they are now.
        if (status.state === 'signedIn' && get().webhooksView !== undefined) void get().refreshWebhooks();
        return status;
      } catch (err) {
        get().reportError('Reading LiveChat status', err);
        return undefined;
      }
    },
    signInLiveChat(params) {
      return command(() => client.call('livechat.signIn', params), applyStatusAnswer);
    },
    cancelLiveChatSignIn() {
      return command(() => client.call('livechat.cancelSignIn', {}), applyStatusAnswer);
    },
    signOutLiveChat() {
      return command(() => client.call('livechat.signOut', {}), applyStatusAnswer);
    },
    async refreshWebhooks() {
      try {
        const view = await client.call('webhooks.list', {});
        applyViewAnswer(view);
        return view;
      } catch (err) {
        get().reportError('Listing LiveChat webhooks', err);
        return undefined;
      }
    },
    async registerWebhooks(params) {
      let result;
      await command(
        () => client.call('webhooks.register', params),
        (r) => {
          result = r;
          applyViewAnswer(r.view);
          const summary = `Registered ${plural(r.registered.length, 'webhook', 'webhooks')}.`;
          set({ webhookOutcome: outcome(summary, failureLines(r.failed)) });
          if (r.licenseWebhooksEnabled !== null && r.view.ownerClientId !== null) {
            set({ licenseState: { ownerClientId: r.view.ownerClientId, enabled: r.licenseWebhooksEnabled } });
          }
        },
      );
      return result;
    },
    unregisterWebhooks(ids) {
      return command(
        () => client.call('webhooks.unregister', { ids: [...ids] }),
        (r) => {
          applyViewAnswer(r.view);
          set({ webhookOutcome: outcome(`Unregistered ${plural(r.unregistered.length, 'webhook', 'webhooks')}.`, failureLines(r.failed)) });
        },
      );
    },
    restoreWebhooks() {
      return command(
        () => client.call('webhooks.restore', {}),
        (r) => {
          applyViewAnswer(r.view);
          set({ webhookOutcome: outcome(`Restored ${plural(r.restored.length, 'webhook', 'webhooks')}.`, failureLines(r.failed)) });
        },
      );
    },
    cleanupWebhooks() {
      return command(
        () => client.call('webhooks.cleanup', {}),
        (r) => {
          applyViewAnswer(r.view);
          set({ webhookOutcome: outcome(`Removed ${plural(r.removed.length, 'stale webhook', 'stale webhooks')}.`, failureLines(r.failed)) });
        },
      );
    },
    async refreshLicenseState() {
      try {
        const license = await client.call('webhooks.licenseState', {});
        set({ licenseState: license });
        return license;
      } catch (err) {
        get().reportError('Reading the license webhooks state', err);
        return undefined;
      }
    },
    setLicenseWebhooks(enabled) {
      return command(
        () => client.call(enabled ? 'webhooks.enableLicense' : 'webhooks.disableLicense', {}),
        (license) => set({ licenseState: license }),
      );
    },
    async runDiagnostics() {
      set({ diagnosticsRunning: true });
      try {
        const report = await client.call('livechat.diagnostics', {});
        set({ diagnostics: report });
        return report;
      } catch (err) {
        get().reportError('Running the webhook diagnostics', err);
        return undefined;
      } finally {
        set({ diagnosticsRunning: false });
      }
    },
    async triggerSandbox(action) {
      try {
        await client.call('sandbox.trigger', { action });
        return true;
      } catch (err) {
        get().reportError(`Triggering ${action} in the sandbox`, err);
        return false;
      }
    },
    toggleLiveChatPanel(open) {
      set((s) => ({ livechatPanelOpen: open ?? !s.livechatPanelOpen }));
    },
  };

  return {
    state,
    applyStatus,
    applyView(view) {
      set({ webhooksView: view.signedIn ? view : undefined });
    },
    applyDeliveries(deliveries) {
      set((s) => ({ sandboxDeliveries: [...deliveries].reverse().concat(s.sandboxDeliveries).slice(0, SANDBOX_DELIVERY_LIMIT) }));
    },
  };
}
