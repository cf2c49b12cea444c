import type { KeyboardEvent } from 'react';
import type { WebhookSummary } from '@shared/model/webhook';
import { formatTime } from '../../lib/format';
import { useAppStore } from '../../state/store-context';

const WIDTH = 400;
const PAD = 24;
const LINE_Y = 22;

/** "+0 ms", "+350 ms", "+12.4 s", "+1 min 05 s" after the first delivery. */
export function formatOffset(ms: number): string {
  if (ms < 1000) return `+${Math.round(ms)} ms`;
  if (ms < 60_000) return `+${ms < 10_000 ? (ms / 1000).toFixed(1) : Math.round(ms / 1000)} s`;
  const s = Math.round(ms / 1000);
  return `+${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

function tone(status: number): 'ok' | 'warn' | 'error' {
  if (status >= 500 || status === 0) return 'error';
  if (status >= 400) return 'warn';
  return 'ok';
}

/**
 * Every delivery of one webhook on a time axis: when each attempt arrived after the first and what LiveHook answered
 * it. LiveChat retries what did not get a 2xx in time, so the answers explain the spacing.
 */
export function RetryTimeline({ attempts, currentId }: { attempts: readonly WebhookSummary[]; currentId: string }) {
  const select = useAppStore((s) => s.select);
  const first = Date.parse(attempts[0]!.receivedAt);
  const offsets = attempts.map((a) => Math.max(0, Date.parse(a.receivedAt) - first));
  const span = Math.max(...offsets);
  const x = (i: number): number =>
    span === 0 ? PAD + (i * (WIDTH - 2 * PAD)) / Math.max(1, attempts.length - 1) : PAD + (offsets[i]! / span) * (WIDTH - 2 * PAD);

  function onKey(e: KeyboardEvent<SVGGElement>, id: string): void {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    void select(id);
  }

  return (
    <section className="retry-timeline" aria-label="Retry timeline">
      <h3 className="section-title">
        Delivered {attempts.length} times {span === 0 ? 'at once' : `over ${formatOffset(span).slice(1)}`}
      </h3>
      <svg className="retry-svg" viewBox={`0 0 ${WIDTH} 50`} preserveAspectRatio="xMidYMid meet">
        <line className="retry-axis" x1={x(0)} x2={x(attempts.length - 1)} y1={LINE_Y} y2={LINE_Y} />
        {attempts.map((a, i) => {
          const label = `Attempt ${i + 1}, ${formatOffset(offsets[i]!)}, answered ${a.answer.status}`;
          return (
            <g
              key={a.id}
              role="button"
              tabIndex={0}
              aria-label={label}
              aria-current={a.id === currentId ? 'true' : undefined}
              className={`retry-point retry-${tone(a.answer.status)}${a.id === currentId ? ' retry-current' : ''}`}
              onClick={() => void select(a.id)}
              onKeyDown={(e) => onKey(e, a.id)}
            >
              <title>{`${label} (${formatTime(a.receivedAt)})`}</title>
              <circle cx={x(i)} cy={LINE_Y} r={7} />
              <text className="retry-status" x={x(i)} y={LINE_Y - 11} textAnchor="middle">
                {a.answer.status}
              </text>
              <text className="retry-offset" x={x(i)} y={LINE_Y + 20} textAnchor="middle">
                {formatOffset(offsets[i]!)}
              </text>
            </g>
          );
        })}
      </svg>
    </section>
  );
}
