import { LATENCY_BINS_MS, LIVECHAT_TIMEOUT_MS, type TargetLatency } from '@shared/api/domains/delivery';
import { formatMs } from '../../lib/format';

const WIDTH = 300;
const HEIGHT = 64;
const LABELS = [...LATENCY_BINS_MS.map((b) => `<${b >= 1000 ? `${b / 1000}s` : `${b}ms`}`), `≥${LATENCY_BINS_MS.at(-1)! / 1000}s`, 'timeout', 'error'];

/** One target's attempt latencies as bars, with LiveChat's 10 s budget as a red line between the bins. */
export function LatencyHistogram({ stats }: { stats: TargetLatency }) {
  const counts = [...stats.bins, stats.timeouts, stats.errors];
  const max = Math.max(1, ...counts);
  const barW = WIDTH / counts.length;
  // The budget line sits after the bin whose upper edge is 10 s.
  const budgetAt = (LATENCY_BINS_MS.indexOf(LIVECHAT_TIMEOUT_MS as (typeof LATENCY_BINS_MS)[number]) + 1) * barW;
  return (
    <figure className="latency-histogram">
      <figcaption>
        <span className="latency-url">{stats.url}</span>{' '}
        <span className="muted">
          {stats.attempts} attempts · {stats.ok} ok · p50 {formatMs(stats.p50Ms)} · p95 {formatMs(stats.p95Ms)}
        </span>
      </figcaption>
      <svg
        role="img"
        aria-label={`Latency of ${stats.url}: ${counts.map((c, i) => `${LABELS[i]} ${c}`).join(', ')}`}
        viewBox={`0 0 ${WIDTH} ${HEIGHT + 12}`}
        width="100%"
        height={HEIGHT + 12}
      >
        {counts.map((c, i) => {
          const h = (c / max) * HEIGHT;
          return (
            <rect key={LABELS[i]} x={i * barW + 1} y={HEIGHT - h} width={barW - 2} height={h} className={i >= LATENCY_BINS_MS.length ? 'histogram-bar-bad' : 'histogram-bar'}>
              <title>{`${LABELS[i]}: ${c}`}</title>
            </rect>
          );
        })}
        <line x1={budgetAt} x2={budgetAt} y1={0} y2={HEIGHT} className="histogram-budget" data-testid="ten-second-line" />
        <text x={budgetAt + 2} y={HEIGHT + 10} className="timeline-label">
          10 s
        </text>
      </svg>
    </figure>
  );
}
