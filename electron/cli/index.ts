import { main } from './main';

/** The `livehook` command (bin/livehook.js loads the built copy of this file). */
const untilStopped = new Promise<string>((resolve) => {
  process.once('SIGINT', () => resolve('SIGINT'));
  process.once('SIGTERM', () => resolve('SIGTERM'));
});

// `livehook events | head` closes the pipe early: that is the reader being done, not a failure.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const code = await main(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  untilStopped,
});
// Exit only once stdout and stderr have drained: `process.exit` with output still queued for a pipe drops it
// (`livehook events --json | wc -l` would come up short).
let pending = 2;
const done = () => {
  if (--pending === 0) process.exit(code);
};
process.stdout.write('', done);
process.stderr.write('', done);
