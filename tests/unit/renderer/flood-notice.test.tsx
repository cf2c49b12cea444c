// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWebhook } from './fake-transport';
import { renderApp } from './render-app';

afterEach(cleanup);

const notice = (): HTMLElement | null => screen.queryByText(/answered and stored, not listed yet/)?.closest<HTMLElement>('.flood-notice') ?? null;

describe('flood notice', () => {
  it('says how many webhooks a flood holds back, reloads the list on request, and goes when the flood is over', async () => {
    const app = await renderApp([makeWebhook(1)]);
    expect(notice()).toBeNull();

    // The engine holds 12,345 webhooks: stored (the list call returns them) but not pushed.
    for (let seq = 2; seq <= 4; seq++) app.transport.capture(makeWebhook(seq), { push: false });
    act(() => app.transport.emit('events.held', { held: 12_345 }));
    const shown = notice()!;
    expect(shown.getAttribute('role')).toBe('status');
    expect(shown.textContent).toContain('12,345 webhooks answered and stored, not listed yet');
    expect(shown.textContent).toContain('more than 1,000 arrive a second');
    expect(within(screen.getByRole('listbox', { name: 'Webhooks' })).getAllByRole('option')).toHaveLength(1);

    const listCalls = app.transport.callsOf('events.list').length;
    fireEvent.click(within(shown).getByRole('button', { name: 'Show them now' }));
    await waitFor(() => expect(within(screen.getByRole('listbox', { name: 'Webhooks' })).getAllByRole('option')).toHaveLength(4));
    expect(app.transport.callsOf('events.list').length).toBeGreaterThan(listCalls);

    act(() => app.transport.emit('events.held', { held: 1 }));
    expect(notice()!.textContent).toContain('1 webhook answered');
    act(() => app.transport.emit('events.held', { held: 0 }));
    expect(notice()).toBeNull();
  });
});
