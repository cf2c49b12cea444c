import { useEffect, useState } from 'react';

/**
 * The current time, re-read every `intervalMs` while mounted. Components that show a running time render it only
 * while it matters (the panel is open, the tunnel is reconnecting), so nothing ticks in the background.
 */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
