import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isConfigurationAction, webhookNames } from '../../../electron/engine/livechat-sandbox/webhook-names';

interface ExampleEntry {
  group?: string;
  documented_in_versions?: string[];
  available_filters?: string[];
  kind?: string;
}
const examples = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../../shared/livechat/examples.json'), 'utf8')) as Record<string, ExampleEntry>;
const documentedIn = (version: string) =>
  Object.entries(examples)
    .filter(([action, e]) => action !== '_meta' && e.kind !== 'app_webhook' && e.documented_in_versions?.includes(version))
    .map(([action]) => action)
    .sort();

describe('list_webhook_names data (reference §3, §4)', () => {
  it('v3.6 lists exactly the 38 current actions, with the filters the reference gives each', () => {
    const names = webhookNames('3.6');
    expect(names).toHaveLength(38);
    expect(names.map((n) => n.action).sort()).toEqual(documentedIn('3.6'));
    for (const n of names) expect(n.filters, n.action).toEqual(examples[n.action]!.available_filters);
  });

  it('v3.7 equals v3.6; v3.5 has incoming_customer and lacks the 3.6 additions', () => {
    expect(webhookNames('3.7')).toEqual(webhookNames('3.6'));
    const v35 = webhookNames('3.5').map((n) => n.action).sort();
    expect(v35).toEqual(documentedIn('3.5'));
    expect(v35).toContain('incoming_customer');
    expect(v35).not.toContain('event_deleted');
    expect(v35).not.toContain('thread_summary_set');
  });

  it('additional data only for chat-scoped actions, none for Configuration webhooks', () => {
    for (const n of webhookNames('3.6')) {
      const chatScoped = !isConfigurationAction(n.action) && n.action !== 'routing_status_set';
      expect(n.additional_data, n.action).toEqual(chatScoped ? ['chat_properties', 'chat_presence_user_ids'] : undefined);
    }
  });

  it('Configuration actions are the reference’s Configuration group', () => {
    const configuration = Object.entries(examples)
      .filter(([, e]) => e.group === 'Configuration')
      .map(([a]) => a)
      .sort();
    expect(webhookNames('3.6').map((n) => n.action).filter(isConfigurationAction).sort()).toEqual(configuration);
  });

  it('hands out copies', () => {
    webhookNames('3.6')[0]!.filters!.push('mutated');
    expect(webhookNames('3.6')[0]!.filters).not.toContain('mutated');
  });
});
