import { createInterface } from 'node:readline';

/**
 * The child side of the bench protocol: one JSON line `{"ready":true,"url":...}` on stdout once listening; then
 * stdin lines `stats` (answered with `{"stats":{...}}`) and `stop` (graceful stop, exit 0). stdin closing (the
 * parent died) stops the child too, so no server outlives the bench.
 */
export function serveBenchProtocol(opts: {
  url: string;
  stats?: () => Promise<Record<string, unknown>> | Record<string, unknown>;
  stop: () => Promise<void>;
}): void {
  const send = (value: unknown) => process.stdout.write(JSON.stringify(value) + '\n');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    const guard = setTimeout(() => process.exit(3), 10_000);
    guard.unref();
    try {
      await opts.stop();
    } catch (err) {
      process.stderr.write(`stop failed: ${String(err)}\n`);
      process.exit(2);
    }
    process.exit(0);
  };
  const rl = createInterface({ input: process.stdin });
  rl.on('line', (cmd) => {
    if (cmd === 'stats') {
      Promise.resolve()
        .then(() => (opts.stats ? opts.stats() : {}))
        .then(
          (stats) => send({ stats }),
          (err: unknown) => send({ error: String(err) }),
        );
    } else if (cmd === 'stop') {
      void stop();
    }
  });
  rl.on('close', () => void stop());
  send({ ready: true, url: opts.url });
}
