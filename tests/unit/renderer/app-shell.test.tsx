// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeWebhooks } from './fake-transport';
import { renderApp } from './render-app';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const CURL =
  `curl -X POST http://127.0.0.1:4567/webhook -H 'Content-Type: application/json' ` +
  `-d '{"action":"incoming_chat","payload":{"chat":{"id":"PJ0MRSHTDG"}}}'`;

describe('header, empty state, clear and errors', () => {
  it('shows an empty state with a ready curl line for the receiver URL', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await renderApp();
    expect(screen.getByRole('heading', { name: 'No webhooks yet' })).toBeTruthy();
    expect(screen.getByLabelText('Sample curl command').textContent).toBe(CURL);

    fireEvent.click(screen.getByRole('button', { name: 'Copy curl command' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Copy curl command' }).textContent).toBe('Copied'));
    expect(writeText).toHaveBeenCalledWith(CURL);
  });

  it('shows the receiver URL with a copy button, the connection state and the webhook count', async () => {
    const app = await renderApp(makeWebhooks(2));
    expect(screen.getByLabelText('Receiver URL').textContent).toBe('http://127.0.0.1:4567');
    expect(screen.getByRole('status', { name: 'Webhook count' }).textContent).toBe('2 webhooks');
    expect(screen.getByRole('status', { name: /^Connection/ }).textContent).toContain('Connected');

    app.transport.drop();
    await waitFor(() => expect(screen.getByRole('status', { name: /^Connection/ }).textContent).toContain('Reconnecting…'));
    app.transport.reconnect();
    await waitFor(() => expect(screen.getByRole('status', { name: /^Connection/ }).textContent).toContain('Connected'));
  });

  it('asks for confirmation before clearing history', async () => {
    const app = await renderApp(makeWebhooks(3));
    fireEvent.click(screen.getByRole('button', { name: 'Clear history' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Clear history?' });
    expect(dialog.textContent).toContain('3 captured webhooks');

    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(app.transport.callsOf('events.clear')).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: 'Clear history' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete all webhooks' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(app.transport.callsOf('events.clear')).toHaveLength(1);
    expect(screen.getByRole('heading', { name: 'No webhooks yet' })).toBeTruthy();
    expect(screen.getByRole('status', { name: 'Webhook count' }).textContent).toBe('0 webhooks');
  });

  it('shows a failed call in a dismissable banner', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const app = await renderApp(makeWebhooks(3));
    app.transport.failures.set('events.clear', { code: 'unavailable', message: 'The disk is full' });
    fireEvent.click(screen.getByRole('button', { name: 'Clear history' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete all webhooks' }));

    const banner = await screen.findByRole('alert');
    expect(banner.textContent).toContain('Clearing history failed');
    expect(banner.textContent).toContain('The disk is full');
    expect(within(screen.getByRole('listbox', { name: 'Webhooks' })).getAllByRole('option')).toHaveLength(3);

    fireEvent.click(within(banner).getByRole('button', { name: /Dismiss error/ }));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
