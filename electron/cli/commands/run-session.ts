import { openSession, type CliSession } from '../session';

/** Opens the session for a command, runs it, and always closes it (stopping a local engine flushes its journal). */
export async function withSession<T>(dataDir: string, verbose: boolean, fn: (session: CliSession) => Promise<T>): Promise<T> {
  const session = await openSession(dataDir, { verbose });
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}
