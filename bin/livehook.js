#!/usr/bin/env node
// The `livehook` command. The CLI is TypeScript bundled by `npm run build` (npm install runs it too) into out/main/cli.js.
import { existsSync } from 'node:fs';

const cli = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('livehook: LiveHook is not built yet. Run `npm run build` in the LiveHook folder, then try again.\n');
  process.exit(1);
}
await import(cli.href);
