/**
 * A small description language for webhook bodies. Each action's body is written once as a `Spec`; from it we derive
 * both the zod schema the catalogue exports and the compiled checker that runs on every captured webhook.
 *
 * Why not check with zod directly: zod's loose objects copy every key of their input and it has no early exit, so a
 * hostile body (a million keys, a million wrong array elements) costs seconds for every such webhook analysed. The checker
 * walks only the declared fields and stops after a bounded number of findings. Deriving both from one spec keeps them
 * in step (the tests hold them to "zod accepts ⇔ the checker reports no error").
 *
 * Everything is lenient by construction: unknown fields are never looked at, optional fields may be absent or null.
 */

export type Spec = StringSpec | NumberSpec | BooleanSpec | ObjectSpec | ArraySpec | TaggedSpec;

export interface StringSpec {
  readonly kind: 'string';
  /** Documented values. Anything else is a warning, not an error: LiveChat adds values without notice. */
  readonly values?: readonly string[];
}
export interface NumberSpec {
  readonly kind: 'number';
}
export interface BooleanSpec {
  readonly kind: 'boolean';
}

export interface FieldSpec {
  readonly spec: Spec;
  readonly required: boolean;
}

/** At least one of `keys` must be present (e.g. `organization_id` in v3.4+ bodies, `license_id` before). */
export interface AnyOfRule {
  readonly keys: readonly [string, ...string[]];
  /** Appended to the "is missing" message, e.g. "bodies from API 3.2–3.3 carry license_id instead". */
  readonly hint: string;
}

export interface ObjectSpec {
  readonly kind: 'object';
  readonly fields: Readonly<Record<string, FieldSpec>>;
  readonly anyOf: readonly AnyOfRule[];
}
export interface ArraySpec {
  readonly kind: 'array';
  readonly element: Spec;
}

/**
 * An object whose `tag` field picks its shape (chat events by `type`). An unknown tag is a warning: LiveChat adds
 * event types (`system` arrived in 3.6), and an inspector must not call a new one broken.
 */
export interface TaggedSpec {
  readonly kind: 'tagged';
  readonly tag: string;
  /** What the variants are, for messages: "event type". */
  readonly noun: string;
  /** Each variant's full object spec (the tag field itself is added by the derivations). */
  readonly variants: Readonly<Record<string, ObjectSpec>>;
}

// --- builders -------------------------------------------------------------------------------------------------------

export interface Optional {
  readonly optional: Spec;
}

/** Marks a field optional: it may be absent or null. */
export function opt(spec: Spec): Optional {
  return { optional: spec };
}

export function str(values?: readonly string[]): StringSpec {
  return values === undefined ? { kind: 'string' } : { kind: 'string', values };
}

export const num: NumberSpec = { kind: 'number' };
export const bool: BooleanSpec = { kind: 'boolean' };

/** Fields given as a bare spec are required; `opt(spec)` makes them optional. */
export type FieldsInput = Readonly<Record<string, Spec | Optional>>;

export function obj(fields: FieldsInput = {}, anyOf: readonly AnyOfRule[] = []): ObjectSpec {
  const out: Record<string, FieldSpec> = {};
  for (const [key, f] of Object.entries(fields)) {
    out[key] = 'optional' in f ? { spec: f.optional, required: false } : { spec: f, required: true };
  }
  return { kind: 'object', fields: out, anyOf };
}

export function arr(element: Spec): ArraySpec {
  return { kind: 'array', element };
}

export function tagged(tag: string, noun: string, variants: Readonly<Record<string, ObjectSpec>>): TaggedSpec {
  return { kind: 'tagged', tag, noun, variants };
}

/** The same object with more fields (later ones win). */
export function extend(base: ObjectSpec, fields: FieldsInput): ObjectSpec {
  const more = obj(fields);
  return { kind: 'object', fields: { ...base.fields, ...more.fields }, anyOf: [...base.anyOf, ...more.anyOf] };
}
