import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection inside a vitest worker, where `--expose-gc` cannot be passed per file: the flag can be
 * switched on at run time, and a fresh context then sees `gc`.
 */
export function forceGc(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
}

/** heapUsed after a full collection, in MiB. */
export function settledHeapMiB(): number {
  forceGc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}
