const pad2 = (n: number): string => String(n).padStart(2, '0');
const pad3 = (n: number): string => String(n).padStart(3, '0');

/** HH:MM:SS.mmm in local time; the date is rarely useful in a live list and costs width. */
export function formatClock(date: Date): string {
  if (Number.isNaN(date.getTime())) return '--:--:--.---';
  return `${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())}.${pad3(date.getMilliseconds())}`;
}

export function formatTime(iso: string): string {
  return formatClock(new Date(iso));
}

/** YYYY-MM-DD HH:MM:SS.mmm in local time. */
export function formatDateTime(value: string | number): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return `${date.getFullYear()}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())} ${formatClock(date)}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Durations; undefined means not measured (history read back from disk carries no timings of this run). */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return 'not recorded';
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
