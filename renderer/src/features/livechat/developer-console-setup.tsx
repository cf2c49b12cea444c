import { useAppStore } from '../../state/store-context';
import { CopyButton } from '../../ui/copy-button';

/** What to set in Developer Console for an OAuth sign-in, each value with a copy button. */
export function DeveloperConsoleSetup() {
  const setup = useAppStore((s) => s.livechat?.setup);
  const reportError = useAppStore((s) => s.reportError);
  if (setup === undefined) return null;
  const scopes = setup.scopes.join(' ');
  const copyError = (what: string) => (err: unknown) => reportError(`Copying the ${what}`, err);
  return (
    <div className="livechat-setup" role="group" aria-label="Developer Console setup">
      <p className="hint">
        In Developer Console, open your app’s Authorization block, whitelist this redirect URI and add these scopes; then
        paste the app’s Client ID below.
      </p>
      <div className="livechat-copy-row">
        <span className="form-label">Developer Console</span>
        <code aria-label="Developer Console URL">{setup.consoleUrl}</code>
        <CopyButton text={setup.consoleUrl} label="Copy Developer Console URL" onError={copyError('Developer Console URL')} />
      </div>
      <div className="livechat-copy-row">
        <span className="form-label">Redirect URI</span>
        <code aria-label="Redirect URI">{setup.redirectUri}</code>
        <CopyButton text={setup.redirectUri} label="Copy redirect URI" onError={copyError('redirect URI')} />
      </div>
      <div className="livechat-copy-row">
        <span className="form-label">Scopes</span>
        <code aria-label="Scopes">{scopes}</code>
        <CopyButton text={scopes} label="Copy scopes" onError={copyError('scopes')} />
      </div>
    </div>
  );
}
