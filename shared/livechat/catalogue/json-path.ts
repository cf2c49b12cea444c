/**
 * The JSON paths used in findings and in the catalogue's id locations: `payload.chat.thread.id`, `payload[0].status`,
 * `payload.properties["0805e283…"]` for keys that are not plain identifiers.
 */

const PLAIN_KEY = /^[A-Za-z_$][\w$]*$/;

/** How `key` is written after a parent path: `.key`, or `["odd key"]`. Precomputed by the checker per field. */
export function keySegment(key: string): string {
  return PLAIN_KEY.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** `parent` + a segment from keySegment; at the root a plain key has no leading dot. */
export function joinSegment(parent: string, segment: string): string {
  if (parent !== '') return parent + segment;
  return segment.startsWith('.') ? segment.slice(1) : segment;
}

export function childPath(parent: string, key: string): string {
  return joinSegment(parent, keySegment(key));
}

export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

type Step = string | number;

// A quoted key is a JSON string literal (so JSON.parse below cannot fail on it).
const STEP = /\.?([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\\p{Cc}]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*")\]/uy;

/** Parses a path of the form above; undefined when it is not one. */
function parsePath(path: string): Step[] | undefined {
  const steps: Step[] = [];
  STEP.lastIndex = 0;
  while (STEP.lastIndex < path.length) {
    const at = STEP.lastIndex;
    const m = STEP.exec(path);
    if (m === null || (at === 0 && m[0].startsWith('.'))) return undefined;
    if (m[1] !== undefined) steps.push(m[1]);
    else if (m[2] !== undefined) steps.push(Number(m[2]));
    else steps.push(JSON.parse(m[3]!) as string);
  }
  return steps;
}

/** The value at `path` in a parsed JSON body, reading own properties only (never the prototype chain). */
export function valueAtPath(body: unknown, path: string): unknown {
  const steps = parsePath(path);
  if (steps === undefined) return undefined;
  let cur: unknown = body;
  for (const step of steps) {
    if (typeof step === 'number') {
      if (!Array.isArray(cur) || step >= cur.length) return undefined;
      cur = cur[step];
    } else {
      if (typeof cur !== 'object' || cur === null || Array.isArray(cur) || !Object.hasOwn(cur, step)) return undefined;
      cur = (cur as Record<string, unknown>)[step];
    }
  }
  return cur;
}
