/**
 * Whether a process with this id is running, for telling a live owner from a stale lock or instance file (the CLI's
 * instance file and the engine's data-dir lock ask the same question).
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
