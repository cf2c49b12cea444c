import { describe, expect, it } from 'vitest';
import { resolveAppLocation } from '../../../electron/main/app-url';

const html = '/opt/live hook/out/renderer/index.html';

describe('resolveAppLocation', () => {
  it('loads the built renderer as a file URL in production', () => {
    expect(resolveAppLocation({ devServerUrl: undefined, isPackaged: false, rendererHtml: html })).toEqual({
      url: 'file:///opt/live%20hook/out/renderer/index.html',
    });
  });

  it('uses the electron-vite dev server when it is local http', () => {
    expect(resolveAppLocation({ devServerUrl: 'http://localhost:5173', isPackaged: false, rendererHtml: html })).toEqual({
      url: 'http://localhost:5173/',
      devServerUrl: 'http://localhost:5173/',
    });
  });

  it.each([
    ['a remote host', 'http://evil.example:5173/', false],
    ['https to a remote host', 'https://evil.example/', false],
    ['a file URL', 'file:///tmp/x.html', false],
    ['garbage', 'localhost:5173', false],
    ['any dev URL in a packaged app', 'http://localhost:5173/', true],
  ])('refuses %s and falls back to the built renderer', (_what, devServerUrl, isPackaged) => {
    expect(resolveAppLocation({ devServerUrl, isPackaged, rendererHtml: html })).toEqual({
      url: 'file:///opt/live%20hook/out/renderer/index.html',
      refusedDevServerUrl: devServerUrl,
    });
  });
});
