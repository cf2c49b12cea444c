import { AppError } from '@shared/api/errors';

/**
 * Overrides by JSON path, as typed after `--set`: `payload.chat.id=ABC`, `payload.chat.users[0].name="Ann"`,
 * `additional_data["chat_presence_user_ids"]=[]`. The value is parsed as JSON when it parses (numbers, booleans,
 * objects, quoted strings) and taken as a plain string otherwise, so `payload.tag=vip` needs no quotes.
 */

export interface Assignment {
  path: string;
  value: unknown;
}

type Step = string | number;

// Keys that would reach the prototype chain are refused: bodies are plain data.
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);
const STEP = /\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;

export function parseAssignment(text: string): Assignment {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new AppError('bad_request', `Override "${clip(text)}" should look like path=value (for example payload.chat.id=ABC1234567).`);
  const path = text.slice(0, eq).trim();
  parsePath(path);
  return { path, value: parseValue(text.slice(eq + 1)) };
}

export function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

export function parsePath(path: string): Step[] {
  const steps: Step[] = [];
  STEP.lastIndex = 0;
  while (STEP.lastIndex < path.length) {
    const at = STEP.lastIndex;
    const m = STEP.exec(path);
    if (m === null || (at === 0 && m[0].startsWith('.'))) {
      throw new AppError('bad_request', `Path "${clip(path)}" is not valid at character ${at + 1}: use keys separated by dots and [n] for array items.`);
    }
    const step: Step = m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]!) as string));
    if (typeof step === 'string' && FORBIDDEN.has(step)) throw new AppError('bad_request', `Path "${clip(path)}" uses the reserved key "${step}".`);
    steps.push(step);
  }
  if (steps.length === 0) throw new AppError('bad_request', 'An override needs a path before "=".');
  return steps;
}

/**
 * Sets `value` at `path` inside `root`, creating missing objects (or arrays, before an index) on the way. Refuses to
 * step through a string or number, or to leave a hole in an array.
 */
export function setAtPath(root: unknown, path: string, value: unknown): void {
  const steps = parsePath(path);
  let cur: unknown = root;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const last = i === steps.length - 1;
    const here = steps.slice(0, i).join('.') || '(the body)';
    if (typeof step === 'number') {
      if (!Array.isArray(cur)) throw new AppError('bad_request', `Cannot set ${path}: ${here} is not an array.`);
      if (step > cur.length) throw new AppError('bad_request', `Cannot set ${path}: ${here} has ${cur.length} items, so index ${step} would leave a gap.`);
    } else if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) {
      throw new AppError('bad_request', `Cannot set ${path}: ${here} is not an object.`);
    }
    const container = cur as Record<string | number, unknown>;
    if (last) {
      container[step] = value;
      return;
    }
    const existing = Object.hasOwn(container, step) ? container[step] : undefined;
    if (existing === undefined || existing === null) container[step] = typeof steps[i + 1] === 'number' ? [] : {};
    cur = container[step];
  }
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}
