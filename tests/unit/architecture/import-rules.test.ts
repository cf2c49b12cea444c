import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

/** Lints a snippet as if it lived at `file` and returns the import-rule messages. */
async function violations(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals').map((m) => m.message);
}

describe('lint rules enforce the architecture arrows', () => {
  it('the engine and the CLI never import electron', async () => {
    expect(await violations('electron/engine/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).not.toEqual([]);
    expect(await violations('electron/cli/x.ts', "import Store from 'electron-store';\nexport const s = Store;\n")).not.toEqual([]);
    expect(await violations('electron/engine/x.ts', "import { readFile } from 'node:fs';\nexport const r = readFile;\n")).toEqual([]);
  });

  it('shared/ imports no node:* and nothing outside shared/', async () => {
    expect(await violations('shared/x.ts', "import { readFile } from 'node:fs';\nexport const r = readFile;\n")).not.toEqual([]);
    expect(await violations('shared/api/x.ts', "import { createEngine } from '../../electron/engine/engine';\nexport const c = createEngine;\n")).not.toEqual([]);
    expect(await violations('shared/x.ts', 'export const b = Buffer.from("x");\n')).not.toEqual([]);
    expect(await violations('shared/api/x.ts', "import { methods } from './contract';\nexport const m = methods;\n")).toEqual([]);
    expect(await violations('shared/x.ts', "import { EventEmitter } from 'events';\nexport const e = EventEmitter;\n")).not.toEqual([]);
    expect(await violations('shared/api/x.ts', "import { eventsMethods } from './domains/events';\nexport const e = eventsMethods;\n")).toEqual([]);
  });

  it('the renderer imports only shared/ and itself', async () => {
    expect(await violations('renderer/src/x.ts', "import { createEngine } from '../../electron/engine/engine';\nexport const c = createEngine;\n")).not.toEqual([]);
    expect(await violations('renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n")).not.toEqual([]);
    expect(await violations('renderer/src/x.ts', "import { join } from 'node:path';\nexport const j = join;\n")).not.toEqual([]);
    expect(await violations('renderer/src/x.ts', "import { methods } from '@shared/api/contract';\nexport const m = methods;\n")).toEqual([]);
  });
});
