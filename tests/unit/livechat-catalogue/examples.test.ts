import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogueEntry, checkWebhookBody, summarize, valueAtPath } from '../../../shared/livechat/catalogue';
import { loadExamples } from '../../support/livechat-examples';

/** Every reference example (../shared/livechat/examples.json) against the catalogue: no false findings. */

const examples = loadExamples();

/** The examples file's own metadata (group, available_filters), to hold the catalogue to it. */
const raw = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../../shared/livechat/examples.json'), 'utf8')) as Record<
  string,
  { group?: string; available_filters?: string[]; kind?: string; documented_in_versions?: string[] }
>;

describe('the catalogue on every reference example', () => {
  it('has the examples to check (38 current, 6 legacy, 6 app webhooks)', () => {
    expect(examples).toHaveLength(50);
  });

  for (const ex of examples) {
    describe(ex.action, () => {
      const entry = catalogueEntry(ex.action);

      it('is classified with its action and has no false findings', () => {
        const result = checkWebhookBody(ex.body);
        expect(result.action).toBe(ex.action);
        expect(result.entry?.action).toBe(ex.action);
        if (entry?.status === 'legacy') {
          expect(result.findings).toHaveLength(1);
          expect(result.findings[0]).toMatchObject({ path: 'action', severity: 'warning' });
          expect(result.findings[0]!.message).toContain('legacy action');
          if (entry.replacedBy !== undefined) expect(result.findings[0]!.message).toContain(`replaced by "${entry.replacedBy}"`);
        } else {
          expect(result.findings).toEqual([]);
        }
      });

      it('passes its zod schema', () => {
        const parsed = entry!.schema.safeParse(ex.body);
        expect(parsed.error?.issues ?? []).toEqual([]);
      });

      it('keeps unknown fields when parsed by its schema (loose objects)', () => {
        const parsed = entry!.schema.parse({ ...ex.body, livehook_extra: { nested: [1, 2] } }) as Record<string, unknown>;
        expect(parsed.livehook_extra).toEqual({ nested: [1, 2] });
      });

      it('is summarised in a sentence with its chat id', () => {
        const summary = summarize(ex.body);
        expect(summary).toBeTypeOf('string');
        expect(summary!.length).toBeGreaterThan(10);
        expect(summary).not.toBe(entry!.description);
        if (entry!.ids.chat !== undefined) {
          const chatId = valueAtPath(ex.body, entry!.ids.chat);
          expect(chatId, `chat id at ${entry!.ids.chat}`).toBe('PJ0MRSHTDG');
          expect(summary).toContain('PJ0MRSHTDG');
        }
      });

      it('says where its ids are, and they are there', () => {
        const ids = entry!.ids;
        if (ids.thread !== undefined) expect(valueAtPath(ex.body, ids.thread)).toBe('K600PKZON8');
        if (ids.event !== undefined) expect(valueAtPath(ex.body, ids.event)).toBeTypeOf('string');
        if (ids.user !== undefined) expect(valueAtPath(ex.body, ids.user)).toBeTypeOf('string');
      });

      it('has the group, filters and additional data the examples file gives', () => {
        const meta = raw[ex.action]!;
        if (entry!.status === 'current') {
          expect(entry!.group).toBe(meta.group);
          expect(entry!.filters).toEqual(meta.available_filters);
          const versions = meta.documented_in_versions!;
          expect(entry!.versions).toBe(`${versions[0]}–${versions.at(-1)}`);
        } else if (entry!.status === 'legacy') {
          expect(entry!.group).toBe('Legacy');
          expect(`${entry!.formerGroup} (legacy)`).toBe(meta.group);
        } else {
          expect(entry!.group).toBe('App webhooks');
          expect(meta.kind).toBe('app_webhook');
        }
        const data = ex.body.additional_data as Record<string, unknown> | undefined;
        const sent = data === undefined ? [] : Object.keys(data);
        // The examples fill additional_data exactly for the actions it applies to.
        expect([...sent].sort()).toEqual([...entry!.additionalData].sort());
      });
    });
  }
});
