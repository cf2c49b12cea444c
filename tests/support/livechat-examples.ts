import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface Example {
  action: string;
  group: string;
  body: Record<string, unknown>;
  variants: Record<string, unknown>[];
}

/** The reference bodies beside the repo (../shared/livechat/examples.json), one per action plus variants. */
export function loadExamples(): Example[] {
  const file = resolve(import.meta.dirname, '../../../shared/livechat/examples.json');
  const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { group?: string; body?: Record<string, unknown>; variants?: unknown }>;
  const out: Example[] = [];
  for (const [action, entry] of Object.entries(data)) {
    if (action === '_meta' || !entry.body) continue;
    const variants = Array.isArray(entry.variants)
      ? entry.variants.map((v) => ((v as { body?: Record<string, unknown> }).body ?? v) as Record<string, unknown>)
      : [];
    out.push({ action, group: entry.group ?? '', body: entry.body, variants });
  }
  return out;
}
