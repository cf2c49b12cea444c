import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Under plain Node, `import 'electron'` evaluates to a path string (or throws, or downloads the binary), and
 * electron-store imports electron at its top level. The modules with behaviour must take Electron's objects as
 * parameters instead; only these thin files may import it. (A transitive import would also fail these tests outright:
 * with no binary, electron's index.js throws on import.)
 */
const ROOT = join(import.meta.dirname, '..', '..', '..');
const THIN = ['electron/main/index.ts', 'electron/main/window.ts', 'electron/preload/index.ts'];
const TESTABLE = [
  'electron/main/security.ts',
  'electron/main/ipc-bridge.ts',
  'electron/main/app-url.ts',
  'electron/main/secret-store.ts',
  'electron/main/settings-store.ts',
  'electron/preload/api.ts',
];

/** Static value imports (`import x from`, `import { x } from`, bare `import '…'`), not `import type`. */
function valueImports(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/^import\s+(?!type\s)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) found.push(m[1]!);
  return found;
}

describe('electron stays out of what tests load', () => {
  it.each(TESTABLE)('%s has no value import of electron or electron-store', (file) => {
    const imports = valueImports(readFileSync(join(ROOT, file), 'utf8'));
    expect(imports).not.toContain('electron');
    expect(imports).not.toContain('electron-store');
  });

  it('the check itself sees the thin files importing electron', () => {
    for (const file of THIN) expect(valueImports(readFileSync(join(ROOT, file), 'utf8'))).toContain('electron');
  });

  it('settings-store loads electron-store only lazily', () => {
    const source = readFileSync(join(ROOT, 'electron/main/settings-store.ts'), 'utf8');
    expect(source).toContain("await import('electron-store')");
  });
});
