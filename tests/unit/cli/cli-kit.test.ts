import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommand, parseCount, parseUrl } from '../../../electron/cli/args';
import { readInstanceFile, removeInstanceFile, writeInstanceFile } from '../../../electron/cli/instance-file';
import { createProgress, renderBar } from '../../../electron/cli/progress';
import { UsageError } from '../../../electron/cli/usage';

describe('progress', () => {
  it('draws a bar on a terminal and nothing when piped', () => {
    expect(renderBar('Export', 5, 10, 80)).toMatch(/^Export \[#+-+\] {2}50% 5\/10$/);
    const piped: string[] = [];
    const p = createProgress('x', { isTTY: false, write: (c) => piped.push(c) > 0 });
    p.update(1, 2);
    p.done();
    expect(piped).toEqual([]);
    const tty: string[] = [];
    let t = 0;
    const q = createProgress('x', { isTTY: true, columns: 60, write: (c) => tty.push(c) > 0 }, () => (t += 100));
    q.update(1, 4);
    q.update(4, 4);
    q.done();
    expect(tty[0]).toContain(' 25% 1/4');
    expect(tty[1]).toContain('100% 4/4');
    expect(tty.at(-1)).toBe('\r\x1b[2K');
  });
});

describe('arguments', () => {
  it('turns parse problems into usage errors and checks values', () => {
    expect(() => parseCommand(['--nope'], {})).toThrow(UsageError);
    const { dataDir, json, positionals } = parseCommand(['a', 'b', '--json', '--data-dir', 'rel'], {});
    expect(json).toBe(true);
    expect(positionals).toEqual(['a', 'b']);
    expect(dataDir).toBe(join(process.cwd(), 'rel'));
    expect(parseCount('3', '--count', 1)).toBe(3);
    expect(() => parseCount('0', '--count', 1)).toThrow(/--count must be a whole number/);
    expect(() => parseUrl('file:///etc/passwd', '--to')).toThrow(/http\(s\) URL/);
    expect(parseUrl('http://localhost:3000/x', '--to')).toBe('http://localhost:3000/x');
  });
});

describe('instance file', () => {
  it('is private, found while its process lives, ignored when stale or malformed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'livehook-instance-'));
    try {
      expect(readInstanceFile(dir)).toBeUndefined();
      const info = { pid: process.pid, controlUrl: 'http://127.0.0.1:1', token: 't'.repeat(64), receiverUrl: 'http://127.0.0.1:2' };
      writeInstanceFile(dir, info);
      expect(statSync(join(dir, 'instance.json')).mode & 0o777).toBe(0o600);
      expect(readInstanceFile(dir)).toEqual(info);
      removeInstanceFile(dir, 12345); // not ours: left alone
      expect(readInstanceFile(dir)).toEqual(info);
      removeInstanceFile(dir);
      expect(readInstanceFile(dir)).toBeUndefined();
      await writeFile(join(dir, 'instance.json'), JSON.stringify({ ...info, pid: 2 ** 22 + 17 }));
      expect(readInstanceFile(dir)).toBeUndefined();
      await writeFile(join(dir, 'instance.json'), '{not json');
      expect(readInstanceFile(dir)).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
