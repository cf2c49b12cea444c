import { describe, expect, it } from 'vitest';
import { liftLiveChatFields } from '../../../shared/livechat/envelope';
import { loadExamples } from '../../support/livechat-examples';

const examples = loadExamples();

/** Where each example's chat id must be found (reference §3); actions not listed carry no chat id. */
const CHAT_SCOPED = new Set([
  'incoming_chat', 'chat_deactivated', 'chat_access_updated', 'chat_transferred', 'user_added_to_chat', 'user_removed_from_chat',
  'incoming_event', 'event_deleted', 'event_updated', 'incoming_rich_message_postback', 'chat_properties_updated',
  'chat_properties_deleted', 'thread_properties_updated', 'thread_properties_deleted', 'event_properties_updated',
  'event_properties_deleted', 'thread_tagged', 'thread_untagged', 'customer_session_fields_updated', 'events_marked_as_seen',
  'thread_summary_set', 'chat_access_granted', 'chat_access_revoked',
]);

describe('liftLiveChatFields on every reference example', () => {
  it('has examples to check', () => {
    expect(examples.length).toBeGreaterThanOrEqual(45);
  });

  for (const ex of examples) {
    it(`${ex.action}: action, ids and envelope kind`, () => {
      const f = liftLiveChatFields(ex.body);
      expect(f.action).toBe(ex.action);
      if (ex.group === 'App webhooks' || 'applicationID' in ex.body) {
        expect(f.kind).toBe('app');
        expect(f.hasSecretKey).toBe(false);
        return;
      }
      expect(f.kind).toBe('webhook');
      expect(f.hasSecretKey).toBe(true);
      expect(f.webhookId).toBe(ex.body.webhook_id);
      if ('organization_id' in ex.body) expect(f.organizationId).toBe(ex.body.organization_id);
      else expect(f.licenseId).toBe(String(ex.body.license_id));
      if (CHAT_SCOPED.has(ex.action)) {
        expect(f.chatId, 'chat id').toBe('PJ0MRSHTDG');
      } else {
        expect(f.chatId).toBeUndefined();
      }
    });
  }

  it('finds thread and event ids where the payload has them', () => {
    const byAction = new Map(examples.map((e) => [e.action, e.body]));
    expect(liftLiveChatFields(byAction.get('incoming_chat')).threadId).toBe('K600PKZON8');
    expect(liftLiveChatFields(byAction.get('incoming_event')).eventId).toBeDefined();
    expect(liftLiveChatFields(byAction.get('event_deleted')).eventId).toBeDefined();
  });
});

describe('liftLiveChatFields is lenient', () => {
  it('never throws and lifts nothing from non-objects', () => {
    for (const v of [null, 1, 'x', [], [1], true, undefined]) {
      expect(liftLiveChatFields(v)).toEqual({ hasSecretKey: false, kind: 'unknown' });
    }
  });

  it('ignores fields of the wrong type instead of failing', () => {
    const f = liftLiveChatFields({ action: 42, webhook_id: {}, payload: { chat_id: ['x'], thread_id: 7 } });
    expect(f.action).toBeUndefined();
    expect(f.webhookId).toBeUndefined();
    expect(f.chatId).toBeUndefined();
    expect(f.threadId).toBe('7');
  });

  it('reads v3.1 bodies whose payload was called data, and numeric license ids', () => {
    const f = liftLiveChatFields({ action: 'thread_closed', license_id: 104130623, data: { chat_id: 'ABCDEFGHIJ', thread_id: 'K1' } });
    expect(f).toMatchObject({ action: 'thread_closed', licenseId: '104130623', chatId: 'ABCDEFGHIJ', threadId: 'K1', kind: 'webhook' });
  });

  it('keeps unknown extra fields out of the way', () => {
    const f = liftLiveChatFields({ action: 'incoming_chat', brand_new_field: { deep: [1] }, payload: { chat: { id: 'C1', thread: { id: 'T1' } }, extra: 1 } });
    expect(f).toMatchObject({ action: 'incoming_chat', chatId: 'C1', threadId: 'T1' });
  });
});
