import { useState } from 'react';
import { useAppStore } from '../../state/store-context';

/**
 * The Client ID both sign-ins ask for (OAuth signs in with it, PAT registers webhooks under it): the saved one is shown
 * until the user types another, so a returning user only clicks "Sign in".
 */
export function useClientId(): [shown: string, set: (value: string) => void] {
  const savedClientId = useAppStore((s) => s.livechat?.settings.clientId ?? '');
  const [clientId, setClientId] = useState<string | undefined>(undefined);
  return [clientId ?? savedClientId, setClientId];
}

export function ClientIdField({ value, onChange }: { value: string; onChange(value: string): void }) {
  return (
    <label className="form-row">
      <span className="form-label">Client ID</span>
      <input type="text" className="text-input" spellCheck={false} autoCapitalize="off" value={value} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}
