// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_REDIRECT_URI } from '@shared/api/domains/livechat';
import { makeLiveChatStatus, makeRegisteredWebhook, makeWebhook, signedIn } from './fake-transport';
import { renderApp } from './render-app';

afterEach(cleanup);

const header = () => screen.getByRole('banner');
const livechatState = () => within(header()).getByRole('status', { name: /^LiveChat:/ });

async function openPanel() {
  fireEvent.click(within(header()).getByRole('button', { name: 'LiveChat' }));
  return screen.findByRole('region', { name: 'LiveChat' });
}

describe('LiveChat in the header', () => {
  it('shows the compact state and follows livechat.status pushes', async () => {
    const app = await renderApp();
    expect(livechatState().textContent).toBe('Signed out');
    app.transport.setLiveChat(signedIn());
    app.flushFrame();
    expect(livechatState().textContent).toBe('Signed in');
    expect(livechatState().getAttribute('aria-label')).toBe('LiveChat: Signed in');
    app.transport.setLiveChat(signedIn('sandbox'));
    app.flushFrame();
    expect(livechatState().textContent).toBe('Sandbox');
  });
});

describe('signing in', () => {
  it('OAuth: shows the Developer Console setup, signs in with the Client ID, waits for the browser, cancels', async () => {
    const app = await renderApp();
    const panel = await openPanel();
    const oauth = within(panel).getByRole('form', { name: 'Sign in with LiveChat' });
    expect(within(oauth).getByLabelText('Redirect URI').textContent).toBe(DEFAULT_REDIRECT_URI);
    expect(within(oauth).getByLabelText('Scopes').textContent).toBe('webhooks.configuration:rw webhooks.state:rw');
    expect(within(oauth).getByLabelText('Developer Console URL').textContent).toContain('platform.text.com');
    for (const name of ['Copy redirect URI', 'Copy scopes', 'Copy Developer Console URL']) {
      expect(within(oauth).getByRole('button', { name })).toBeTruthy();
    }
    const signIn = within(oauth).getByRole('button', { name: 'Sign in' });
    expect((signIn as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(within(oauth).getByLabelText('Client ID'), { target: { value: 'abc123' } });
    fireEvent.click(signIn);
    await waitFor(() => expect(app.transport.callsOf('livechat.signIn')).toEqual([{ mode: 'oauth', clientId: 'abc123' }]));

    const waiting = await within(panel).findByRole('status', { name: 'Waiting for the browser' });
    expect(waiting.textContent).toContain('Waiting for the browser…');
    expect(within(waiting).getByLabelText('Authorize URL').textContent).toContain('client_id=abc123');
    expect(within(waiting).getByRole('button', { name: 'Copy authorize URL' })).toBeTruthy();
    expect(livechatState().textContent).toBe('Signing in…');
    fireEvent.click(within(waiting).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(app.transport.callsOf('livechat.cancelSignIn')).toHaveLength(1));
    await within(panel).findByRole('form', { name: 'Sign in with LiveChat' });
  });

  it('PAT: sends account id, token and Client ID; the token field is a password field', async () => {
    const app = await renderApp();
    const panel = await openPanel();
    const pat = within(panel).getByRole('form', { name: 'Personal Access Token' });
    const token = within(pat).getByLabelText('Personal Access Token') as HTMLInputElement;
    expect(token.type).toBe('password');
    fireEvent.change(within(pat).getByLabelText('Account ID'), { target: { value: 'acc-1' } });
    fireEvent.change(token, { target: { value: 'dal:secret' } });
    fireEvent.change(within(pat).getByLabelText('Client ID'), { target: { value: 'client-7' } });
    fireEvent.click(within(pat).getByRole('button', { name: 'Sign in' }));
    await waitFor(() =>
      expect(app.transport.callsOf('livechat.signIn')).toEqual([{ mode: 'pat', accountId: 'acc-1', pat: 'dal:secret', clientId: 'client-7' }]),
    );
    await waitFor(() => expect(livechatState().textContent).toBe('Signed in'));
    expect(within(panel).getByLabelText('Owner Client ID').textContent).toBe('client-7');
    expect(within(panel).getByLabelText('Mode').textContent).toBe('LiveChat (Personal Access Token)');
  });

  it('Sandbox account: one click, then the Trigger box sends the picked action', async () => {
    const app = await renderApp();
    const panel = await openPanel();
    expect(within(panel).getByText('Try everything offline with a built-in LiveChat stand-in.')).toBeTruthy();
    fireEvent.click(within(panel).getByRole('button', { name: 'Sandbox account' }));
    await waitFor(() => expect(livechatState().textContent).toBe('Sandbox'));
    expect(app.transport.callsOf('livechat.signIn')).toEqual([{ mode: 'sandbox' }]);

    const trigger = await within(panel).findByRole('form', { name: 'Trigger' });
    await waitFor(() => expect(within(trigger).getAllByRole('option')).toHaveLength(3));
    fireEvent.change(within(trigger).getByRole('combobox', { name: 'Action to trigger' }), { target: { value: 'chat_deactivated' } });
    fireEvent.click(within(trigger).getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(app.transport.callsOf('sandbox.trigger')).toEqual([{ action: 'chat_deactivated' }]));

    app.transport.emit('sandbox.delivery', {
      triggerId: 't1', webhookId: 'wh-1', url: 'http://x', action: 'chat_deactivated', attempt: 1,
      startedAt: '2025-01-15T09:30:00.000Z', latencyMs: 12, status: 500, ok: false, willRetry: true,
    });
    app.transport.emit('sandbox.delivery', {
      triggerId: 't1', webhookId: 'wh-1', url: 'http://x', action: 'chat_deactivated', attempt: 2,
      startedAt: '2025-01-15T09:30:01.000Z', latencyMs: 3, status: 200, ok: true, willRetry: false,
    });
    app.flushFrame();
    const attempts = within(within(panel).getByRole('list', { name: 'Delivery attempts' })).getAllByRole('listitem');
    expect(attempts.map((li) => li.getAttribute('aria-label'))).toEqual([
      'chat_deactivated, attempt 2, HTTP 200, ok ✓',
      'chat_deactivated, attempt 1, HTTP 500, retrying',
    ]);
  });

  it('shows a refused sign-in and the engine’s lastError in plain words, in the panel', async () => {
    const app = await renderApp();
    const panel = await openPanel();
    app.transport.failures.set('livechat.signIn', { code: 'livechat_error', message: 'The sandbox is not running.' });
    fireEvent.click(within(panel).getByRole('button', { name: 'Sandbox account' }));
    await waitFor(() => expect(within(panel).getByRole('alert', { name: 'LiveChat error' }).textContent).toBe('The sandbox is not running.'));
    // A new attempt clears it; the engine's own lastError shows when there is no call error.
    app.transport.setLiveChat(makeLiveChatStatus({ lastError: { code: 'livechat_error', message: 'The token was revoked.', at: '2025-01-15T09:30:00.000Z' } }));
    fireEvent.click(within(panel).getByRole('button', { name: 'Sandbox account' }));
    app.flushFrame();
    await waitFor(() => expect(livechatState().textContent).toBe('Sandbox'));
    expect(within(panel).queryByRole('alert', { name: 'LiveChat error' })).toBeNull();
  });

  it('shows who is signed in with missing scopes highlighted, an API notice, and signs out', async () => {
    const app = await renderApp();
    const status = signedIn();
    status.account!.scopes = ['webhooks.configuration:rw'];
    status.account!.missingScopes = ['webhooks.state:rw'];
    status.apiNotice = { legacy: null, deprecation: 'true', seenAt: '2025-01-15T09:30:00.000Z', method: 'list_webhooks' };
    app.transport.setLiveChat(status);
    app.flushFrame();
    const panel = await openPanel();
    expect(within(panel).getByLabelText('Account').textContent).toBe('agent@example.com');
    expect(within(panel).getByLabelText('Organization').textContent).toBe('org-1');
    expect(within(panel).getByLabelText('Scopes').textContent).toContain('missing: webhooks.state:rw');
    expect(within(panel).getByRole('note', { name: 'LiveChat API notice' }).textContent).toContain('deprecated');
    fireEvent.click(within(panel).getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(livechatState().textContent).toBe('Signed out'));
    expect(app.transport.callsOf('livechat.signOut')).toHaveLength(1);
  });
});

describe('webhook registrations', () => {
  async function signedInPanel() {
    const app = await renderApp();
    app.transport.setLiveChat(signedIn());
    app.flushFrame();
    const panel = await openPanel();
    const form = await within(panel).findByRole('form', { name: 'Register webhooks' });
    await within(form).findByRole('checkbox', { name: 'incoming_chat' });
    return { app, panel, form };
  }

  it('offers the actions grouped with their descriptions and registers the chosen ones', async () => {
    const { app, panel, form } = await signedInPanel();
    const chats = within(form).getByRole('group', { name: 'Chats' });
    const incoming = within(chats).getByRole('checkbox', { name: 'incoming_chat' });
    expect(incoming.getAttribute('aria-describedby')).not.toBeNull();
    expect(document.getElementById(incoming.getAttribute('aria-describedby')!)!.textContent).toMatch(/chat/i);
    expect(within(within(form).getByRole('group', { name: 'Events' })).getByRole('checkbox', { name: 'incoming_event' })).toBeTruthy();
    const register = within(form).getByRole('button', { name: 'Register' }) as HTMLButtonElement;
    expect(register.disabled).toBe(true);

    fireEvent.click(incoming);
    fireEvent.click(within(chats).getByRole('checkbox', { name: 'chat_deactivated' }));
    fireEvent.click(within(form).getByRole('radio', { name: 'bot' }));
    fireEvent.click(within(form).getByRole('checkbox', { name: 'chat_properties' }));
    fireEvent.click(register);
    await waitFor(() =>
      expect(app.transport.callsOf('webhooks.register')).toEqual([
        { actions: ['incoming_chat', 'chat_deactivated'], type: 'bot', additionalData: ['chat_properties'] },
      ]),
    );
    expect((await within(panel).findByRole('status', { name: 'Webhook result' })).textContent).toContain('Registered 2 webhooks.');
    const table = within(panel).getByRole('table', { name: 'Registered webhooks' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[0]!.textContent)).toEqual(['incoming_chat', 'chat_deactivated']);
    expect(within(rows[0]!).getByText('this LiveHook')).toBeTruthy();
    expect(within(rows[0]!).getByText('yes')).toBeTruthy();

    fireEvent.click(within(table).getByRole('button', { name: 'Unregister incoming_chat (wh-1)' }));
    await waitFor(() => expect(app.transport.callsOf('webhooks.unregister')).toEqual([{ ids: ['wh-1'] }]));
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(2));
  });

  it('shows the license state with Enable / Disable', async () => {
    const { app, panel } = await signedInPanel();
    const license = within(panel).getByRole('group', { name: 'License webhooks' });
    await waitFor(() => expect(within(license).getByRole('status').getAttribute('aria-label')).toBe('License webhooks: disabled'));
    fireEvent.click(within(license).getByRole('button', { name: 'Enable' }));
    await waitFor(() => expect(within(license).getByRole('status').getAttribute('aria-label')).toBe('License webhooks: enabled'));
    expect(app.transport.callsOf('webhooks.enableLicense')).toHaveLength(1);
    expect((within(license).getByRole('button', { name: 'Enable' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows the re-pointing notice, vanished (Restore) and stale (Clean up) webhooks, and problems', async () => {
    const { app, panel } = await signedInPanel();
    // Kept by the fake, so the answers to Restore and Clean up still carry them.
    app.transport.webhooksExtra = {
      webhooks: [makeRegisteredWebhook({ id: 'wh-3', action: 'incoming_chat', url: 'https://old.loca.lt/livechat/wh-3', pointsAtPublicUrl: false })],
      repointing: {
        from: 'https://old.loca.lt',
        to: 'https://new.loca.lt',
        startedAt: '2025-01-15T09:30:00.000Z',
        windowEndsAt: '2025-01-15T09:32:00.000Z',
        message: '',
      },
      vanished: [{ id: 'wh-8', action: 'chat_deactivated', type: 'license', url: 'https://old.loca.lt/livechat/wh-8', registeredAt: '2025-01-15T09:00:00.000Z' }],
      stale: [{ id: 'wh-5', action: 'incoming_event', url: 'https://dead.loca.lt/livechat/wh-5' }],
      problems: ['Could not re-list: LiveChat answered 503.'],
    };
    app.transport.emit('webhooks.changed', app.transport.view());
    app.flushFrame();
    expect(within(panel).getByRole('status', { name: 'Re-pointing webhooks' }).textContent).toContain(
      'LiveChat may keep using the old URL for up to 2 minutes',
    );
    expect(within(within(panel).getByRole('table', { name: 'Registered webhooks' })).getByText('no — old URL')).toBeTruthy();
    const vanished = within(panel).getByRole('group', { name: 'Vanished webhooks' });
    expect(vanished.textContent).toContain('chat_deactivated');
    fireEvent.click(within(vanished).getByRole('button', { name: 'Restore' }));
    await waitFor(() => expect(app.transport.callsOf('webhooks.restore')).toHaveLength(1));
    const stale = within(panel).getByRole('group', { name: 'Stale webhooks' });
    fireEvent.click(within(stale).getByRole('button', { name: 'Clean up' }));
    await waitFor(() => expect(app.transport.callsOf('webhooks.cleanup')).toHaveLength(1));
    expect(within(panel).getByRole('list', { name: 'Webhook problems' }).textContent).toContain('LiveChat answered 503');
  });
});

describe('Why no webhooks?', () => {
  it('runs the diagnostics and shows each check with its status, detail and fix', async () => {
    const app = await renderApp();
    app.transport.diagnostics = {
      ranAt: new Date().toISOString(),
      checks: [
        { id: 'signed-in', title: 'Signed in', status: 'ok', detail: 'Signed in as agent@example.com.', fix: '' },
        { id: 'license', title: 'License webhooks enabled', status: 'fail', detail: 'They are disabled.', fix: 'Click Enable.' },
        { id: 'tunnel', title: 'Tunnel probe', status: 'skip', detail: 'The tunnel is off.', fix: '' },
      ],
    };
    const panel = await openPanel();
    fireEvent.click(within(panel).getByRole('button', { name: 'Why no webhooks?' }));
    const report = await within(panel).findByRole('region', { name: 'Why no webhooks?' });
    expect(app.transport.callsOf('livechat.diagnostics')).toHaveLength(1);
    const failing = within(report).getByRole('listitem', { name: 'License webhooks enabled: fail' });
    expect(failing.textContent).toContain('They are disabled.');
    expect(failing.textContent).toContain('Fix: Click Enable.');
    expect(failing.querySelector('.badge-error')).not.toBeNull();
    expect(within(report).getByRole('listitem', { name: 'Signed in: ok' }).textContent).not.toContain('Fix:');
    expect(within(report).getByRole('listitem', { name: 'Tunnel probe: skip' })).toBeTruthy();
  });
});

describe('secret check and findings', () => {
  it('badges the secret in the list, mismatches standing out, and findings counted', async () => {
    await renderApp([
      makeWebhook(1, { secret: 'ok' }),
      makeWebhook(2, { secret: 'mismatch' }),
      makeWebhook(3, { secret: 'unknown', findings: [{ path: 'payload.chat', message: 'Required field missing', severity: 'error' }] }),
      makeWebhook(4),
    ]);
    const list = screen.getByRole('listbox', { name: 'Webhooks' });
    const mismatch = within(list).getByRole('option', { name: /, secret mismatch$/ });
    expect(mismatch.className).toContain('event-row-mismatch');
    expect(within(mismatch).getByText('secret mismatch').className).toContain('badge-error');
    expect(within(within(list).getByRole('option', { name: /, secret ok$/ })).getByText('secret ok').className).toContain('badge-ok');
    const unknown = within(list).getByRole('option', { name: /, secret unknown, 1 finding$/ });
    expect(within(unknown).getByText('secret unknown').className).toContain('badge-neutral');
    expect(within(unknown).getByText('1 finding').className).toContain('badge-warn');
    expect(within(list).getAllByRole('option', { name: /secret/ })).toHaveLength(3);
  });

  it('shows the summary, the secret in words and the findings in the detail pane', async () => {
    await renderApp([
      makeWebhook(1, {
        secret: 'mismatch',
        findings: [
          { path: 'payload.chat.id', message: 'Expected a string', severity: 'error' },
          { path: 'action', message: 'Legacy action name', severity: 'warning' },
        ],
      }),
    ]);
    fireEvent.click(within(screen.getByRole('listbox', { name: 'Webhooks' })).getAllByRole('option')[0]!);
    const detail = screen.getByRole('region', { name: 'Webhook detail' });
    await waitFor(() => expect(within(detail).getByLabelText('Secret')).toBeTruthy());
    expect(within(detail).getByLabelText('Summary').textContent).toBe('New chat CHAT000001');
    expect(within(detail).getByLabelText('Secret').textContent).toBe('mismatch does NOT match — this request may not come from LiveChat');
    const findings = within(detail).getByRole('region', { name: 'Findings' });
    const items = within(findings).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual(['error payload.chat.id Expected a string', 'warning action Legacy action name']);
  });

  it('says what ok and unknown mean', async () => {
    await renderApp([makeWebhook(1, { secret: 'unknown' }), makeWebhook(2, { secret: 'ok' })]);
    const list = screen.getByRole('listbox', { name: 'Webhooks' });
    const detail = screen.getByRole('region', { name: 'Webhook detail' });
    fireEvent.click(within(list).getByRole('option', { name: /secret ok/ }));
    await waitFor(() => expect(within(detail).getByLabelText('Secret').textContent).toContain('matches the secret LiveHook registered'));
    fireEvent.click(within(list).getByRole('option', { name: /secret unknown/ }));
    await waitFor(() => expect(within(detail).getByLabelText('Secret').textContent).toContain('not one of LiveHook’s registrations'));
    expect(within(detail).queryByRole('region', { name: 'Findings' })).toBeNull();
  });
});
