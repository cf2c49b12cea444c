// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWebhook, makeWebhooks } from './fake-transport';
import { renderApp } from './render-app';

afterEach(cleanup);

const ROW = 28;

function listbox(): HTMLElement {
  return screen.getByRole('listbox', { name: 'Webhooks' });
}

function scrollList(top: number): void {
  const el = listbox();
  el.scrollTop = top;
  fireEvent.scroll(el);
}

describe('event list', () => {
  it('renders only a window of rows for 10,000 webhooks', async () => {
    const app = await renderApp();
    for (const w of makeWebhooks(10_000)) app.transport.capture(w);
    app.flushFrame();

    const rows = within(listbox()).getAllByRole('option');
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(100);
    expect(rows[0]!.getAttribute('aria-setsize')).toBe('10000');
    // Newest first.
    expect(rows[0]!.getAttribute('aria-label')).toContain('incoming_chat');
    expect(rows[0]!.getAttribute('aria-label')).toContain('CHAT010000');
    expect(screen.getByRole('status', { name: 'Webhook count' }).textContent).toBe('10,000 webhooks');

    act(() => scrollList(5000 * ROW));
    const window = within(listbox()).getAllByRole('option');
    expect(window.length).toBeLessThan(100);
    const positions = window.map((r) => Number(r.getAttribute('aria-posinset')));
    expect(positions).toContain(5001);
    expect(Math.min(...positions)).toBeGreaterThan(4900);
  });

  it('shows time, method, action, path, chat id, size and status in a row', async () => {
    await renderApp([
      makeWebhook(1),
      makeWebhook(2, { action: undefined, json: { hello: 'world' } }),
      makeWebhook(3, { action: undefined, json: undefined, parseError: 'Unexpected token < in JSON', bodyBase64: btoa('<xml/>') }),
    ]);
    const [invalid, noAction, chat] = within(listbox()).getAllByRole('option');
    expect(invalid!.textContent).toContain('invalid JSON');
    expect(noAction!.textContent).toContain('(no action)');
    expect(chat!.textContent).toMatch(/\d\d:\d\d:\d\d\.\d\d\d/);
    expect(chat!.textContent).toContain('POST');
    expect(chat!.textContent).toContain('incoming_chat');
    expect(chat!.textContent).toContain('/webhook');
    expect(chat!.textContent).toContain('CHAT000001');
    expect(chat!.textContent).toContain('200');
    expect(chat!.textContent).toMatch(/\d+ B/);
  });

  it('follows new webhooks at the top, pauses when scrolled down, and jumps back on request', async () => {
    const app = await renderApp(makeWebhooks(200));
    // At the top: new rows simply appear first, no button.
    app.transport.capture(makeWebhook(201));
    app.flushFrame();
    expect(within(listbox()).getAllByRole('option')[0]!.getAttribute('aria-label')).toContain('CHAT000201');
    expect(screen.queryByRole('button', { name: /jump to latest/ })).toBeNull();

    act(() => scrollList(50 * ROW));
    const before = listbox().scrollTop;
    for (const w of makeWebhooks(3, 202)) app.transport.capture(w);
    app.flushFrame();
    // The rows being read stay put: the view moved down by exactly the rows added above.
    expect(listbox().scrollTop).toBe(before + 3 * ROW);
    const jump = screen.getByRole('button', { name: '3 new — jump to latest' });

    fireEvent.click(jump);
    expect(listbox().scrollTop).toBe(0);
    expect(screen.queryByRole('button', { name: /jump to latest/ })).toBeNull();
    app.transport.capture(makeWebhook(205));
    app.flushFrame();
    expect(screen.queryByRole('button', { name: /jump to latest/ })).toBeNull();
  });

  it('selects with a click and moves the selection with ArrowDown / ArrowUp', async () => {
    const app = await renderApp(makeWebhooks(5));
    const rows = within(listbox()).getAllByRole('option');
    fireEvent.click(rows[1]!);
    await waitFor(() => expect(app.store.getState().detail.status).toBe('loaded'));
    expect(within(listbox()).getAllByRole('option')[1]!.getAttribute('aria-selected')).toBe('true');

    listbox().focus();
    fireEvent.keyDown(listbox(), { key: 'ArrowDown' });
    await waitFor(() => expect(app.store.getState().selectedId).toBe(makeWebhook(3).id));
    expect(within(listbox()).getAllByRole('option')[2]!.getAttribute('aria-selected')).toBe('true');
    expect(listbox().getAttribute('aria-activedescendant')).toBe(within(listbox()).getAllByRole('option')[2]!.id);

    fireEvent.keyDown(listbox(), { key: 'ArrowUp' });
    fireEvent.keyDown(listbox(), { key: 'ArrowUp' });
    await waitFor(() => expect(app.store.getState().selectedId).toBe(makeWebhook(5).id));
    await waitFor(() =>
      expect(within(screen.getByRole('region', { name: 'Webhook detail' })).getByLabelText('Chat ID').textContent).toBe('CHAT000005'),
    );
  });

  it('loads an older page when scrolled to the end', async () => {
    const app = await renderApp(makeWebhooks(300), { pageSize: 100 });
    expect(app.store.getState().events).toHaveLength(100);
    act(() => scrollList(100 * ROW));
    await waitFor(() => expect(app.store.getState().events).toHaveLength(200));
    expect(app.transport.callsOf('events.list').at(-1)).toMatchObject({ beforeSeq: 201 });
  });

  it('filters with the query box and the action facets', async () => {
    const app = await renderApp([makeWebhook(1), makeWebhook(2, { action: 'chat_deactivated' }), makeWebhook(3, { chatId: 'SPECIAL' })]);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Filter webhooks' }), { target: { value: 'special' } });
    await waitFor(() => expect(within(listbox()).getAllByRole('option')).toHaveLength(1));
    expect(app.transport.callsOf('events.list').at(-1)).toMatchObject({ query: 'special' });

    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(within(listbox()).getAllByRole('option')).toHaveLength(3));

    const facets = screen.getByRole('group', { name: 'Filter by action' });
    expect(within(facets).getByRole('button', { name: 'incoming_chat' }).textContent).toBe('incoming_chat 2');
    fireEvent.click(within(facets).getByRole('button', { name: 'chat_deactivated' }));
    await waitFor(() => expect(within(listbox()).getAllByRole('option')).toHaveLength(1));
    expect((screen.getByRole('searchbox', { name: 'Filter webhooks' }) as HTMLInputElement).value).toBe('action:chat_deactivated');
    expect(within(facets).getByRole('button', { name: 'chat_deactivated' }).getAttribute('aria-pressed')).toBe('true');
    expect(app.transport.callsOf('events.list').some((p) => p.query === 'action:chat_deactivated' && p.limit === 200)).toBe(true);
  });
});
