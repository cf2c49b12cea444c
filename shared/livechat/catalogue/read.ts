/**
 * Safe readers for untrusted parsed JSON, used by the summaries: own properties only (a body may carry `__proto__` or
 * `constructor` keys), wrong types read as absent, long strings cut before any work is done on them.
 */

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function field(o: unknown, key: string): unknown {
  return isObj(o) && Object.hasOwn(o, key) ? o[key] : undefined;
}

export function objAt(o: unknown, key: string): Obj | undefined {
  const v = field(o, key);
  return isObj(v) ? v : undefined;
}

export function arrAt(o: unknown, key: string): readonly unknown[] | undefined {
  const v = field(o, key);
  return Array.isArray(v) ? v : undefined;
}

/** A non-empty string, or a number as text (group ids are integers); cut to `max` characters. */
export function strAt(o: unknown, key: string, max = 120): string | undefined {
  return asText(field(o, key), max);
}

export function asText(v: unknown, max = 120): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string' || v.length === 0) return undefined;
  return v.length > max ? `${v.slice(0, max)}…` : v;
}

/** Message text for a sentence: whitespace collapsed, cut to `max`, quoted. */
export function quote(text: string | undefined, max = 80): string | undefined {
  if (text === undefined) return undefined;
  // Cut first: the text may be megabytes and only the start is shown.
  const head = text.slice(0, max * 2).replace(/\s+/g, ' ').trim();
  if (head.length === 0) return undefined;
  return `"${head.length > max || text.length > max * 2 ? `${head.slice(0, max).trimEnd()}…` : head}"`;
}

/** "a", "a and b", "a, b and c"; with a `total` beyond the items: "a, b, c and 4 more". */
export function listText(items: readonly string[], total = items.length): string | undefined {
  if (items.length === 0) return undefined;
  if (total > items.length) return `${items.join(', ')} and ${total - items.length} more`;
  if (items.length === 1) return items[0];
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The first `limit` texts of an array (ids, names) as a list; undefined when there are none. */
export function listOf(v: unknown, limit = 3): string | undefined {
  if (!Array.isArray(v)) return undefined;
  const items: string[] = [];
  for (let i = 0; i < v.length && items.length < limit; i++) {
    const t = asText(v[i], 60);
    if (t !== undefined) items.push(t);
  }
  return listText(items, items.length < limit ? items.length : v.length);
}

/** The first keys of an object, without listing all of them (a hostile body may have millions). */
export function firstKeys(o: Obj, limit: number): string[] {
  const keys: string[] = [];
  for (const key in o) {
    if (keys.length >= limit) break;
    if (Object.hasOwn(o, key)) keys.push(key);
  }
  return keys;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX32 = /^[0-9a-f]{32}$/i;

/**
 * Who an id belongs to, by LiveChat's id formats (reference §3): agents are emails, customers UUIDs, bots 32-hex.
 * "customer b7eff798-…", "agent smith@example.com".
 */
export function whoIs(id: string): string {
  if (id.includes('@')) return `agent ${id}`;
  if (UUID.test(id)) return `customer ${id}`;
  if (HEX32.test(id)) return `bot ${id}`;
  return `user ${id}`;
}

export function capitalize(s: string): string {
  return s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1);
}

/** The names in `{namespace: {name: value}}` or `{namespace: [name]}`, at most `limit`. */
export function propertyNames(properties: unknown, limit = 3): string[] {
  const names: string[] = [];
  if (!isObj(properties)) return names;
  for (const ns of firstKeys(properties, limit)) {
    const inner = properties[ns];
    if (Array.isArray(inner)) {
      for (let i = 0; i < inner.length && names.length < limit; i++) {
        const t = asText(inner[i], 60);
        if (t !== undefined) names.push(t);
      }
    } else if (isObj(inner)) {
      for (const name of firstKeys(inner, limit - names.length)) names.push(asText(name, 60) ?? name);
    }
    if (names.length >= limit) break;
  }
  return names;
}
