import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
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

export interface EngineWorld {
  /** This test's own data dir (fresh for every test, removed after it). */
  readonly dir: string;
  /** Starts an engine + control server in `dir`; whatever is still running when the test ends is stopped. */
  start(overrides?: Partial<Omit<EngineDeps, 'dataDir' | 'logger'>>, controlOpts?: { staticDir?: string }): Promise<RunningEngine>;
}

/**
 * The usual integration-test world, registered as beforeEach/afterEach hooks: a fresh temp data dir per test, and
 * afterwards every engine the test started (and did not stop itself) stopped, then the dir removed. A restart is
 * `await running.stop(); running = await world.start();`.
 */
export function useEngineWorld(): EngineWorld {
  let dir: Awaited<ReturnType<typeof tempDir>> | undefined;
  const live = new Set<RunningEngine>();
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    for (const r of live) await r.stop();
    live.clear();
    await dir?.remove();
    dir = undefined;
  });
  const path = (): string => {
    if (!dir) throw new Error('useEngineWorld: the data dir exists only while a test runs');
    return dir.path;
  };
  return {
    get dir() {
      return path();
    },
    async start(overrides = {}, controlOpts = {}) {
      const running = await startEngine(path(), overrides, controlOpts);
      live.add(running);
      const stop = running.stop.bind(running);
      running.stop = async () => {
        if (!live.delete(running)) return; // already stopped
        await stop();
      };
      return running;
    },
  };
}
