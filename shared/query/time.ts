/**
 * `after:` / `before:` values: an ISO date or date-time, or a relative age (`30s`, `10m`, `2h`, `3d`, `1w`) meaning
 * "that long before now". A date-time without an offset is read as UTC: LiveHook stores and prints UTC timestamps,
 * and the engine, the CLI and the UI must agree on what a query means whatever the machine's time zone.
 */

const RELATIVE = /^(\d{1,9})(s|m|h|d|w)$/i;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** The epoch ms a time value stands for, or undefined when it is not one of the accepted forms. */
export function parseTimeValue(value: string, nowMs: number): number | undefined {
  const rel = RELATIVE.exec(value);
  if (rel !== null) return nowMs - Number(rel[1]) * UNIT_MS[rel[2]!.toLowerCase()]!;
  const m = ISO.exec(value);
  if (m === null) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = m;
  if (zone !== undefined && m[4] === undefined) return undefined; // an offset needs a time: `2026-11-01Z` is not ISO
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = frac === '' ? 0 : Math.floor(Number(`0${frac}`) * 1000);
  const utc = Date.UTC(Number(y), month - 1, day, hour, minute, second, ms);
  // Date.UTC rolls 2026-02-31 over into March; a date that does not exist is a typo, not a time.
  if (new Date(utc).getUTCDate() !== day) return undefined;
  if (zone === undefined || zone.toUpperCase() === 'Z') return utc;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return utc - sign * offsetMin * 60_000;
}
