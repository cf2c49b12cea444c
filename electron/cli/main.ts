import { AppError } from '@shared/api/errors';
import { events } from './events';
import { serve } from './serve';
import { doctorCommand } from './commands/doctor';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { webhooksCommand } from './commands/webhooks';
import { replayCommand } from './commands/replay';
import { triggerCommand } from './commands/trigger';
import { HELP, UsageError } from './usage';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  untilStopped: Promise<string>;
}

/** Runs one `livehook` command; returns the exit code (0 ok, 1 failed, 2 bad usage). */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== undefined && (rest.includes('--help') || rest.includes('-h'))) {
    io.out(HELP);
    return 0;
  }
  try {
    switch (command) {
      case 'serve':
        return await serve(rest, io);
      case 'events':
        return await events(rest, io);
      case 'listen':
        return await serve(rest, io, 'listen');
      case 'replay':
        return await replayCommand(rest, io);
      case 'trigger':
        return await triggerCommand(rest, io);
      case 'export':
        return await exportCommand(rest, io);
      case 'import':
        return await importCommand(rest, io);
      case 'webhooks':
        return await webhooksCommand(rest, io);
      case 'doctor':
        return await doctorCommand(rest, io);
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
      io.err(`livehook: ${oneLine(err.message)}`);
      return 2;
    }
    io.err(`livehook: ${oneLine(err instanceof AppError || err instanceof Error ? err.message : String(err))}`);
    return 1;
  }
}

/** Errors go to stderr as one line (node:util's parseArgs messages span several). */
function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
