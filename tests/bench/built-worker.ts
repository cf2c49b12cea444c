import { existsSync, readdirSync, statSync } from 'node:fs';

/**
 * The analysis worker as the app ships it (out/main/analysis-worker.js, bundled by `npm run build`, which `npm run
 * bench` runs first). Benchmarks run the engine from source, where the engine would otherwise load the worker's
 * TypeScript through tsx: a second isolate for tsx's module hooks and transformed sources, which users never run.
 * Refuses a missing build, or one older than any engine or shared source file.
 */
export function builtAnalysisWorker(): URL {
  const url = new URL('../../out/main/analysis-worker.js', import.meta.url);
  if (!existsSync(url)) throw new Error(`${url.pathname} is missing: run \`npm run build\` first (\`npm run bench\` does)`);
  const built = statSync(url).mtimeMs;
  for (const dir of ['../../electron/engine/', '../../shared/']) {
    const newer = newerSource(new URL(dir, import.meta.url).pathname, built);
    if (newer) throw new Error(`${newer} changed after ${url.pathname} was built: run \`npm run build\` first (\`npm run bench\` does)`);
  }
  return url;
}

/** A .ts file under `dir` modified after `since` (ms), if any. */
function newerSource(dir: string, since: number): string | undefined {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const file = `${entry.parentPath}/${entry.name}`;
    if (statSync(file).mtimeMs > since) return file;
  }
  return undefined;
}
