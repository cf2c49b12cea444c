import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from '../engine/process-alive';

/**
 * While `livehook serve` runs it leaves `instance.json` in its data dir (mode 0600: it holds the control token, which
 * is as sensitive as the secrets file beside it) so that other `livehook` commands on the same data dir talk to it
 * instead of failing on the data-dir lock.
 */
export interface InstanceInfo {
  pid: number;
  controlUrl: string;
  token: string;
  receiverUrl: string;
}

const FILE = 'instance.json';

export function writeInstanceFile(dataDir: string, info: InstanceInfo): void {
  const file = join(dataDir, FILE);
  writeFileSync(file, JSON.stringify(info), { mode: 0o600 });
  chmodSync(file, 0o600);
}

export function removeInstanceFile(dataDir: string, pid = process.pid): void {
  const info = readInstanceFile(dataDir);
  if (info && info.pid !== pid) return; // somebody else's
  rmSync(join(dataDir, FILE), { force: true });
}

/** The running instance's facts, or undefined when there is none (no file, unreadable, or its process is gone). */
export function readInstanceFile(dataDir: string): InstanceInfo | undefined {
  const file = join(dataDir, FILE);
  if (!existsSync(file)) return undefined;
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as Partial<InstanceInfo>;
    if (typeof v.pid !== 'number' || typeof v.controlUrl !== 'string' || typeof v.token !== 'string' || typeof v.receiverUrl !== 'string') return undefined;
    if (!isAlive(v.pid)) return undefined;
    return v as InstanceInfo;
  } catch {
    return undefined;
  }
}
