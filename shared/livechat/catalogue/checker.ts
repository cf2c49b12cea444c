import type { SchemaFinding } from '../../model/webhook';
import { childPath, indexPath, joinSegment, keySegment } from './json-path';
import type { AnyOfRule, ObjectSpec, Spec, TaggedSpec } from './spec';

/**
 * Compiles a spec into a checker that reports findings with JSON paths and plain messages.
 *
 * Runs on every captured webhook, so: compiled once per action at load, reads only declared fields (own properties,
 * never the prototype chain — bodies may carry `__proto__` or `constructor` keys), no recursion deeper than the spec,
 * and it stops after MAX_FINDINGS so a million-element array of wrong values costs one pass at most.
 */

export const MAX_FINDINGS = 20;

export interface CheckContext {
  /** The action the body claims, for "required for …" messages. */
  readonly action: string;
  readonly findings: SchemaFinding[];
  /** Set once MAX_FINDINGS is reached; checks stop early. */
  full: boolean;
}

export type Check = (value: unknown, path: string, ctx: CheckContext) => void;

function report(ctx: CheckContext, path: string, severity: SchemaFinding['severity'], message: string): void {
  if (ctx.full) return;
  if (ctx.findings.length >= MAX_FINDINGS) {
    ctx.full = true;
    ctx.findings.push({ path, severity: 'warning', message: `more problems not listed (only the first ${MAX_FINDINGS} are shown)` });
    return;
  }
  ctx.findings.push({ path, severity, message });
}

export function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

const ARTICLE: Record<string, string> = { string: 'a string', number: 'a number', boolean: 'a boolean', object: 'an object', array: 'an array' };

function wrongType(ctx: CheckContext, path: string, expected: string, v: unknown): void {
  report(ctx, path, 'error', `${path} should be ${ARTICLE[expected] ?? expected}, got ${describeType(v)}`);
}

function missing(ctx: CheckContext, path: string, hint?: string): void {
  report(ctx, path, 'error', `${path} is missing (required for ${ctx.action}${hint === undefined ? '' : `; ${hint}`})`);
}

/** A value quoted for a message, cut short: bodies are untrusted and can be huge. */
export function quoteValue(v: string, max = 60): string {
  return JSON.stringify(v.length > max ? `${v.slice(0, max)}…` : v);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function compile(spec: Spec): Check {
  switch (spec.kind) {
    case 'string': {
      const values = spec.values === undefined ? undefined : new Set(spec.values);
      const listed = spec.values?.map((s) => JSON.stringify(s)).join(', ');
      return (v, path, ctx) => {
        if (typeof v !== 'string') return wrongType(ctx, path, 'string', v);
        if (values !== undefined && !values.has(v)) {
          report(ctx, path, 'warning', `${path} is ${quoteValue(v)}, not one of the documented values (${listed})`);
        }
      };
    }
    case 'number':
      return (v, path, ctx) => {
        if (typeof v !== 'number') wrongType(ctx, path, 'number', v);
      };
    case 'boolean':
      return (v, path, ctx) => {
        if (typeof v !== 'boolean') wrongType(ctx, path, 'boolean', v);
      };
    case 'array': {
      const element = compile(spec.element);
      return (v, path, ctx) => {
        if (!Array.isArray(v)) return wrongType(ctx, path, 'array', v);
        for (let i = 0; i < v.length && !ctx.full; i++) element(v[i], indexPath(path, i), ctx);
      };
    }
    case 'object':
      return compileObject(spec);
    case 'tagged':
      return compileTagged(spec);
  }
}

interface CompiledField {
  readonly key: string;
  /** `.key` or `["odd key"]`, so no per-webhook work goes into building paths. */
  readonly segment: string;
  readonly required: boolean;
  readonly check: Check;
  readonly anyOf: readonly AnyOfRule[];
}

function compileObject(spec: ObjectSpec): Check {
  const fields: CompiledField[] = Object.entries(spec.fields).map(([key, f]) => ({
    key,
    segment: keySegment(key),
    required: f.required,
    check: compile(f.spec),
    // "one of these is required" is reported where the first of them would be, keeping findings in body order.
    anyOf: spec.anyOf.filter((rule) => rule.keys[0] === key),
  }));
  const placed = new Set(fields.flatMap((f) => f.anyOf));
  const unplaced = spec.anyOf.filter((rule) => !placed.has(rule));
  const checkAnyOf = (v: Record<string, unknown>, path: string, ctx: CheckContext, rules: readonly AnyOfRule[]) => {
    for (const rule of rules) {
      if (!rule.keys.some((k) => Object.hasOwn(v, k) && v[k] !== null && v[k] !== undefined)) missing(ctx, childPath(path, rule.keys[0]), rule.hint);
    }
  };
  return (v, path, ctx) => {
    if (!isPlainObject(v)) return wrongType(ctx, path, 'object', v);
    if (unplaced.length > 0) checkAnyOf(v, path, ctx, unplaced);
    for (const f of fields) {
      if (ctx.full) return;
      if (f.anyOf.length > 0) checkAnyOf(v, path, ctx, f.anyOf);
      const present = Object.hasOwn(v, f.key);
      const value = present ? v[f.key] : undefined;
      // Optional fields may be absent or null; a required null falls through to its type check.
      if (!present || (value === null && !f.required)) {
        if (f.required) missing(ctx, joinSegment(path, f.segment));
        continue;
      }
      f.check(value, joinSegment(path, f.segment), ctx);
    }
  };
}

function compileTagged(spec: TaggedSpec): Check {
  const variants = new Map<string, Check>();
  for (const [tag, variant] of Object.entries(spec.variants)) variants.set(tag, compileObject(variant));
  const known = [...variants.keys()].join(', ');
  const tagSegment = keySegment(spec.tag);
  return (v, path, ctx) => {
    if (!isPlainObject(v)) return wrongType(ctx, path, 'object', v);
    const tagPath = joinSegment(path, tagSegment);
    const tag = Object.hasOwn(v, spec.tag) ? v[spec.tag] : undefined;
    if (tag === undefined || tag === null) return missing(ctx, tagPath);
    if (typeof tag !== 'string') return wrongType(ctx, tagPath, 'string', tag);
    const check = variants.get(tag);
    if (check === undefined) {
      report(ctx, tagPath, 'warning', `${tagPath} ${quoteValue(tag)} is not a documented ${spec.noun} (${known}); its fields are not checked`);
      return;
    }
    check(v, path, ctx);
  };
}
