import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal, type JournalEntry, type JournalLocator } from '../../../electron/engine/journal/journal';
import type { Logger } from '../../../electron/engine/ports';

const quiet: Logger = { child: () => quiet, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'livehook-carry-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readAll(): Promise<JournalEntry[]> {
  const out: JournalEntry[] = [];
  const j = await Journal.open({ dir, logger: quiet, durable: false, maxCount: 1e6 }, ({ entry }) => void out.push(entry));
  await j.close();
  return out;
}

const pad = 'x'.repeat(200);

describe('journal carry-over (pinned entries outlive retention)', () => {
  it('re-appends the selected entries, patched, before deleting their segments, and reports where they went', async () => {
    const journal = await Journal.open({ dir, logger: quiet, durable: false, segmentBytes: 1024, maxCount: 10 }, () => {});
    const moves: { from: JournalLocator; to: JournalLocator }[] = [];
    let keepAt: JournalLocator | undefined;
    journal.setCarryOver({
      select: (segments) => (keepAt && segments.includes(keepAt.segment) ? [keepAt] : []),
      patch: { pinned: true },
      moved: (m) => {
        moves.push(...m);
        keepAt = m[0]!.to;
      },
    });
    keepAt = await journal.append({ kind: 'note', n: 0, pad });
    for (let n = 1; n < 60; n++) await journal.append({ kind: 'note', n, pad });
    await journal.close();
    expect(moves.length).toBeGreaterThanOrEqual(1);
    const entries = await readAll();
    expect(entries.length).toBeLessThan(60); // retention ran
    const kept = entries.filter((e) => e.n === 0);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ kind: 'note', n: 0, pinned: true, pad });
    expect(entries.some((e) => e.n === 1)).toBe(false); // its unpinned neighbour went
  });

  it('clear(keep) leaves only the kept entries, patched, in a fresh segment', async () => {
    const journal = await Journal.open({ dir, logger: quiet, durable: false, segmentBytes: 512 }, () => {});
    const locs: JournalLocator[] = [];
    for (let n = 0; n < 10; n++) locs.push(await journal.append({ kind: 'note', n, pad }));
    const moved = await journal.clear([locs[2]!, locs[7]!], { pinned: true });
    expect(moved).toHaveLength(2);
    expect(await journal.readAt(moved[1]!)).toMatchObject({ n: 7, pinned: true });
    await journal.append({ kind: 'note', n: 10 });
    await journal.close();
    expect((await readAll()).map((e) => e.n)).toEqual([2, 7, 10]);
    expect((await readdir(dir)).filter((f) => f.endsWith('.jsonl'))).toHaveLength(1);
  });
});
