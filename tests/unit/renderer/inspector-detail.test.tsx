// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CapturedWebhook } from '@shared/model/webhook';
import { RAW_PAGE_CHARS } from '../../../renderer/src/features/detail/raw-body-section';
import { makeWebhook } from './fake-transport';
import { renderApp } from './render-app';

let writeText: ReturnType<typeof vi.fn>;
beforeEach(() => {
  writeText = vi.fn(() => Promise.resolve());
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
});
afterEach(cleanup);

function listbox(): HTMLElement {
  return screen.getByRole('listbox', { name: 'Webhooks' });
}
function rows(): HTMLElement[] {
  return within(listbox()).getAllByRole('option');
}

async function open(webhooks: CapturedWebhook[], index = 0) {
  const app = await renderApp(webhooks);
  fireEvent.click(within(listbox()).getAllByRole('option')[index]!);
  const detail = screen.getByRole('region', { name: 'Webhook detail' });
  await waitFor(() => expect(within(detail).getByLabelText('Action')).toBeTruthy());
  return { app, detail };
}

describe('detail pane: the inspector parts', () => {
  it('turns ids into chips that put a term in the filter', async () => {
    const { app, detail } = await open([makeWebhook(1, { chatId: 'PJ0MRSHTDG', threadId: 'K600' })]);
    fireEvent.click(within(within(detail).getByLabelText('Chat ID')).getByRole('button'));
    const input = screen.getByRole('searchbox', { name: 'Filter webhooks' }) as HTMLInputElement;
    expect(input.value).toBe('chat:PJ0MRSHTDG');
    // Another chat id replaces the first (two chats can never both match); another field is added.
    fireEvent.click(within(within(detail).getByLabelText('Thread ID')).getByRole('button'));
    expect(input.value).toBe('chat:PJ0MRSHTDG thread:K600');
    await waitFor(() => expect(app.transport.callsOf('events.list').some((p) => p.query === 'chat:PJ0MRSHTDG thread:K600')).toBe(true));
  });

  it('copies a JSON value and its path in the catalogue notation', async () => {
    const json = { action: 'incoming_event', payload: { chat_id: 'C1', event: { 'x-id': 'weird', list: [10, { text: 'hi' }] } } };
    const { detail } = await open([makeWebhook(1, { json })]);
    const tree = within(detail).getByRole('group', { name: 'Webhook JSON' });
    fireEvent.click(within(tree).getByRole('button', { name: 'Copy path payload.event.list[1].text' }));
    await waitFor(() => expect(writeText).toHaveBeenLastCalledWith('payload.event.list[1].text'));
    fireEvent.click(within(tree).getByRole('button', { name: 'Copy path payload.event["x-id"]' }));
    await waitFor(() => expect(writeText).toHaveBeenLastCalledWith('payload.event["x-id"]'));
    fireEvent.click(within(tree).getByRole('button', { name: 'Copy value of payload.event.list' }));
    await waitFor(() => expect(writeText).toHaveBeenLastCalledWith(JSON.stringify([10, { text: 'hi' }], null, 2)));
    fireEvent.click(within(tree).getByRole('button', { name: 'Copy value of payload.chat_id' }));
    await waitFor(() => expect(writeText).toHaveBeenLastCalledWith('C1'));
    expect(within(detail).getByText('Copied value')).toBeTruthy();
  });

  it('renders a huge array lazily: collapsed with its count, then a page of children at a time', async () => {
    const big = Array.from({ length: 50_000 }, (_, i) => ({ i }));
    const { detail } = await open([makeWebhook(1, { json: { action: 'incoming_event', payload: { items: big } } })]);
    const tree = within(detail).getByRole('group', { name: 'Webhook JSON' });
    expect(tree.textContent).toContain('50,000 items');
    expect(tree.querySelectorAll('.json-line').length).toBeLessThan(20);
    fireEvent.click(within(tree).getByRole('button', { name: 'Expand items' }));
    const lines = tree.querySelectorAll('.json-line').length;
    expect(lines).toBeGreaterThan(200);
    expect(lines).toBeLessThan(1000);
    expect(within(tree).getByRole('button', { name: 'Show 200 more of 49,800' })).toBeTruthy();
  });

  it('pages a large raw body instead of putting all of it in the DOM', async () => {
    const text = 'a'.repeat(RAW_PAGE_CHARS * 2 + 10);
    const { detail } = await open([makeWebhook(1, { json: { action: 'incoming_event', text } })]);
    fireEvent.click(within(detail).getByRole('tab', { name: 'Raw body' }));
    const pre = detail.querySelector('.raw-body-text')!;
    expect(pre.textContent!.length).toBe(RAW_PAGE_CHARS);
    const pager = within(detail).getByRole('navigation', { name: 'Raw body pages' });
    expect(pager.textContent).toContain('Page 1 of 3');
    fireEvent.click(within(pager).getByRole('button', { name: 'Next' }));
    fireEvent.click(within(pager).getByRole('button', { name: 'Next' }));
    expect(pager.textContent).toContain('Page 3 of 3');
    expect(detail.querySelector('.raw-body-text')!.textContent).toBe(JSON.stringify({ action: 'incoming_event', text }).slice(RAW_PAGE_CHARS * 2));
  });

  it('draws the retry timeline of a webhook delivered three times, with each answer', async () => {
    const first = makeWebhook(1, { answer: { status: 500, delayMs: 0 } });
    const second = makeWebhook(2, { retryOf: first.id, attempt: 2, receivedAt: new Date(Date.parse(first.receivedAt) + 12_000).toISOString(), answer: { status: 503, delayMs: 0 } });
    const third = makeWebhook(3, { retryOf: first.id, attempt: 3, receivedAt: new Date(Date.parse(first.receivedAt) + 40_000).toISOString() });
    const { app, detail } = await open([first, second, third], 1);
    expect(app.transport.callsOf('events.retries')).toEqual([{ id: second.id }]);
    const timeline = await within(detail).findByRole('region', { name: 'Retry timeline' });
    expect(timeline.textContent).toContain('Delivered 3 times over 40 s');
    const points = within(timeline).getAllByRole('button');
    expect(points.map((p) => p.getAttribute('aria-label'))).toEqual([
      'Attempt 1, +0 ms, answered 500',
      'Attempt 2, +12 s, answered 503',
      'Attempt 3, +40 s, answered 200',
    ]);
    expect(points[1]!.getAttribute('aria-current')).toBe('true');
    fireEvent.click(points[0]!);
    await waitFor(() => expect(app.store.getState().selectedId).toBe(first.id));
    expect(within(listbox()).getAllByRole('option')[1]!.textContent).toContain('retry 2');
  });

  it('pins from the detail and the row shows the star from the event.updated push', async () => {
    const { app, detail } = await open([makeWebhook(1)]);
    fireEvent.click(within(detail).getByRole('button', { name: /Pin$/ }));
    await waitFor(() => expect(app.transport.callsOf('events.pin')).toEqual([{ id: makeWebhook(1).id, pinned: true }]));
    app.flushFrame();
    await waitFor(() => expect(within(listbox()).getAllByRole('option')[0]!.getAttribute('aria-label')).toContain('pinned'));
    expect(within(detail).getByRole('button', { name: /Pinned$/ }).getAttribute('aria-pressed')).toBe('true');
  });

  it('keeps pinned webhooks in the list when history is cleared', async () => {
    const app = await renderApp([makeWebhook(1, { pinned: true }), makeWebhook(2), makeWebhook(3)]);
    expect(rows()[2]!.getAttribute('aria-label')).toContain('pinned');
    fireEvent.click(screen.getByRole('button', { name: 'Clear history' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Clear history?' });
    expect(dialog.textContent).toContain('except pinned');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete all webhooks' }));
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(app.transport.callsOf('events.clear')).toHaveLength(1);
    expect(rows()[0]!.getAttribute('aria-label')).toContain('pinned');
    await waitFor(() => expect(screen.getByRole('status', { name: 'Webhook count' }).textContent).toBe('1 webhook'));
  });

  it('copies the open webhook as cURL to the receiver, secret_key redacted', async () => {
    const json = { action: 'incoming_chat', secret_key: 'top-secret', payload: {} };
    const { detail } = await open([makeWebhook(1, { json })]);
    fireEvent.click(within(detail).getByRole('button', { name: 'Copy as cURL' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledTimes(1));
    const command = writeText.mock.calls[0]![0] as string;
    expect(command).toContain("curl -X 'POST' 'http://127.0.0.1:4567/webhook'");
    expect(command).toContain('[redacted]');
    expect(command).not.toContain('top-secret');
    expect(within(detail).getByText(/Copied as cURL/)).toBeTruthy();
  });

  it('opens the chat timeline from the detail; an item opens that webhook', async () => {
    const a = makeWebhook(1, { chatId: 'CHATX', action: 'incoming_chat' });
    const b = makeWebhook(2, { chatId: 'OTHER' });
    const c = makeWebhook(3, { chatId: 'CHATX', action: 'chat_deactivated' });
    const { app, detail } = await open([a, b, c]);
    fireEvent.click(within(detail).getByRole('button', { name: 'Chat timeline' }));
    const timeline = await screen.findByRole('region', { name: 'Chat timeline' });
    await waitFor(() => expect(within(timeline).getAllByRole('listitem')).toHaveLength(2));
    const items = within(timeline).getAllByRole('listitem');
    expect(items[0]!.textContent).toContain('incoming_chat in chat CHATX');
    expect(items[1]!.textContent).toContain('chat_deactivated');
    fireEvent.click(within(items[0]!).getByRole('button'));
    await waitFor(() => expect(app.store.getState().selectedId).toBe(a.id));
    expect(screen.queryByRole('region', { name: 'Chat timeline' })).toBeNull();
    await waitFor(() => expect(within(screen.getByRole('region', { name: 'Webhook detail' })).getByLabelText('Action').textContent).toBe('incoming_chat'));
  });

  it('compares with the previous webhook of the same action, or says there is none', async () => {
    const older = makeWebhook(1, { json: { action: 'incoming_chat', payload: { n: 1 } } });
    const newer = makeWebhook(2, { json: { action: 'incoming_chat', payload: { n: 2 } } });
    const { app, detail } = await open([older, newer]);
    fireEvent.click(within(detail).getByRole('button', { name: 'Compare with previous (same action)' }));
    const diff = await screen.findByRole('region', { name: 'Diff' });
    await waitFor(() => expect(within(diff).getByRole('region', { name: 'Changed paths' }).textContent).toContain('payload.n'));
    expect(app.transport.callsOf('events.diff').at(-1)).toMatchObject({ a: older.id, b: newer.id });
    expect(within(diff).getByRole('region', { name: 'Changed paths' }).textContent).toContain('1 → 2');

    fireEvent.click(within(diff).getByRole('button', { name: '← Back' }));
    fireEvent.click(within(listbox()).getAllByRole('option')[1]!);
    const detail2 = screen.getByRole('region', { name: 'Webhook detail' });
    await waitFor(() => expect(app.store.getState().detail.status).toBe('loaded'));
    fireEvent.click(within(detail2).getByRole('button', { name: 'Compare with previous (same action)' }));
    await waitFor(() => expect(within(detail2).getByText('No earlier webhook with this action.')).toBeTruthy());
    act(() => undefined);
  });
});
