// Lint rules that keep the architecture's arrows pointing the right way (see README "How the parts fit").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

import { builtinModules } from 'node:module';

// Bare built-in names ('fs', 'events') are matched exactly: as patterns they would also match './domains/events'.
const nodeBuiltinPaths = builtinModules.filter((m) => !m.startsWith('_'));

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', '.tsbuild/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    // The engine and the CLI run in plain Node: never Electron.
    files: ['electron/engine/**/*.ts', 'electron/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*', 'electron-store'], message: 'The engine and CLI are plain Node: no electron imports.' },
          { group: ['**/main/*', '**/preload/*', '**/renderer/*'], message: 'The engine may import only shared/ and itself.' },
        ],
      }],
    },
  },
  {
    // shared/ is isomorphic: no Node built-ins, nothing outside shared/.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltinPaths.map((name) => ({ name, message: 'shared/ runs in the renderer too: no Node built-ins.' })),
        patterns: [
          { group: ['node:*'], message: 'shared/ runs in the renderer too: no Node built-ins.' },
          { group: ['electron', 'electron/*', 'electron-store'], message: 'shared/ may not import electron.' },
          { group: ['@shared/*'], message: 'Inside shared/, use relative imports.' },
          { group: ['../../electron/*', '../../renderer/*', '../electron/*', '../renderer/*', '../../tests/*', '../tests/*'], message: 'shared/ imports nothing outside shared/.' },
        ],
      }],
      'no-restricted-globals': ['error', { name: 'Buffer', message: 'shared/ is isomorphic: use Uint8Array.' }, { name: 'process', message: 'shared/ is isomorphic.' }],
    },
  },
  {
    // The renderer knows only the contract: shared/ and itself.
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltinPaths.map((name) => ({ name, message: 'The renderer has no Node.' })),
        patterns: [
          { group: ['node:*'], message: 'The renderer has no Node.' },
          { group: ['electron', 'electron/*', 'electron-store'], message: 'The renderer talks to the engine only through the contract.' },
          { group: ['**/electron/*', '../../electron/**', '../electron/**'], message: 'The renderer may import only shared/ and itself.' },
        ],
      }],
      'no-restricted-globals': ['error', { name: 'Buffer', message: 'No Node in the renderer.' }, { name: 'process', message: 'No Node in the renderer.' }],
    },
  },
  {
    // The preload stays tiny and CommonJS-safe: electron + shared only.
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/engine/*', '**/main/*', '**/renderer/*'], message: 'The preload may import only electron and shared/.' }],
      }],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'bin/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
