import { useState } from 'react';
import { plural } from '../../lib/format';
import { useAppStore } from '../../state/store-context';
import { ConfirmDialog } from '../../ui/confirm-dialog';

export function ClearHistoryButton() {
  const count = useAppStore((s) => s.historyCount);
  const clearHistory = useAppStore((s) => s.clearHistory);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);

  async function confirm(): Promise<void> {
    setBusy(true);
    // A failure is reported in the error banner by the store; the dialog closes either way.
    await clearHistory();
    setBusy(false);
    setAsking(false);
  }

  return (
    <>
      <button type="button" className="button button-danger-quiet" onClick={() => setAsking(true)}>
        Clear history
      </button>
      {asking && (
        <ConfirmDialog
          title="Clear history?"
          message={`This deletes ${plural(count, 'captured webhook', 'captured webhooks')} from disk, except pinned (★) ones. It cannot be undone.`}
          confirmLabel="Delete all webhooks"
          busy={busy}
          onConfirm={() => void confirm()}
          onCancel={() => setAsking(false)}
        />
      )}
    </>
  );
}
