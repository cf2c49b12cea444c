import { z } from 'zod';
import type { ObjectSpec, Spec, TaggedSpec } from './spec';

/**
 * The zod schema of a spec. Lenient like the checker: loose objects (unknown keys kept, never an error), optional
 * fields nullish, documented value lists not enforced (the checker warns about them instead), unknown tags accepted.
 * `zod accepts the body` ⇔ `the checker reports no error` (warnings are what zod lets through).
 */
export function toZod(spec: Spec): z.ZodType {
  switch (spec.kind) {
    case 'string':
      return z.string();
    case 'number':
      return z.number();
    case 'boolean':
      return z.boolean();
    case 'array':
      return z.array(toZod(spec.element));
    case 'object':
      return objectToZod(spec);
    case 'tagged':
      return taggedToZod(spec);
  }
}

function shapeOf(spec: ObjectSpec): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(spec.fields)) {
    const s = toZod(field.spec);
    shape[key] = field.required ? s : s.nullish();
  }
  return shape;
}

function objectToZod(spec: ObjectSpec): z.ZodType {
  const base = z.looseObject(shapeOf(spec));
  if (spec.anyOf.length === 0) return base;
  return base.superRefine(
    (value, ctx) => {
      for (const rule of spec.anyOf) {
        if (rule.keys.some((k) => Object.hasOwn(value, k) && value[k] !== null && value[k] !== undefined)) continue;
        ctx.addIssue({ code: 'custom', path: [rule.keys[0]], message: `Required (${rule.hint})` });
      }
    },
    // Run even when a field already failed, so a body missing both ids says so whatever else is wrong.
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null && !Array.isArray(payload.value) },
  );
}

function taggedToZod(spec: TaggedSpec): z.ZodType {
  const known = new Set(Object.keys(spec.variants));
  const variants = Object.entries(spec.variants).map(([tag, variant]) =>
    z.looseObject({ ...shapeOf(variant), [spec.tag]: z.literal(tag) }),
  );
  // A tag nobody documented yet passes (the checker warns); a documented tag must match its variant.
  const unknownTag = z.looseObject({ [spec.tag]: z.string().refine((t) => !known.has(t)) });
  const [first, ...rest] = variants;
  if (first === undefined) return unknownTag;
  return z.union([z.discriminatedUnion(spec.tag, [first, ...rest]), unknownTag]);
}
