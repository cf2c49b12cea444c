import { useState } from 'react';
import { useAppStore } from '../../state/store-context';
import { DestinationPicker, destinationOf } from './destination-picker';

/** Replays the marked rows, or everything the filter matches, in order, with a progress bar and Cancel. */
export function BulkReplayBox() {
  const marked = useAppStore((s) => s.marked);
  const query = useAppStore((s) => s.filterQuery);
  const job = useAppStore((s) => s.bulkReplay);
  const start = useAppStore((s) => s.startBulkReplay);
  const cancel = useAppStore((s) => s.cancelBulkReplay);
  const firstTarget = useAppStore((s) => s.forwarding?.targets[0]?.id ?? '');
  const [choice, setChoice] = useState<string | undefined>(undefined);
  const [url, setUrl] = useState('http://localhost:3000/livechat/webhooks');
  const [concurrency, setConcurrency] = useState('1');
  const pick = choice ?? firstTarget;
  const to = destinationOf(pick, url);
  const running = job?.state === 'running';
  const scope = marked.length > 0 ? `the ${marked.length} marked webhooks` : query.trim() === '' ? 'every webhook in history' : `webhooks matching “${query}”`;

  function go(): void {
    if (!to) return;
    void start({ to, concurrency: Math.max(1, Number(concurrency) || 1), ...(marked.length > 0 ? { ids: [...marked] } : { query }) });
  }

  return (
    <section className="delivery-section" aria-label="Bulk replay">
      <h3>Bulk replay</h3>
      <p className="muted">Replays {scope}, oldest first.</p>
      <div className="delivery-inline">
        <DestinationPicker choice={pick} url={url} onChoice={setChoice} onUrl={setUrl} />
        <label>
          Concurrency <input aria-label="Concurrency" value={concurrency} onChange={(e) => setConcurrency(e.target.value)} size={3} />
        </label>
        <button type="button" className="button button-small" disabled={running || !to} onClick={go}>
          Replay {marked.length > 0 ? 'marked' : 'matching'}
        </button>
        {running && (
          <button type="button" className="button button-small" onClick={() => void cancel()}>
            Cancel
          </button>
        )}
      </div>
      {job && (
        <div className="delivery-inline">
          <progress aria-label="Bulk replay progress" max={Math.max(1, job.total)} value={job.done} />
          <span role="status">
            {job.done} / {job.total} · {job.delivered} delivered · {job.failed} failed
            {job.state === 'cancelled' ? ' · cancelled' : job.state === 'finished' ? ' · finished' : ''}
          </span>
        </div>
      )}
    </section>
  );
}
