import { describe, expect, it } from 'vitest';
import { MAX_FINDINGS, checkWebhookBody, type WebhookCheck } from '../../../shared/livechat/catalogue';
import { loadExamples } from '../../support/livechat-examples';

type Body = Record<string, unknown>;

const examples = new Map(loadExamples().map((e) => [e.action, e.body]));

/** A fresh deep copy of an example body, to mutate. */
function example(action: string): Body {
  return structuredClone(examples.get(action)!);
}

const errors = (r: WebhookCheck) => r.findings.filter((f) => f.severity === 'error');
const warnings = (r: WebhookCheck) => r.findings.filter((f) => f.severity === 'warning');

/** How a body is classified: unknown, misspelt, legacy and app webhook names; bodies that are not webhooks. */

describe('actions', () => {
  it('an unknown action is one warning at "action", and nothing else is checked', () => {
    const r = checkWebhookBody({ action: 'totally_new_thing', payload: 5 });
    expect(r.action).toBe('totally_new_thing');
    expect(r.entry).toBeUndefined();
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ path: 'action', severity: 'warning' });
    expect(r.findings[0]!.message).toContain('unknown action "totally_new_thing"');
    expect(r.findings[0]!.message).not.toContain('did you mean');
  });

  it.each([
    ['incoming_chatt', 'incoming_chat'],
    ['incomnig_event', 'incoming_event'],
    ['INCOMING_CHAT', 'incoming_chat'],
    ['chat-deactivated', 'chat_deactivated'],
    ['thread_taged', 'thread_tagged'],
    ['delete_tag', 'tag_deleted'],
  ])('%s suggests %s', (typo, meant) => {
    const r = checkWebhookBody({ ...example(meant), action: typo });
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ path: 'action', severity: 'warning' });
    expect(r.findings[0]!.message).toContain(`did you mean "${meant}"?`);
  });

  it('a typo of a legacy name suggests it and says what replaced it', () => {
    const r = checkWebhookBody({ action: 'chat_acces_granted', payload: {} });
    expect(r.findings[0]!.message).toContain('did you mean "chat_access_granted"?');
    expect(r.findings[0]!.message).toContain('replaced by "chat_access_updated"');
  });

  it('a legacy action is one warning naming its replacement, not an error', () => {
    const r = checkWebhookBody({ webhook_id: 'w', secret_key: 's', action: 'thread_closed', payload: { chat_id: 'C', thread_id: 'T' } });
    expect(r.entry?.action).toBe('thread_closed');
    expect(r.findings).toEqual([
      { path: 'action', severity: 'warning', message: '"thread_closed" is a legacy action from API 3.1 and older (retired in v3.2), replaced by "chat_deactivated"' },
    ]);
  });

  it("the docs' auto_accesses_updated samples (action auto_access_added, array payload) are checked as auto_accesses_updated", () => {
    const body = { ...example('auto_accesses_updated'), action: 'auto_access_added' };
    const r = checkWebhookBody(body);
    expect(r.action).toBe('auto_access_added');
    expect(r.entry?.action).toBe('auto_accesses_updated');
    expect(errors(r)).toEqual([]);
    expect(warnings(r)).toHaveLength(1);
    expect(r.findings[0]!.message).toContain('auto_accesses_updated');
  });

  it('an app webhook event named in "action" is explained', () => {
    const r = checkWebhookBody({ action: 'application_installed', payload: {} });
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.message).toContain('app webhook');
  });

  it('an unknown app webhook event is a warning at "event" with a suggestion', () => {
    const r = checkWebhookBody({ ...example('payment_collected'), event: 'payment_colected' });
    expect(r.findings).toEqual([
      { path: 'event', severity: 'warning', message: 'unknown app webhook event "payment_colected": did you mean "payment_collected"?' },
    ]);
  });

  it('a non-string action is an error; a LiveChat-looking body without one is an error', () => {
    expect(checkWebhookBody({ action: 7, payload: {} }).findings).toEqual([
      { path: 'action', severity: 'error', message: 'action should be a string, got number' },
    ]);
    expect(errors(checkWebhookBody({ webhook_id: 'w', secret_key: 's', payload: {} })).map((f) => f.path)).toEqual(['action']);
  });

  it('bodies that are not LiveChat webhooks, or not objects, get no findings', () => {
    for (const body of [null, undefined, 3, 'text', true, [], [{ action: 'incoming_chat' }], {}, { hello: 'world' }]) {
      expect(checkWebhookBody(body), JSON.stringify(body)).toEqual({ findings: [] });
    }
  });

  it(`lists at most ${MAX_FINDINGS} problems, then says there are more`, () => {
    const body = example('auto_accesses_updated');
    body.payload = Array.from({ length: 100 }, () => ({ status: 'added' }));
    const r = checkWebhookBody(body);
    expect(r.findings).toHaveLength(MAX_FINDINGS + 1);
    expect(r.findings.at(-1)).toMatchObject({ severity: 'warning' });
    expect(r.findings.at(-1)!.message).toContain('more problems');
  });
});
