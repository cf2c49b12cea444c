import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ControlServer } from '../engine/control/control-server';
import { newControlToken } from '../engine/control/guard';
import { createEngine } from '../engine/engine';
import { createLogger } from '../engine/logger';
import { DEFAULT_BODY_LIMIT } from '../engine/receiver/receiver';
import { createFileSecretStore, createFileSettingsStore } from './file-stores';
import { defaultDataDir } from './paths';
import { parsePort, parsePositiveInt, UsageError } from './usage';

export interface ServeIo {
  out(line: string): void;
  err(line: string): void;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM). */
  untilStopped: Promise<string>;
}

/** The built renderer sits beside the built CLI (out/main/cli.js → out/renderer). */
function rendererDir(): string {
  return process.env.LIVEHOOK_RENDERER_DIR ?? resolve(import.meta.dirname, '../renderer');
}

export async function serve(argv: string[], io: ServeIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        'receiver-port': { type: 'string' },
        'body-limit': { type: 'string' },
        json: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  const port = parsePort(values.port, '--port');
  const receiverPort = parsePort(values['receiver-port'], '--receiver-port');
  const bodyLimitBytes = parsePositiveInt(values['body-limit'], '--body-limit', DEFAULT_BODY_LIMIT);

  const logger = createLogger({ dataDir, stderr: values.verbose });
  const engine = createEngine({
    dataDir,
    logger,
    secrets: createFileSecretStore(dataDir),
    settings: createFileSettingsStore(dataDir),
    receiver: { port: receiverPort, bodyLimitBytes },
  });
  const token = newControlToken();
  const control = new ControlServer({ engine, token, port, staticDir: rendererDir(), logger: logger.child({ module: 'control' }) });

  try {
    await engine.start();
    await control.start();
  } catch (err) {
    io.err(`livehook: could not start: ${(err as Error).message}`);
    await control.stop();
    await engine.stop();
    logger.flush();
    return 1;
  }

  if (values.json) {
    io.out(JSON.stringify({ ready: true, receiverUrl: engine.receiverUrl, inspectorUrl: control.inspectorUrl, token, dataDir }));
  } else {
    io.out('LiveHook is running.');
    io.out(`  Webhook receiver:  ${engine.receiverUrl}  (POST to any path)`);
    io.out(`  Inspector:         ${control.inspectorUrl}`);
    io.out(`  Data dir:          ${dataDir}`);
    io.out('Open the inspector URL in your browser (it carries this run\'s access token). Ctrl-C stops.');
  }

  const signal = await io.untilStopped;
  logger.info({ signal }, 'stopping');
  await control.stop();
  await engine.stop();
  logger.flush();
  if (!values.json) io.out('LiveHook stopped; history is saved.');
  return 0;
}
