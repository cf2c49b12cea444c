import { AppError } from '../api/errors';

/**
 * Paths and ignore patterns in the catalogue's notation (`payload.chat.thread.events[0].text`, `headers["x-id"]`;
 * see shared/livechat/catalogue/json-path.ts). A pattern may use `*` for any one key or index (`.*` or `[*]`) and
 * `**` for any number of steps, zero included: `**.created_at`, `payload.chat.thread.events[*].id`.
 */

export type PathStep = string | number;

const ANY = Symbol('any');
const DEEP = Symbol('deep');
type PatternStep = PathStep | typeof ANY | typeof DEEP;

// A quoted key is a JSON string literal, so JSON.parse on it cannot fail.
const STEP =
  /(\.)?(?:(\*\*)|(\*)|([A-Za-z_$][\w$]*))|\[(\d+)\]|\[(\*)\]|\[("(?:[^"\\\p{Cc}]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*")\]/uy;

function parse(text: string, allowWildcards: boolean): PatternStep[] | string {
  const steps: PatternStep[] = [];
  STEP.lastIndex = 0;
  while (STEP.lastIndex < text.length) {
    const at = STEP.lastIndex;
    const m = STEP.exec(text);
    if (m === null) return `unexpected "${text.slice(at, at + 12)}" at offset ${at}`;
    if (m[1] !== undefined && at === 0) return 'a path starts with a key, not "."';
    if (m[1] === undefined && at > 0 && (m[2] ?? m[3] ?? m[4]) !== undefined) {
      return `expected "." or "[" at offset ${at}`;
    }
    const wild = m[2] !== undefined || m[3] !== undefined || m[6] !== undefined;
    if (wild && !allowWildcards) return `unexpected "*" at offset ${at}`;
    if (m[2] !== undefined) steps.push(DEEP);
    else if (m[3] !== undefined || m[6] !== undefined) steps.push(ANY);
    else if (m[4] !== undefined) steps.push(m[4]);
    else if (m[5] !== undefined) steps.push(Number(m[5]));
    else steps.push(JSON.parse(m[7]!) as string);
  }
  return steps;
}

/** The steps of a concrete path; undefined when it is not in the notation. */
export function parsePathSteps(path: string): PathStep[] | undefined {
  const r = parse(path, false);
  return typeof r === 'string' ? undefined : (r as PathStep[]);
}

/** Whether steps[0..end) match pattern[pi..]. Patterns are short, so plain backtracking on `**` is fine. */
function matchFrom(pattern: PatternStep[], pi: number, steps: readonly PathStep[], si: number, end: number): boolean {
  while (pi < pattern.length) {
    const p = pattern[pi]!;
    if (p === DEEP) {
      if (pi === pattern.length - 1) return true;
      for (let k = si; k <= end; k++) if (matchFrom(pattern, pi + 1, steps, k, end)) return true;
      return false;
    }
    if (si >= end) return false;
    if (p !== ANY && p !== steps[si]) return false;
    pi++;
    si++;
  }
  return si === end;
}

/** Whether `path` is exactly matched by `pattern` (not a descendant of it). False when either does not parse. */
export function pathMatches(pattern: string, path: string): boolean {
  const p = parse(pattern, true);
  const steps = parsePathSteps(path);
  if (typeof p === 'string' || steps === undefined) return false;
  return matchFrom(p, 0, steps, 0, steps.length);
}

/** Why a pattern is not valid, or undefined when it is (for settings forms and the `ignore` argument). */
export function ignorePatternError(pattern: string): string | undefined {
  if (pattern === '') return 'an ignore pattern cannot be empty';
  const p = parse(pattern, true);
  return typeof p === 'string' ? p : undefined;
}

/**
 * A test for "this path or one of its ancestors matches an ignore pattern": ignoring `payload.chat` also ignores
 * everything under it. Throws `bad_request` naming the first pattern that does not parse.
 */
export function compileIgnore(patterns: readonly string[]): ((steps: readonly PathStep[]) => boolean) | undefined {
  if (patterns.length === 0) return undefined;
  const compiled = patterns.map((pattern) => {
    const p = pattern === '' ? 'an ignore pattern cannot be empty' : parse(pattern, true);
    if (typeof p === 'string') throw new AppError('bad_request', `bad ignore pattern "${pattern}": ${p}`, { pattern });
    return p;
  });
  return (steps) => {
    for (const p of compiled) {
      for (let end = steps.length; end >= 1; end--) if (matchFrom(p, 0, steps, 0, end)) return true;
    }
    return false;
  };
}
