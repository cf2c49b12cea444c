import type { DeliveryAttempt, DeliveryRecord } from '@shared/api/domains/delivery';
import { LIVECHAT_TIMEOUT_MS } from '@shared/api/domains/delivery';

const WIDTH = 520;
const ROW = 16;

function colour(a: DeliveryAttempt): string {
  if (a.ok) return 'var(--ok, #2e9d5b)';
  if (a.timedOut) return 'var(--warn, #c98a10)';
  return 'var(--error, #c0392b)';
}

function label(a: DeliveryAttempt): string {
  const what = a.timedOut ? 'timed out' : a.status !== undefined ? `HTTP ${a.status}` : (a.error ?? 'failed');
  return `Attempt ${a.attempt}: ${what} after ${Math.round(a.latencyMs)} ms`;
}

/**
 * One delivery drawn on a time axis: each attempt is a bar from when it started, as long as it took, coloured by
 * outcome, with its 10 s budget marked; the gaps between bars are the retry waits.
 */
export function AttemptTimeline({ delivery }: { delivery: DeliveryRecord }) {
  const attempts = delivery.attempts;
  const t0 = Date.parse(delivery.attempts[0]?.startedAt ?? delivery.startedAt);
  const budget = delivery.policy.timeoutMs || LIVECHAT_TIMEOUT_MS;
  const end = Math.max(
    budget,
    ...attempts.map((a) => Date.parse(a.startedAt) - t0 + Math.max(a.latencyMs, a.ok ? 0 : budget)),
  );
  const x = (ms: number): number => Math.max(0, Math.min(WIDTH, (ms / end) * WIDTH));
  const height = ROW + 14;
  return (
    <svg
      className="attempt-timeline"
      role="img"
      aria-label={`${delivery.verdict}: ${attempts.map(label).join('; ') || 'no attempt yet'}`}
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      height={height}
      preserveAspectRatio="none"
    >
      <line x1={0} x2={WIDTH} y1={ROW / 2} y2={ROW / 2} className="timeline-axis" />
      {attempts.map((a) => {
        const start = Date.parse(a.startedAt) - t0;
        return (
          <g key={a.attempt} data-attempt={a.attempt} data-outcome={a.ok ? 'ok' : a.timedOut ? 'timeout' : 'failed'}>
            <title>{label(a)}</title>
            <rect x={x(start)} y={2} width={Math.max(3, x(start + a.latencyMs) - x(start))} height={ROW - 4} rx={2} fill={colour(a)} />
            <line x1={x(start + budget)} x2={x(start + budget)} y1={0} y2={ROW} className="timeline-budget" />
            <text x={x(start) + 2} y={ROW + 11} className="timeline-label">
              {a.status ?? (a.timedOut ? 'timeout' : 'error')}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
