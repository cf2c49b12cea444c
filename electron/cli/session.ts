import WebSocket from 'ws';
import { createClient, type ApiClient, type Transport } from '@shared/api/client';
import { WS_PATH } from '@shared/api/ipc';
import { createWebSocketTransport, type WebSocketLike } from '@shared/api/ws-transport';
import { createEngine } from '../engine/engine';
import { createLogger } from '../engine/logger';
import type { Engine } from '../engine/types';
import { createFileSecretStore, createFileSettingsStore } from './file-stores';
import { readInstanceFile } from './instance-file';

/**
 * What a one-shot command (`events`, `export`, `replay`, `trigger`, `webhooks`…) works through: the same contract
 * the UI uses. When `livehook serve` is running on the data dir, the command talks to it over its control WebSocket
 * (so the running inspector shows what the command did); otherwise it starts the engine in this process, with the
 * tunnel off, for as long as the command runs.
 */
export interface CliSession {
  client: ApiClient;
  /** `running` = talking to a `livehook serve` process; `local` = an engine started for this command. */
  kind: 'running' | 'local';
  receiverUrl: string;
  close(): Promise<void>;
}

export async function openSession(dataDir: string, opts: { verbose?: boolean } = {}): Promise<CliSession> {
  const instance = readInstanceFile(dataDir);
  if (instance) {
    const transport = createWebSocketTransport({
      url: instance.controlUrl.replace(/^http/, 'ws') + WS_PATH,
      token: instance.token,
      create: (url, protocols) => new WebSocket(url, protocols) as unknown as WebSocketLike,
    });
    await new Promise<void>((resolve, reject) => {
      const off = transport.onState((state, detail) => {
        if (state === 'open') {
          off();
          resolve();
        } else if (state === 'closed' || state === 'reconnecting') {
          off();
          transport.close();
          reject(new Error(`LiveHook (pid ${instance.pid}) is running on ${dataDir} but its control API did not answer: ${detail ?? 'connection closed'}`));
        }
      });
    });
    return {
      client: createClient(transport),
      kind: 'running',
      receiverUrl: instance.receiverUrl,
      close: async () => transport.close(),
    };
  }
  const logger = createLogger({ dataDir, stderr: opts.verbose ?? false });
  const engine = createEngine({
    dataDir,
    logger,
    secrets: createFileSecretStore(dataDir),
    settings: createFileSettingsStore(dataDir),
    tunnel: { autoStart: false },
  });
  await engine.start();
  return {
    client: createClient(engineTransport(engine)),
    kind: 'local',
    receiverUrl: engine.receiverUrl,
    close: async () => {
      await engine.stop();
      logger.flush();
    },
  };
}

/** The contract straight onto an engine in this process. */
export function engineTransport(engine: Engine): Transport {
  return {
    call: (method, params) => engine.dispatch(method, params),
    onPush: (listener) => engine.onPush(listener),
  };
}
