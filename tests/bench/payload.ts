/**
 * A realistic LiveChat `incoming_event` webhook body (a customer message with chat properties), padded through the
 * message text to exactly `targetBytes` bytes of ASCII JSON. Shape follows shared/livechat/examples.json.
 */
export function incomingEventBody(targetBytes = 2048): string {
  const message =
    'Hello, I ordered the blue winter jacket (size M) last Tuesday and the tracking page still says the parcel is ' +
    'waiting at the depot. Could you check whether it was shipped, and if it was not, change the delivery address ' +
    'to my office? The order number is 100-4471-2290 and the invoice went to the same e-mail as this chat. ' +
    'I also have a discount code from the newsletter that did not apply at checkout, can it still be refunded? ';
  const build = (text: string) =>
    JSON.stringify({
      webhook_id: '65c38684-6e5c-56a7-8b02-539d16e23a43',
      secret_key: 'laudla991lamda0pnoaa0',
      action: 'incoming_event',
      organization_id: 'f9c7cc55-b35a-4e76-b0d5-ae9fce362314',
      payload: {
        chat_id: 'PJ0MRSHTDG',
        thread_id: 'K600PKZON8',
        event: {
          id: 'K600PKZON8_3',
          custom_id: '31-0C-1C-07-DB-17',
          type: 'message',
          author_id: 'b7eff798-f8df-4364-8059-649c35c9ed0c',
          created_at: '2025-12-09T12:00:41.120000Z',
          text,
          visibility: 'all',
          properties: {
            '0805e283233042b37f460ed8fbf22160': { string_property: 'string value' },
            source: { client_id: '9cbf3a968289727cb3cdfe83ab1d9836' },
          },
        },
      },
      additional_data: {
        chat_properties: {
          routing: { continuous: false, pinned: false, start_url: 'https://shop.example.com/orders/100-4471-2290' },
          source: { client_id: '9cbf3a968289727cb3cdfe83ab1d9836', customer_client_id: 'c5e4f61e1a6c3b1521b541bc5c5a2ac5' },
        },
        chat_presence_user_ids: ['b7eff798-f8df-4364-8059-649c35c9ed0c', 'smith@example.com'],
      },
    });
  const base = build('').length;
  if (base > targetBytes) throw new Error(`incoming_event skeleton is ${base} bytes, over the ${targetBytes}-byte target`);
  let text = '';
  while (text.length < targetBytes - base) text += message;
  const body = build(text.slice(0, targetBytes - base).trimEnd().padEnd(targetBytes - base, '.'));
  if (Buffer.byteLength(body) !== targetBytes) throw new Error(`payload is ${Buffer.byteLength(body)} bytes, wanted ${targetBytes}`);
  return body;
}
