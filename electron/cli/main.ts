import { AppError } from '@shared/api/errors';
import { events } from './events';
import { serve } from './serve';
import { HELP, UsageError } from './usage';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  untilStopped: Promise<string>;
}

/** Runs one `livehook` command; returns the exit code (0 ok, 1 failed, 2 bad usage). */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        return await serve(rest, io);
      case 'events':
        return await events(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(HELP);
        return 0;
      default:
        throw new UsageError(`unknown command "${command}" (try: livehook help)`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`livehook: ${err.message}`);
      return 2;
    }
    io.err(`livehook: ${err instanceof AppError || err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
