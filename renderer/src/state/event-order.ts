import type { WebhookSummary } from '@shared/model/webhook';

/**
 * Pure helpers over the event list, which is kept newest first (descending seq) and unique by id. `known` is the
 * set of ids already in the list; merges add to it so dedupe stays O(1) per item even with 100,000 rows.
 */

const bySeqDesc = (a: WebhookSummary, b: WebhookSummary): number => b.seq - a.seq;

/** Returns the merged list, or undefined when nothing new was added (so callers can keep the old reference). */
export function mergeNewestFirst(
  current: readonly WebhookSummary[],
  incoming: readonly WebhookSummary[],
  known: Set<string>,
): WebhookSummary[] | undefined {
  const fresh: WebhookSummary[] = [];
  for (const item of incoming) {
    if (known.has(item.id)) continue;
    known.add(item.id);
    fresh.push(item);
  }
  if (fresh.length === 0) return undefined;
  fresh.sort(bySeqDesc);
  // The common cases — live pushes on top, an older page at the bottom — are a single concat.
  if (current.length === 0 || fresh[fresh.length - 1]!.seq > current[0]!.seq) return fresh.concat(current);
  if (fresh[0]!.seq < current[current.length - 1]!.seq) return current.concat(fresh);
  const merged: WebhookSummary[] = new Array<WebhookSummary>(current.length + fresh.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < current.length && j < fresh.length) {
    merged[k++] = current[i]!.seq >= fresh[j]!.seq ? current[i++]! : fresh[j++]!;
  }
  while (i < current.length) merged[k++] = current[i++]!;
  while (j < fresh.length) merged[k++] = fresh[j++]!;
  return merged;
}

/** How many items have a seq greater than `seq` (binary search on the descending list). */
export function countNewerThan(items: readonly WebhookSummary[], seq: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid]!.seq > seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function maxSeq(items: readonly WebhookSummary[], floor: number): number {
  let max = floor;
  for (const item of items) if (item.seq > max) max = item.seq;
  return max;
}

/** Adds the actions of `items` to a sorted list; returns the same reference when nothing new appeared. */
export function withActions(known: readonly string[], items: readonly WebhookSummary[]): readonly string[] {
  let added: Set<string> | undefined;
  const have = new Set(known);
  for (const item of items) {
    const action = item.action ?? '';
    if (have.has(action)) continue;
    have.add(action);
    (added ??= new Set()).add(action);
  }
  if (!added) return known;
  return [...known, ...added].sort();
}
