// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CapturedWebhook } from '@shared/model/webhook';
import { makeWebhook } from './fake-transport';
import { renderApp } from './render-app';

afterEach(cleanup);

async function openFirst(webhooks: CapturedWebhook[]) {
  const app = await renderApp(webhooks);
  fireEvent.click(within(screen.getByRole('listbox', { name: 'Webhooks' })).getAllByRole('option')[0]!);
  const detail = screen.getByRole('region', { name: 'Webhook detail' });
  await waitFor(() => expect(within(detail).getByLabelText('Action')).toBeTruthy());
  return { app, detail };
}

const XSS = '<img src=x onerror=alert(1)>';

describe('detail pane', () => {
  it('loads the selected webhook with events.get and shows its fields and JSON tree', async () => {
    const webhook = makeWebhook(7, {
      chatId: 'PJ0MRSHTDG',
      threadId: 'T1',
      json: { action: 'incoming_chat', payload: { chat: { id: 'PJ0MRSHTDG', users: [{ name: 'Ann' }] } } },
    });
    const { app, detail } = await openFirst([webhook]);
    expect(app.transport.callsOf('events.get')).toEqual([{ id: webhook.id }]);

    expect(within(detail).getByLabelText('Action').textContent).toBe('incoming_chat');
    expect(within(detail).getByLabelText('Chat ID').textContent).toBe('PJ0MRSHTDG');
    expect(within(detail).getByLabelText('Webhook ID').textContent).toBe('wh-7');
    expect(within(detail).getByLabelText('Organization ID').textContent).toBe('org-1');
    expect(within(detail).getByLabelText('Thread ID').textContent).toBe('T1');
    expect(within(detail).getByLabelText('Answer').textContent).toContain('200');

    expect(within(detail).getByRole('tab', { name: 'JSON' }).getAttribute('aria-selected')).toBe('true');
    const tree = within(detail).getByRole('group', { name: 'Webhook JSON' });
    expect(tree.textContent).toContain('"PJ0MRSHTDG"');
    expect(tree.textContent).toContain('"Ann"');

    // Objects collapse and expand.
    const toggle = within(tree).getByRole('button', { name: 'Collapse payload' });
    fireEvent.click(toggle);
    expect(tree.textContent).not.toContain('"Ann"');
    expect(within(tree).getByRole('button', { name: 'Expand payload' }).getAttribute('aria-expanded')).toBe('false');
  });

  it('renders a markup-looking payload as text, never as HTML', async () => {
    const json = { action: 'incoming_event', payload: { event: { text: XSS } }, [XSS]: XSS };
    const { detail } = await openFirst([makeWebhook(1, { action: 'incoming_event', json, bodyBase64: btoa(JSON.stringify(json)) })]);
    expect(within(detail).getByRole('group', { name: 'Webhook JSON' }).textContent).toContain(`"${XSS}"`);
    fireEvent.click(within(detail).getByRole('tab', { name: 'Raw body' }));
    expect(within(detail).getByRole('tabpanel').textContent).toContain(XSS);
    expect(document.querySelector('img')).toBeNull();
  });

  it('shows a parse error prominently and the raw body as UTF-8 text with its size', async () => {
    const raw = 'not json: café';
    const bytes = new TextEncoder().encode(raw);
    const webhook = makeWebhook(1, {
      action: undefined,
      json: undefined,
      parseError: 'Unexpected token o in JSON at position 1',
      bodyBase64: btoa(String.fromCharCode(...bytes)),
      bodySize: bytes.length,
    });
    const { detail } = await openFirst([webhook]);
    expect(within(detail).getByRole('note').textContent).toBe('Body is not JSON: Unexpected token o in JSON at position 1');
    expect(within(detail).getByLabelText('Action').textContent).toBe('invalid JSON');
    fireEvent.click(within(detail).getByRole('tab', { name: 'Raw body' }));
    const panel = within(detail).getByRole('tabpanel');
    expect(panel.textContent).toContain(raw);
    expect(panel.textContent).toContain(`${bytes.length} bytes`);
  });

  it('says when the body was truncated', async () => {
    const webhook = makeWebhook(1, { bodyTruncated: true, bodySize: 5_000_000 });
    const { detail } = await openFirst([webhook]);
    fireEvent.click(within(detail).getByRole('tab', { name: 'Raw body' }));
    expect(within(detail).getByRole('tabpanel').textContent).toMatch(/Truncated: .* of 5,000,000 bytes/);
  });

  it('truncates long strings until expanded', async () => {
    const long = 'x'.repeat(1000);
    const { detail } = await openFirst([makeWebhook(1, { json: { action: 'incoming_chat', note: long } })]);
    const tree = within(detail).getByRole('group', { name: 'Webhook JSON' });
    expect(tree.textContent).not.toContain(long);
    fireEvent.click(within(tree).getByRole('button', { name: 'show all 1,000 chars' }));
    expect(tree.textContent).toContain(`"${long}"`);
  });

  it('lists headers and timing', async () => {
    const { detail } = await openFirst([makeWebhook(1, { headers: { 'content-type': 'application/json', 'x-multi': ['a', 'b'] } })]);
    fireEvent.click(within(detail).getByRole('tab', { name: 'Headers' }));
    const table = within(detail).getByRole('table', { name: 'Request headers' });
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    expect(table.textContent).toContain('x-multi');

    fireEvent.click(within(detail).getByRole('tab', { name: 'Timing' }));
    expect(within(detail).getByLabelText('Body received in').textContent).toBe('0.4 ms');
    expect(within(detail).getByLabelText('Made durable in').textContent).toBe('2.1 ms');
    expect(within(detail).getByLabelText('Answer latency').textContent).toContain('3.2 ms');
  });
});
