import { useMemo, useState, type KeyboardEvent } from 'react';
import type { EventsHistogram } from '@shared/api/domains/events';
import { formatClock } from '../../lib/format';
import { useAppStore } from '../../state/store-context';

const WIDTH = 600;
const HEIGHT = 40;
/** Bars are never wider than 1/MIN_SLOTS of the chart: a short history is a few bars at the right, not one slab. */
const MIN_SLOTS = 60;
/** Actions drawn in their own colour (most frequent first); the rest share one. */
const SERIES = 6;

type Bucket = EventsHistogram['buckets'][number];

function actionName(action: string): string {
  return action === '' ? '(no action)' : action;
}

function bucketText(bucket: Bucket, bucketMs: number): string {
  const from = formatClock(new Date(bucket.start)).slice(0, 5);
  const to = formatClock(new Date(bucket.start + bucketMs)).slice(0, 5);
  const parts = Object.entries(bucket.counts)
    .sort((a, b) => b[1] - a[1])
    .map(([action, n]) => `${actionName(action)} ${n.toLocaleString('en-US')}`);
  return `${from}–${to}: ${bucket.total.toLocaleString('en-US')} webhook${bucket.total === 1 ? '' : 's'}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

/** Series order: the actions with most webhooks over the whole chart get the distinct colours. */
function seriesOf(histogram: EventsHistogram): string[] {
  const totals = new Map<string, number>();
  for (const b of histogram.buckets) for (const [a, n] of Object.entries(b.counts)) totals.set(a, (totals.get(a) ?? 0) + n);
  return [...totals].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).map(([a]) => a);
}

/**
 * Webhooks per time bucket for the current query, stacked by action: a burst, a gap or a retry storm shows at a
 * glance. Bars are SVG rects (no canvas: text stays selectable and CSP needs no exception); hovering a bar, or
 * stepping through the bars with the arrow keys once the chart has focus, tells its counts in the caption (a live
 * region, so a screen reader reads them out).
 */
export function ActivityChart() {
  const histogram = useAppStore((s) => s.histogram);
  const [hover, setHover] = useState<number | undefined>(undefined);
  const series = useMemo(() => (histogram ? seriesOf(histogram) : []), [histogram]);
  if (!histogram || histogram.buckets.length === 0) return null;

  const { buckets, bucketMs } = histogram;
  const max = Math.max(1, ...buckets.map((b) => b.total));
  const slots = Math.max(buckets.length, MIN_SLOTS);
  const barW = WIDTH / slots;
  // Newest at the right edge, like a timeline that is still growing.
  const x0 = (slots - buckets.length) * barW;
  const colour = (action: string): string => {
    const at = series.indexOf(action);
    return at >= 0 && at < SERIES ? `series-${at}` : 'series-other';
  };
  const total = buckets.reduce((n, b) => n + b.total, 0);
  const minutes = Math.round((buckets.length * bucketMs) / 60_000);
  // The histogram refreshes live: an index past its end (fewer buckets now) shows nothing rather than a wrong bar.
  const shown = hover !== undefined ? buckets[hover] : undefined;

  function onKeyDown(e: KeyboardEvent<SVGSVGElement>): void {
    const last = buckets.length - 1;
    const at = hover !== undefined && hover <= last ? hover : undefined;
    let next: number;
    switch (e.key) {
      case 'ArrowLeft':
        next = at === undefined ? last : Math.max(0, at - 1);
        break;
      case 'ArrowRight':
        next = at === undefined ? last : Math.min(last, at + 1);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = last;
        break;
      case 'Escape':
        // Only when a bar is picked: otherwise Esc keeps its app-wide meaning (back).
        if (at === undefined) return;
        e.preventDefault();
        setHover(undefined);
        return;
      default:
        return;
    }
    e.preventDefault();
    setHover(next);
  }

  return (
    <div className="activity-chart">
      <svg
        className="activity-svg"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Webhooks over time: ${total.toLocaleString('en-US')} in ${minutes} min, ${bucketMs / 60_000} min per bar; arrow keys step through the bars`}
        aria-keyshortcuts="ArrowLeft ArrowRight Home End"
        tabIndex={0}
        onKeyDown={onKeyDown}
        onBlur={() => setHover(undefined)}
        onMouseLeave={() => setHover(undefined)}
      >
        {buckets.map((b, i) => {
          let y = HEIGHT;
          const parts = series
            .filter((a) => (b.counts[a] ?? 0) > 0)
            .map((a) => {
              const h = ((b.counts[a] ?? 0) / max) * HEIGHT;
              y -= h;
              return <rect key={a} className={colour(a)} x={x0 + i * barW + 0.5} y={y} width={Math.max(0.5, barW - 1)} height={h} />;
            });
          return (
            <g key={b.start} className={hover === i ? 'bar-hover' : undefined} onMouseEnter={() => setHover(i)}>
              <title>{bucketText(b, bucketMs)}</title>
              {/* A full-height hit area, so thin bars are easy to point at. */}
              <rect className="bar-hit" x={x0 + i * barW} y={0} width={barW} height={HEIGHT} />
              {parts}
            </g>
          );
        })}
      </svg>
      <div className="activity-caption" aria-live="polite">
        {shown !== undefined ? (
          <span className="activity-tooltip">{bucketText(shown, bucketMs)}</span>
        ) : (
          <span className="activity-legend">
            {series.slice(0, SERIES).map((a) => (
              <span key={a} className="legend-item">
                <svg className="legend-swatch" viewBox="0 0 8 8" aria-hidden="true">
                  <rect className={colour(a)} width="8" height="8" />
                </svg>
                {actionName(a)}
              </span>
            ))}
            {series.length > SERIES && (
              <span className="legend-item">
                <svg className="legend-swatch" viewBox="0 0 8 8" aria-hidden="true">
                  <rect className="series-other" width="8" height="8" />
                </svg>
                other
              </span>
            )}
          </span>
        )}
      </div>
    </div>
  );
}
