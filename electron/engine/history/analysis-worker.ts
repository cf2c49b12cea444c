/**
 * The analysis worker thread (see analysis.ts): analyses what the main thread hands it, writes searchable texts into
 * SharedArrayBuffers, and posts results back. It runs below the main thread's priority where the OS lets a thread
 * say so (Linux), so on a busy machine the receiver's acks come first and analysis uses the spare cores.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { Analyst } from './analysis';
import { TextIndexWriter } from './text-index';
import type { WorkerInit, WorkerReply, WorkerRequest } from './analysis-queue';

const port = parentPort;
if (!port) throw new Error('analysis-worker.ts runs as a worker thread');
const init = workerData as WorkerInit;

lowerPriority(init.nice);

let slabs: [number, SharedArrayBuffer][] = [];
let blocks: [number, SharedArrayBuffer][] = [];
const writer = new TextIndexWriter(
  init.start,
  {
    slab: (index, buf) => slabs.push([index, buf.buffer as SharedArrayBuffer]),
    block: (index, rows) => blocks.push([index, rows.buffer as SharedArrayBuffer]),
  },
  true,
);
const analyst = new Analyst(init.dir, writer);

port.on('message', (msg: WorkerRequest) => {
  const results = analyst.run(msg.items);
  // Memory first in the same message as the spans in it, so the reader has adopted it before it sees them.
  const reply: WorkerReply = { batch: msg.batch, results, slabs, blocks };
  slabs = [];
  blocks = [];
  port.postMessage(reply);
});

/** Linux: a thread's nice value is set through its own thread id. Elsewhere this is a no-op. */
function lowerPriority(nice: number): void {
  if (process.platform !== 'linux' || nice <= 0) return;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isSafeInteger(tid) && tid > 0) setPriority(tid, nice);
  } catch {
    // Not permitted or no procfs: analysis runs at normal priority, which is only slower under overload.
  }
}
