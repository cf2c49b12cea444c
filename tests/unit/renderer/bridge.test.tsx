// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebSocketLike } from '@shared/api/ws-transport';
import { TOKEN_STORAGE_KEY } from '../../../renderer/src/bridge/control-token';
import { browserEnvironment, selectConnection, type BrowserEnvironment } from '../../../renderer/src/bridge/select-connection';
import { MissingTokenScreen } from '../../../renderer/src/features/missing-token/missing-token-screen';
import { FakeTransport } from './fake-transport';

const TOKEN = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

function fakeSocket(): WebSocketLike {
  return { readyState: 0, send: () => undefined, close: () => undefined, addEventListener: () => undefined };
}

function environment(url: string, preload?: unknown) {
  window.history.replaceState(null, '', url);
  const create = vi.fn((_url: string, _protocols: string[]) => fakeSocket());
  const env: BrowserEnvironment = { ...browserEnvironment(window), preload, createWebSocket: create };
  return { env, create };
}

beforeEach(() => sessionStorage.clear());
afterEach(cleanup);

describe('transport selection', () => {
  it('uses the Electron preload when window.livehook is a transport, and reports it always open', () => {
    const preload = new FakeTransport();
    const { env, create } = environment('http://localhost:3000/', preload);
    const choice = selectConnection(env);
    expect(choice.kind).toBe('desktop');
    if (choice.kind !== 'desktop') return;
    expect(choice.connection.transport).toBe(preload);
    expect(choice.connection.state).toBe('open');
    expect(create).not.toHaveBeenCalled();
  });

  it('moves the token from the URL fragment to sessionStorage, cleans the address bar and opens the WebSocket', () => {
    const { env, create } = environment(`http://localhost:3000/?x=1#token=${TOKEN}`);
    const choice = selectConnection(env);
    expect(choice.kind).toBe('browser');
    expect(sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBe(TOKEN);
    expect(window.location.hash).toBe('');
    expect(window.location.href).toBe('http://localhost:3000/?x=1');
    expect(create).toHaveBeenCalledWith('ws://localhost:3000/api/ws', ['livehook.v1', `livehook.token.${TOKEN}`]);
  });

  it('finds the token in sessionStorage after a reload', () => {
    sessionStorage.setItem(TOKEN_STORAGE_KEY, TOKEN);
    const { env, create } = environment('http://localhost:3000/');
    expect(selectConnection(env).kind).toBe('browser');
    expect(create).toHaveBeenCalledTimes(1);
  });

  it('asks for the inspector URL when there is no token', () => {
    const { env, create } = environment('http://localhost:3000/');
    expect(selectConnection(env)).toEqual({ kind: 'missing-token' });
    expect(create).not.toHaveBeenCalled();
    render(<MissingTokenScreen />);
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Open the inspector URL printed by livehook serve');
  });
});
