import { useId, useState, type FormEvent } from 'react';
import type { TunnelSettings } from '@shared/api/contract';
import { DEFAULT_TUNNEL_HOST } from '@shared/api/domains/tunnel';
import type { TunnelSettingsChange } from '../../state/app-state';
import { useAppStore } from '../../state/store-context';

/** What the form holds while the user edits: text as typed, and the own URL kept while its box is unticked. */
interface Draft {
  host: string;
  subdomain: string;
  startOnLaunch: boolean;
  ownUrl: boolean;
  publicUrl: string;
}

function draftOf(settings: TunnelSettings): Draft {
  return {
    host: settings.host,
    subdomain: settings.subdomain ?? '',
    startOnLaunch: settings.startOnLaunch,
    ownUrl: settings.publicUrl !== null,
    publicUrl: settings.publicUrl ?? '',
  };
}

/**
 * Only what differs from the engine's settings: unchanged fields are not sent, so this run's command-line overrides
 * (`--tunnel-host`…) are not saved as the user's choice by a save that never touched them.
 */
function changeFrom(draft: Draft, settings: TunnelSettings): TunnelSettingsChange {
  const change: TunnelSettingsChange = {};
  const host = draft.host.trim() === '' ? DEFAULT_TUNNEL_HOST : draft.host.trim();
  if (host !== settings.host) change.host = host;
  const subdomain = draft.subdomain.trim() === '' ? null : draft.subdomain.trim();
  if (subdomain !== settings.subdomain) change.subdomain = subdomain;
  if (draft.startOnLaunch !== settings.startOnLaunch) change.startOnLaunch = draft.startOnLaunch;
  // Ticked with an empty field is sent as is: the engine says why that cannot work.
  const publicUrl = draft.ownUrl ? draft.publicUrl.trim() : null;
  if (publicUrl !== settings.publicUrl) change.publicUrl = publicUrl;
  return change;
}

/**
 * Tunnel options. The engine validates them (the same rules as the CLI flags); what it refuses is shown beside the
 * Save button with the fields it named marked invalid.
 */
export function TunnelSettingsForm() {
  const settings = useAppStore((s) => s.tunnel?.settings);
  const busy = useAppStore((s) => s.tunnelBusy);
  const error = useAppStore((s) => s.tunnelSettingsError);
  const configureTunnel = useAppStore((s) => s.configureTunnel);
  const clearError = useAppStore((s) => s.clearTunnelSettingsError);
  // Undefined until the user edits: until then the form follows the engine's settings as they are pushed.
  const [draft, setDraft] = useState<Draft | undefined>(undefined);
  const id = useId();
  const errorId = `${id}-error`;

  if (settings === undefined) {
    return (
      <form className="tunnel-settings" aria-label="Tunnel settings">
        <p className="muted">Loading settings…</p>
      </form>
    );
  }
  const shown = draft ?? draftOf(settings);
  const change = changeFrom(shown, settings);
  const dirty = Object.keys(change).length > 0;
  const edit = (patch: Partial<Draft>): void => setDraft({ ...shown, ...patch });
  const invalid = (field: keyof TunnelSettings) =>
    error?.fields.includes(field) ? { 'aria-invalid': true, 'aria-describedby': errorId } : {};

  function discard(): void {
    setDraft(undefined);
    clearError();
  }

  async function save(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    if (!dirty) return;
    if (await configureTunnel(change)) setDraft(undefined);
  }

  return (
    <form className="tunnel-settings" aria-label="Tunnel settings" onSubmit={(e) => void save(e)} noValidate>
      <label className="form-row">
        <span className="form-label">Tunnel server host</span>
        <input
          type="url"
          className="text-input"
          spellCheck={false}
          placeholder={DEFAULT_TUNNEL_HOST}
          disabled={shown.ownUrl}
          value={shown.host}
          onChange={(e) => edit({ host: e.target.value })}
          {...invalid('host')}
        />
      </label>
      <label className="form-row">
        <span className="form-label">Requested subdomain</span>
        <input
          type="text"
          className="text-input"
          spellCheck={false}
          autoCapitalize="off"
          placeholder="empty = let the server choose"
          disabled={shown.ownUrl}
          value={shown.subdomain}
          onChange={(e) => edit({ subdomain: e.target.value })}
          {...invalid('subdomain')}
        />
      </label>
      <label className="form-check">
        <input type="checkbox" checked={shown.startOnLaunch} onChange={(e) => edit({ startOnLaunch: e.target.checked })} />
        Start tunnel on launch
      </label>
      <label className="form-check">
        <input type="checkbox" checked={shown.ownUrl} onChange={(e) => edit({ ownUrl: e.target.checked })} />
        Use my own public URL (ngrok, cloudflared…)
      </label>
      <input
        type="url"
        className="text-input form-indented"
        aria-label="Own public URL"
        spellCheck={false}
        placeholder="https://example.ngrok.app"
        disabled={!shown.ownUrl}
        value={shown.publicUrl}
        onChange={(e) => edit({ publicUrl: e.target.value })}
        {...invalid('publicUrl')}
      />
      <div className="form-actions">
        <button type="submit" className="button button-small" disabled={busy || !dirty}>
          Save
        </button>
        {dirty && (
          <button type="button" className="button-link" onClick={discard}>
            Discard changes
          </button>
        )}
        {error !== undefined && (
          <p id={errorId} className="form-error" role="alert">
            {error.message}
          </p>
        )}
      </div>
    </form>
  );
}
