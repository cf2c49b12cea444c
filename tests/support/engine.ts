import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ControlServer } from '../../electron/engine/control/control-server';
import { newControlToken } from '../../electron/engine/control/guard';
import { createEngine } from '../../electron/engine/engine';
import { createLogger } from '../../electron/engine/logger';
import { createMemorySecretStore, createMemorySettingsStore } from '../../electron/engine/ports';
import type { Engine, EngineDeps } from '../../electron/engine/types';

export async function tempDir(prefix = 'livehook-test-'): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export interface RunningEngine {
  engine: Engine;
  control: ControlServer;
  token: string;
  dataDir: string;
  /** Every log line written during the run (for "no secret in logs" checks). */
  logLines: string[];
  stop(): Promise<void>;
}

/** Starts an engine + control server on OS-chosen ports in `dataDir` (tests own their world). */
export async function startEngine(
  dataDir: string,
  overrides: Partial<Omit<EngineDeps, 'dataDir' | 'logger'>> = {},
  controlOpts: { staticDir?: string } = {},
): Promise<RunningEngine> {
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', sink: { write: (line) => void logLines.push(line) } });
  const engine = createEngine({
    dataDir,
    logger,
    secrets: createMemorySecretStore(),
    settings: createMemorySettingsStore(),
    ...overrides,
  });
  await engine.start();
  const token = newControlToken();
  const control = new ControlServer({
    engine,
    token,
    port: 0,
    staticDir: controlOpts.staticDir ?? join(dataDir, 'no-ui-in-this-test'),
    logger,
  });
  await control.start();
  return {
    engine,
    control,
    token,
    dataDir,
    logLines,
    async stop() {
      await control.stop();
      await engine.stop();
    },
  };
}
