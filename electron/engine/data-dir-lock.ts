import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '@shared/api/errors';
import { isAlive } from './process-alive';

/**
 * One LiveHook process per data dir: two writers appending to the same journal would interleave lines. The lock is
 * a file holding the owner's pid; a lock left by a process that no longer runs (a crash, SIGKILL) is taken over.
 */
/** Dirs locked by this process (the pid in the file cannot tell two engines of one process apart). */
const heldHere = new Set<string>();

export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const file = join(dataDir, 'livehook.lock');
  if (heldHere.has(file)) {
    throw new AppError('conflict', `Another LiveHook engine in this process is already using ${dataDir}.`);
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(file, 'wx', 0o600);
      await fh.writeFile(String(process.pid));
      await fh.close();
      heldHere.add(file);
      return async () => {
        heldHere.delete(file);
        await rm(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new AppError('conflict', `Another LiveHook (pid ${owner}) is already using ${dataDir}. Stop it, or pass a different --data-dir.`);
      }
      await rm(file, { force: true }); // stale: its owner is gone
    }
  }
  throw new AppError('conflict', `Could not lock ${dataDir}.`);
}
