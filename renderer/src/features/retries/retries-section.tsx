import { useAppStore } from '../../state/store-context';
import { RetryTimeline } from './retry-timeline';

/** The opened webhook's retry group, when it was delivered more than once. */
export function RetriesSection({ id }: { id: string }) {
  const retries = useAppStore((s) => s.retries);
  if (retries.status !== 'loaded' || retries.id !== id || retries.attempts.length < 2) return null;
  return <RetryTimeline attempts={retries.attempts} currentId={id} />;
}
