// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderApp } from './render-app';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const PUBLIC = 'https://quiet-otter-42.loca.lt';
const curlTo = (base: string): string =>
  `curl -X POST ${base}/webhook -H 'Content-Type: application/json' ` +
  `-d '{"action":"incoming_chat","payload":{"chat":{"id":"PJ0MRSHTDG"}}}'`;

const header = () => screen.getByRole('banner');
const tunnelStatus = () => within(header()).getByRole('status', { name: /^Tunnel/ });

async function openPanel() {
  fireEvent.click(within(header()).getByRole('button', { name: 'Tunnel' }));
  return screen.findByRole('region', { name: 'Tunnel' });
}

describe('tunnel status in the header', () => {
  it('follows tunnel.status pushes through every state', async () => {
    const app = await renderApp();
    // Asked for at start.
    expect(app.transport.callsOf('tunnel.status')).toHaveLength(1);
    expect(tunnelStatus().textContent).toBe('Tunnel off');
    expect(within(header()).queryByLabelText('Public URL')).toBeNull();

    app.transport.setTunnel({ state: 'connecting' });
    // Pushes wait for the frame, like webhooks.
    expect(tunnelStatus().textContent).toBe('Tunnel off');
    app.flushFrame();
    expect(tunnelStatus().textContent).toBe('Tunnel connecting…');
    expect(tunnelStatus().querySelector('.badge-warn')).not.toBeNull();

    app.transport.setTunnel({ state: 'online', url: PUBLIC, since: new Date().toISOString() });
    app.flushFrame();
    expect(tunnelStatus().textContent).toBe('Online');
    expect(tunnelStatus().getAttribute('aria-label')).toBe('Tunnel: Online');
    expect(tunnelStatus().querySelector('.badge-ok')).not.toBeNull();
    expect(within(header()).getByLabelText('Public URL').textContent).toBe(PUBLIC);
    expect(within(header()).getByRole('button', { name: 'Copy public URL' })).toBeTruthy();

    app.transport.setTunnel({ state: 'reconnecting', attempt: 2, nextRetryInMs: 4000, lastError: 'The tunnel server refused the connection' });
    app.flushFrame();
    expect(tunnelStatus().textContent).toBe('Reconnecting (attempt 2, next in 4s)');
    expect(tunnelStatus().getAttribute('aria-label')).toBe('Tunnel: Reconnecting (attempt 2)');
    expect(tunnelStatus().querySelector('.badge-warn')).not.toBeNull();
    expect(within(header()).queryByLabelText('Public URL')).toBeNull();

    app.transport.setTunnel({ state: 'failed', reason: 'The tunnel server must be given by name' });
    app.flushFrame();
    expect(tunnelStatus().textContent).toBe('Tunnel failed');
    expect(tunnelStatus().querySelector('.badge-error')).not.toBeNull();

    app.transport.setTunnel({ state: 'stopped' });
    app.flushFrame();
    expect(tunnelStatus().textContent).toBe('Tunnel off');
    expect(tunnelStatus().querySelector('.badge-neutral')).not.toBeNull();
  });

  it('counts down to the next retry once a second', async () => {
    const app = await renderApp();
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    app.transport.setTunnel({ state: 'reconnecting', attempt: 3, nextRetryInMs: 2500, lastError: 'cut' });
    app.flushFrame();
    expect(tunnelStatus().textContent).toBe('Reconnecting (attempt 3, next in 3s)');
    act(() => vi.advanceTimersByTime(1000));
    expect(tunnelStatus().textContent).toBe('Reconnecting (attempt 3, next in 2s)');
    act(() => vi.advanceTimersByTime(2000));
    expect(tunnelStatus().textContent).toBe('Reconnecting (attempt 3, retrying now)');
    // The next failure restarts the count from its own arrival.
    app.transport.setTunnel({ state: 'reconnecting', attempt: 4, nextRetryInMs: 8000, lastError: 'cut' });
    app.flushFrame();
    expect(tunnelStatus().textContent).toBe('Reconnecting (attempt 4, next in 8s)');
    app.transport.setTunnel({ state: 'online', url: PUBLIC, since: new Date().toISOString() });
    app.flushFrame();
    // Nothing ticks once it is back (and the panel is closed).
    expect(vi.getTimerCount()).toBe(0);
  });

  it('copies the public URL', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const app = await renderApp();
    app.transport.setTunnel({ state: 'online', url: PUBLIC, since: new Date().toISOString() });
    app.flushFrame();
    fireEvent.click(within(header()).getByRole('button', { name: 'Copy public URL' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(PUBLIC));
  });

  it('fetches the tunnel state again after the link comes back', async () => {
    const app = await renderApp();
    app.transport.drop();
    // Pushed while the link was down: lost.
    app.transport.setTunnel({ state: 'online', url: PUBLIC, since: new Date().toISOString() });
    app.flushFrame();
    expect(tunnelStatus().textContent).toBe('Tunnel off');
    app.transport.reconnect();
    await waitFor(() => expect(tunnelStatus().textContent).toBe('Online'));
    expect(app.transport.callsOf('tunnel.status')).toHaveLength(2);
  });
});

describe('the tunnel panel', () => {
  it('opens and closes from the header button', async () => {
    await renderApp();
    const toggle = within(header()).getByRole('button', { name: 'Tunnel' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('region', { name: 'Tunnel' })).toBeNull();
    const panel = await openPanel();
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(toggle.getAttribute('aria-controls')).toBe(panel.id);
    fireEvent.click(within(panel).getByRole('button', { name: 'Close tunnel panel' }));
    expect(screen.queryByRole('region', { name: 'Tunnel' })).toBeNull();
    expect(document.activeElement).toBe(toggle);

    fireEvent.click(toggle);
    fireEvent.keyDown(screen.getByRole('region', { name: 'Tunnel' }), { key: 'Escape' });
    expect(screen.queryByRole('region', { name: 'Tunnel' })).toBeNull();
  });

  it('starts and stops the tunnel with the right methods, only the applicable button enabled', async () => {
    const app = await renderApp();
    const panel = await openPanel();
    const start = within(panel).getByRole('button', { name: 'Start' }) as HTMLButtonElement;
    const stop = within(panel).getByRole('button', { name: 'Stop' }) as HTMLButtonElement;
    expect(start.disabled).toBe(false);
    expect(stop.disabled).toBe(true);
    expect(within(panel).getByLabelText('State').textContent).toMatch(/^Off/);

    fireEvent.click(start);
    await waitFor(() => expect(stop.disabled).toBe(false));
    expect(app.transport.callsOf('tunnel.start')).toEqual([{}]);
    expect(start.disabled).toBe(true);
    expect(tunnelStatus().textContent).toBe('Tunnel connecting…');
    expect(within(panel).getByLabelText('State').textContent).toContain('Opening a tunnel through https://localtunnel.me');

    app.transport.setTunnel({ state: 'online', url: PUBLIC, since: new Date().toISOString() });
    app.flushFrame();
    expect(within(panel).getByLabelText('Public URL').textContent).toBe(PUBLIC);
    expect(within(panel).getByRole('button', { name: 'Copy public URL' })).toBeTruthy();
    expect(within(panel).getByText(/LiveChat must be able to reach this URL/).textContent).toMatch(/nothing of the inspector/);

    fireEvent.click(stop);
    await waitFor(() => expect(tunnelStatus().textContent).toBe('Tunnel off'));
    expect(app.transport.callsOf('tunnel.stop')).toEqual([{}]);
    expect(start.disabled).toBe(false);
    expect(stop.disabled).toBe(true);
    // The last URL stays in view, marked as not reachable.
    expect(within(panel).getByLabelText('Last public URL').textContent).toBe(PUBLIC);
  });

  it('reports a failed start in the error banner', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const app = await renderApp();
    app.transport.failures.set('tunnel.start', { code: 'unavailable', message: 'The engine is shutting down' });
    const panel = await openPanel();
    fireEvent.click(within(panel).getByRole('button', { name: 'Start' }));
    const banner = await screen.findByRole('alert');
    expect(banner.textContent).toContain('Starting the tunnel failed');
    expect(banner.textContent).toContain('The engine is shutting down');
  });

  it('shows the last error with its time, the reconnect count and the time online', async () => {
    const app = await renderApp();
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const errorAt = new Date(2025, 0, 15, 14, 2, 11);
    app.transport.setTunnel(
      { state: 'online', url: PUBLIC, since: new Date(Date.now() - (3 * 60 + 12) * 1000).toISOString() },
      { reconnects: 4, lastError: 'The tunnel server refused the connection (ECONNREFUSED at localhost:4000)', lastErrorAt: errorAt.toISOString() },
    );
    app.flushFrame();
    // Nothing ticks while the panel is closed.
    expect(vi.getTimerCount()).toBe(0);
    const panel = await openPanel();
    expect(within(panel).getByLabelText('Time online').textContent).toBe('online for 3 min 12 s');
    act(() => vi.advanceTimersByTime(1000));
    expect(within(panel).getByLabelText('Time online').textContent).toBe('online for 3 min 13 s');
    expect(within(panel).getByLabelText('Reconnects').textContent).toBe('4');
    const lastError = within(panel).getByLabelText('Last error').textContent;
    expect(lastError).toContain('The tunnel server refused the connection (ECONNREFUSED at localhost:4000)');
    expect(lastError).toMatch(/14:02:11/);

    fireEvent.click(within(panel).getByRole('button', { name: 'Close tunnel panel' }));
    expect(vi.getTimerCount()).toBe(0);
  });

  it('shows the engine’s refusal of an invalid subdomain next to the form, and saves only what changed', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const app = await renderApp();
    const panel = await openPanel();
    const form = within(panel).getByRole('form', { name: 'Tunnel settings' });
    const subdomain = within(form).getByLabelText('Requested subdomain') as HTMLInputElement;
    const save = within(form).getByRole('button', { name: 'Save' }) as HTMLButtonElement;
    expect((within(form).getByLabelText('Tunnel server host') as HTMLInputElement).value).toBe('https://localtunnel.me');
    expect(subdomain.value).toBe('');
    expect((within(form).getByLabelText('Start tunnel on launch') as HTMLInputElement).checked).toBe(true);
    expect(save.disabled).toBe(true);

    fireEvent.change(subdomain, { target: { value: 'My_Sub' } });
    fireEvent.click(save);
    const refusal = await within(form).findByRole('alert');
    expect(refusal.textContent).toBe(
      'Invalid params for tunnel.configure: subdomain A subdomain is 4–63 lowercase letters, digits and hyphens (not at either end; with a hyphen at least 6 long).',
    );
    expect(app.transport.callsOf('tunnel.configure')).toEqual([{ subdomain: 'My_Sub' }]);
    expect(subdomain.getAttribute('aria-invalid')).toBe('true');
    expect(subdomain.getAttribute('aria-describedby')).toBe(refusal.id);
    // Beside the form, not in the banner; the typed value is kept for fixing.
    expect(screen.getAllByRole('alert')).toEqual([refusal]);
    expect(subdomain.value).toBe('My_Sub');

    fireEvent.change(subdomain, { target: { value: 'my-sub-1' } });
    fireEvent.click(within(form).getByLabelText('Start tunnel on launch'));
    fireEvent.click(save);
    await waitFor(() => expect(within(form).queryByRole('alert')).toBeNull());
    expect(app.transport.callsOf('tunnel.configure').at(-1)).toEqual({ subdomain: 'my-sub-1', startOnLaunch: false });
    expect(app.store.getState().tunnel?.settings).toMatchObject({ subdomain: 'my-sub-1', startOnLaunch: false });
    expect(subdomain.value).toBe('my-sub-1');
    expect(subdomain.getAttribute('aria-invalid')).toBeNull();
  });

  it('switches to an own public URL and back', async () => {
    const app = await renderApp();
    const panel = await openPanel();
    const form = within(panel).getByRole('form', { name: 'Tunnel settings' });
    const own = within(form).getByLabelText('Own public URL') as HTMLInputElement;
    expect(own.disabled).toBe(true);
    fireEvent.click(within(form).getByLabelText('Use my own public URL (ngrok, cloudflared…)'));
    expect(own.disabled).toBe(false);
    expect((within(form).getByLabelText('Tunnel server host') as HTMLInputElement).disabled).toBe(true);

    // Ticked but empty: the engine says why.
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    expect((await within(form).findByRole('alert')).textContent).toContain('The public URL must be an http:// or https:// URL.');
    expect(own.getAttribute('aria-invalid')).toBe('true');

    fireEvent.change(own, { target: { value: 'https://abc.ngrok.app' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(app.store.getState().tunnel?.settings.publicUrl).toBe('https://abc.ngrok.app'));
    expect(within(form).queryByRole('alert')).toBeNull();

    fireEvent.click(within(form).getByLabelText('Use my own public URL (ngrok, cloudflared…)'));
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(app.store.getState().tunnel?.settings.publicUrl).toBeNull());
    expect(app.transport.callsOf('tunnel.configure').at(-1)).toEqual({ publicUrl: null });
  });

  it('follows pushed settings until the user edits, and discards edits on request', async () => {
    const app = await renderApp();
    const panel = await openPanel();
    const form = within(panel).getByRole('form', { name: 'Tunnel settings' });
    const host = within(form).getByLabelText('Tunnel server host') as HTMLInputElement;
    app.transport.setTunnel({ state: 'stopped' }, { settings: { ...app.transport.tunnel.settings, host: 'http://tunnel.example.com:8080' } });
    app.flushFrame();
    expect(host.value).toBe('http://tunnel.example.com:8080');

    fireEvent.change(host, { target: { value: 'http://other.example.com' } });
    app.transport.setTunnel({ state: 'stopped' }, { settings: { ...app.transport.tunnel.settings, startOnLaunch: false } });
    app.flushFrame();
    expect(host.value).toBe('http://other.example.com');

    fireEvent.click(within(form).getByRole('button', { name: 'Discard changes' }));
    expect(host.value).toBe('http://tunnel.example.com:8080');
    expect((within(form).getByLabelText('Start tunnel on launch') as HTMLInputElement).checked).toBe(false);
  });
});

describe('public URL change notice', () => {
  it('shows both URLs until dismissed', async () => {
    const app = await renderApp();
    app.transport.emit('tunnel.urlChanged', { previousUrl: 'https://old-name.loca.lt', url: 'https://new-name.loca.lt' });
    expect(screen.queryByRole('status', { name: 'Public URL changed' })).toBeNull();
    app.flushFrame();
    const notice = screen.getByRole('status', { name: 'Public URL changed' });
    expect(notice.textContent).toContain(
      'Public URL changed from https://old-name.loca.lt to https://new-name.loca.lt — LiveChat webhooks registered to the old URL must be re-pointed',
    );
    fireEvent.click(within(notice).getByRole('button', { name: 'Dismiss public URL change notice' }));
    expect(screen.queryByRole('status', { name: 'Public URL changed' })).toBeNull();
  });
});

describe('empty state with the tunnel online', () => {
  it('uses the public URL in the sample curl line, with the local one below', async () => {
    const app = await renderApp();
    expect(screen.getByLabelText('Sample curl command').textContent).toBe(curlTo('http://127.0.0.1:4567'));
    expect(screen.queryByLabelText('Local curl command')).toBeNull();

    app.transport.setTunnel({ state: 'online', url: PUBLIC, since: new Date().toISOString() });
    app.flushFrame();
    expect(screen.getByLabelText('Sample curl command').textContent).toBe(curlTo(PUBLIC));
    expect(screen.getByText('or locally:')).toBeTruthy();
    expect(screen.getByLabelText('Local curl command').textContent).toBe(curlTo('http://127.0.0.1:4567'));
    expect(screen.getByRole('button', { name: 'Copy local curl command' })).toBeTruthy();

    app.transport.setTunnel({ state: 'reconnecting', attempt: 1, nextRetryInMs: 500, lastError: 'cut' });
    app.flushFrame();
    expect(screen.getByLabelText('Sample curl command').textContent).toBe(curlTo('http://127.0.0.1:4567'));
    expect(screen.queryByText('or locally:')).toBeNull();
  });
});
