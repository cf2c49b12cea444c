import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  resolve: { alias: { '@shared': resolve(import.meta.dirname, 'shared') } },
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: keep real-socket and browser tests from starving each other.
    maxWorkers: 2,
    // A webhook is listed once analysed, after its 200 (a few ms; the analysis worker starts with the first capture).
    // On a loaded 2-core CI machine that can pass vitest's 1 s default for expect.poll.
    expect: { poll: { timeout: 5_000 } },
  },
});
