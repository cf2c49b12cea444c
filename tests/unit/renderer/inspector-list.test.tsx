// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeWebhook, makeWebhooks } from './fake-transport';
import { renderApp } from './render-app';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function listbox(): HTMLElement {
  return screen.getByRole('listbox', { name: 'Webhooks' });
}
function rows(): HTMLElement[] {
  return within(listbox()).getAllByRole('option');
}
function searchbox(): HTMLInputElement {
  return screen.getByRole('searchbox', { name: 'Filter webhooks' }) as HTMLInputElement;
}
function key(k: string, target: Element = document.body): void {
  fireEvent.keyDown(target, { key: k });
}

describe('filter bar', () => {
  it('shows a parse error under the input with the offending part marked', async () => {
    await renderApp(makeWebhooks(2));
    fireEvent.change(searchbox(), { target: { value: 'action:incoming_chat secret:maybe' } });
    const alert = screen.getByRole('alert');
    expect(alert.querySelector('mark')!.textContent).toBe('maybe');
    expect(alert.querySelector('.query-error-source')!.textContent).toBe('action:incoming_chat secret:maybe');
    expect(alert.querySelector('.query-error-message')!.textContent).toContain('bad secret value "maybe"');
    expect(searchbox().getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(searchbox(), { target: { value: 'action:incoming_chat secret:ok' } });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('groups retries into one row with ×N', async () => {
    const first = makeWebhook(1);
    const app = await renderApp([first, makeWebhook(2, { retryOf: first.id, attempt: 2 }), makeWebhook(3, { retryOf: first.id, attempt: 3 }), makeWebhook(4)]);
    expect(rows()).toHaveLength(4);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Group retries' }));
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(rows()[1]!.textContent).toContain('×3');
    expect(rows()[1]!.getAttribute('aria-label')).toContain('delivered 3 times');
    expect(app.transport.callsOf('events.list').at(-1)).toMatchObject({ groupRetries: true });
  });

  it('draws webhooks per minute by action as stacked bars with their counts', async () => {
    const base = makeWebhook(1).receivedAt;
    const at = (s: number): string => new Date(Date.parse(base) + s * 1000).toISOString();
    const app = await renderApp([
      makeWebhook(1, { receivedAt: at(0) }),
      makeWebhook(2, { receivedAt: at(5), action: 'incoming_event' }),
      makeWebhook(3, { receivedAt: at(6), action: 'incoming_event' }),
      makeWebhook(4, { receivedAt: at(70), action: 'chat_deactivated' }),
    ]);
    const chart = await screen.findByRole('img', { name: /Webhooks over time: 4 in 2 min/ });
    const titles = [...chart.querySelectorAll('title')].map((t) => t.textContent);
    expect(titles).toHaveLength(2);
    expect(titles[0]).toMatch(/3 webhooks \(incoming_event 2, incoming_chat 1\)$/);
    expect(titles[1]).toMatch(/1 webhook \(chat_deactivated 1\)$/);
    // The first bar stacks two series.
    expect(chart.querySelectorAll('g')[0]!.querySelectorAll('rect:not(.bar-hit)')).toHaveLength(2);
    expect(app.transport.callsOf('events.histogram')[0]).toMatchObject({ buckets: 60 });
  });
});

describe('keyboard', () => {
  it('moves with j/k, marks with x, diffs with d, and goes back with Esc', async () => {
    const app = await renderApp([
      makeWebhook(1, { json: { action: 'incoming_chat', payload: { chat: { id: 'A', tags: ['x'] } } } }),
      makeWebhook(2, { json: { action: 'incoming_chat', payload: { chat: { id: 'B', tags: ['x'] } } } }),
    ]);
    key('j');
    await waitFor(() => expect(app.store.getState().selectedId).toBe(makeWebhook(2).id));
    key('x');
    key('j');
    await waitFor(() => expect(app.store.getState().selectedId).toBe(makeWebhook(1).id));
    key('x');
    expect(rows().every((r) => r.getAttribute('aria-label')!.endsWith(', marked'))).toBe(true);
    key('d');
    const diff = await screen.findByRole('region', { name: 'Diff' });
    const changed = await within(diff).findByRole('region', { name: 'Changed paths' });
    expect(changed.textContent).toContain('payload.chat.id');
    expect(changed.textContent).toContain('"A" → "B"');
    // Older on the left.
    expect(app.transport.callsOf('events.diff').at(-1)).toMatchObject({ a: makeWebhook(1).id, b: makeWebhook(2).id });
    // Side-by-side lines are aligned off the main thread (a worker, or a deferred task where there is none): wait for them.
    const sides = await within(diff).findByRole('group', { name: 'Side by side' });
    await waitFor(() => expect(sides.textContent).toContain('"id": "B"'));

    key('Escape');
    expect(screen.queryByRole('region', { name: 'Diff' })).toBeNull();
    key('Escape');
    expect(app.store.getState().marked).toEqual([]);
    key('Escape');
    expect(app.store.getState().selectedId).toBeUndefined();
  });

  it('focuses the filter with /, types there without firing shortcuts, and lists everything on ?', async () => {
    const app = await renderApp(makeWebhooks(3));
    key('/');
    expect(document.activeElement).toBe(searchbox());
    key('j', searchbox());
    key('x', searchbox());
    expect(app.store.getState().selectedId).toBeUndefined();
    expect(app.store.getState().marked).toEqual([]);
    key('Escape', searchbox());
    expect(document.activeElement).not.toBe(searchbox());

    key('?');
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    for (const k of ['j', 'k', '/', 'Enter', 'x', 'd', 'c', 'p', 'Esc', '?']) {
      expect(within(dialog).getAllByText(k, { selector: 'kbd' }).length).toBeGreaterThan(0);
    }
    expect(dialog.textContent).toContain('action:incoming_*');
    key('Escape');
    expect(screen.queryByRole('dialog', { name: 'Keyboard shortcuts' })).toBeNull();
  });

  it('says what is missing when d is pressed with fewer than two marks, and pins with p', async () => {
    const app = await renderApp(makeWebhooks(2));
    key('k');
    await waitFor(() => expect(app.store.getState().detail.status).toBe('loaded'));
    key('d');
    expect(await screen.findByText('Mark two webhooks with x first (0 marked).')).toBeTruthy();
    key('p');
    await waitFor(() => expect(app.transport.callsOf('events.pin')).toEqual([{ id: makeWebhook(2).id, pinned: true }]));
  });
});

describe('diff ignore paths', () => {
  it('ignores a changed path with one click, saves it, and diffs again without it', async () => {
    const a = makeWebhook(1, { json: { action: 'incoming_chat', created_at: '1', payload: { n: 1 } } });
    const b = makeWebhook(2, { json: { action: 'incoming_chat', created_at: '2', payload: { n: 2 } } });
    const app = await renderApp([a, b]);
    act(() => {
      app.store.getState().toggleMark(a.id);
      app.store.getState().toggleMark(b.id);
    });
    fireEvent.click(screen.getByRole('button', { name: 'Diff' }));
    const diff = await screen.findByRole('region', { name: 'Diff' });
    await within(diff).findByRole('region', { name: 'Changed paths' });
    expect(within(diff).getByRole('status').textContent).toContain('2 differences');
    fireEvent.click(within(diff).getByRole('button', { name: 'Ignore created_at' }));
    await waitFor(() => expect(within(diff).getByRole('status').textContent).toContain('1 difference'));
    expect(within(diff).getByRole('status').textContent).toContain('1 change ignored');
    expect(app.transport.diffIgnore).toEqual(['created_at']);
    expect(app.transport.callsOf('events.diff').at(-1)).toMatchObject({ ignore: ['created_at'] });

    // The editor refuses a pattern that is not a path, and removes one.
    fireEvent.change(within(diff).getByRole('textbox', { name: 'Path to ignore' }), { target: { value: 'payload..n' } });
    fireEvent.click(within(diff).getByRole('button', { name: 'Ignore' }));
    expect(within(diff).getByRole('alert').textContent).toMatch(/Not a path pattern/);
    fireEvent.click(within(diff).getByRole('button', { name: 'Stop ignoring created_at' }));
    await waitFor(() => expect(app.transport.diffIgnore).toEqual([]));
  });
});

describe('export and import', () => {
  it('exports the marked rows with progress, reads the chunks and downloads one file', async () => {
    const created: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      created.push(blob as Blob);
      return 'blob:test';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const clicks = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const app = await renderApp(makeWebhooks(4));
    act(() => {
      app.store.getState().toggleMark(makeWebhook(2).id);
      app.store.getState().toggleMark(makeWebhook(4).id);
    });
    fireEvent.click(screen.getByRole('button', { name: 'Export…' }));
    const panel = screen.getByRole('region', { name: 'Export' });
    expect((within(panel).getByRole('radio', { name: /Marked \(2\)/ }) as HTMLInputElement).checked).toBe(true);
    expect((within(panel).getByRole('checkbox', { name: 'Include secrets' }) as HTMLInputElement).checked).toBe(false);
    fireEvent.click(within(panel).getByRole('radio', { name: /NDJSON/ }));
    fireEvent.click(within(panel).getByRole('button', { name: 'Export' }));
    await waitFor(() => expect(created).toHaveLength(1));
    const exportCall = app.transport.callsOf('events.export')[0]!;
    expect(exportCall).toMatchObject({ format: 'ndjson', ids: [makeWebhook(2).id, makeWebhook(4).id], includeSecrets: false });
    const text = await created[0]!.text();
    expect(text.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)).toEqual([makeWebhook(2).id, makeWebhook(4).id]);
    // Read back in several chunks, joined in order.
    expect(app.transport.callsOf('events.exportChunk').length).toBeGreaterThan(3);
    expect(clicks).toHaveBeenCalledTimes(1);
    expect(within(panel).getByRole('status').textContent).toBe('Saved livehook-test.ndjson (2 webhooks).');
  });

  it('shows progress and cancels a running export', async () => {
    const app = await renderApp(makeWebhooks(5));
    let open!: () => void;
    app.transport.exportGate = new Promise((r) => (open = r));
    fireEvent.click(screen.getByRole('button', { name: 'Export…' }));
    const panel = screen.getByRole('region', { name: 'Export' });
    fireEvent.click(within(panel).getByRole('button', { name: 'Export' }));
    await waitFor(() => expect(within(panel).getByRole('progressbar', { name: 'Export progress' }).getAttribute('value')).toBe('5'));
    expect(panel.textContent).toContain('5 of 5');
    fireEvent.click(within(panel).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(app.transport.callsOf('events.cancelJob')).toHaveLength(1));
    open();
    await waitFor(() => expect(within(panel).queryByRole('progressbar')).toBeNull());
    expect(app.transport.callsOf('events.exportChunk')).toHaveLength(0);
    expect(app.transport.callsOf('events.export')[0]).toMatchObject({ query: '', format: 'har' });
  });

  it('imports an NDJSON file and reports what was imported and skipped', async () => {
    const app = await renderApp(makeWebhooks(1));
    const file = new File(['{"path":"/a"}\n{"path":"/b"}\nnot json\n'], 'hooks.ndjson', { type: 'application/x-ndjson' });
    fireEvent.change(screen.getByLabelText('Import HAR or NDJSON file'), { target: { files: [file] } });
    const result = await screen.findByRole('status', { name: 'Import result' });
    expect(result.textContent).toContain('Imported 2 webhooks, skipped 1.');
    expect(result.textContent).toContain('line 3: not JSON');
    expect(app.transport.imported[0]!.format).toBe('ndjson');
    await waitFor(() => expect(rows()).toHaveLength(3));
  });
});
