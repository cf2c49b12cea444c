import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

const alias = { '@shared': resolve(__dirname, 'shared') };

/**
 * `npm run dev` only: React Refresh injects an inline preamble and talks to the dev server over a WebSocket, which the
 * production CSP in renderer/index.html forbids. The built app keeps the strict policy untouched.
 */
const relaxCspForDevServer: Plugin = {
  name: 'livehook-dev-csp',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace("connect-src 'self'", "connect-src 'self' ws://localhost:* http://localhost:*"),
};

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      rolldownOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          // The headless CLI is bundled with the main process so `livehook` runs from plain Node without tsx.
          cli: resolve(__dirname, 'electron/cli/index.ts'),
          // Analysis of captured webhooks runs in this worker thread; the engine finds it beside its entry points.
          'analysis-worker': resolve(__dirname, 'electron/engine/history/analysis-worker.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      // A sandboxed preload can require only 'electron': everything else (zod, via the contract) is bundled in.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        // CommonJS so the renderer can keep `sandbox: true` (sandboxed preloads cannot be ES modules).
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    resolve: { alias },
    plugins: [react(), relaxCspForDevServer],
    build: { rolldownOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } } },
  },
});
