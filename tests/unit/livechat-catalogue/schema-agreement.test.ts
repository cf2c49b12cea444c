import { describe, expect, it } from 'vitest';
import { checkWebhookBody } from '../../../shared/livechat/catalogue';
import { loadExamples } from '../../support/livechat-examples';

/**
 * The checker (fast path) and the exported zod schemas are derived from the same specs. Mutate every field of every
 * example — remove it, null it, give it the wrong type — and hold them to one rule: zod accepts the body exactly when
 * the checker reports no error. Also: the errors are where the mutation is.
 */

type Path = Array<string | number>;

function paths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([...prefix, i]);
      paths(v, [...prefix, i], out);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      out.push([...prefix, k]);
      paths(v, [...prefix, k], out);
    }
  }
  return out;
}

/** The findings' path convention: `a.b[0]`, and `a["odd key"]` for keys that are not identifiers. */
function format(path: Path): string {
  return path
    .map((p, i) => {
      if (typeof p === 'number') return `[${p}]`;
      if (!/^[A-Za-z_$][\w$]*$/.test(p)) return `[${JSON.stringify(p)}]`;
      return i === 0 ? p : `.${p}`;
    })
    .join('');
}

type Mutation = 'delete' | 'null' | 'number' | 'string' | 'object';

function mutate(body: unknown, path: Path, how: Mutation): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let parent = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (how === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else {
    parent[last] = { null: null, number: 42, string: 'x', object: { x: 1 } }[how];
  }
  return copy;
}

/** Fields that stand in for each other (one of them must be there): an error may name the partner. */
const PARTNERS: Record<string, string> = { license_id: 'organization_id', 'payload.agent_id': 'payload.id', 'payload.id': 'payload.customer', data: 'payload' };

describe('checker and zod schema agree on every mutation of every example', () => {
  for (const ex of loadExamples()) {
    it(ex.action, () => {
      let mutations = 0;
      for (const path of paths(ex.body)) {
        const at = format(path);
        if (at === 'action' || at === 'event') continue; // changes what the body is, covered elsewhere
        for (const how of ['delete', 'null', 'number', 'string', 'object'] as const) {
          const body = mutate(ex.body, path, how);
          const r = checkWebhookBody(body);
          expect(r.entry, `${at} ${how}`).toBeDefined();
          const errs = r.findings.filter((f) => f.severity === 'error');
          const zodOk = r.entry!.schema.safeParse(body).success;
          expect(zodOk, `${ex.action}: ${how} ${at} → ${JSON.stringify(errs)}`).toBe(errs.length === 0);
          // An object where an object belongs may lack several required fields; any other mutation breaks one thing.
          if (how !== 'object') expect(errs.length, `${how} ${at}`).toBeLessThanOrEqual(1);
          // Removing an array element shifts the rest, so its errors may sit at any index of that array.
          const shifted = how === 'delete' && typeof path.at(-1) === 'number';
          for (const { path: p } of errs) {
            const ok = p === at || p.startsWith(`${at}.`) || p.startsWith(`${at}[`) || PARTNERS[at] === p || shifted;
            expect(ok, `${how} ${at} reported at ${p}`).toBe(true);
          }
          mutations++;
        }
      }
      expect(mutations).toBeGreaterThan(0);
    });
  }
});
