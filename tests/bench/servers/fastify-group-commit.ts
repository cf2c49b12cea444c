// Diagnosis reference (BENCH_RECEIVER_DIAG=1 only): the minimal durable receiver of toolchain.md §8 (e') — fastify,
// JSON parsed, one JSON line per request appended with adaptive group commit (≤1 write+datasync in flight, arrivals
// form the next batch), ack after the sync. What durability costs on this disk with no other work per request.
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import Fastify from 'fastify';
import { serveBenchProtocol } from './protocol';

interface Pending {
  line: string;
  resolve(): void;
  reject(err: unknown): void;
}

// The parent creates (and removes) the directory.
const dir = process.env.LIVEHOOK_BENCH_DATA_DIR;
if (!dir) {
  process.stderr.write('LIVEHOOK_BENCH_DATA_DIR is not set\n');
  process.exit(2);
}
const fh = await open(join(dir, 'journal.jsonl'), 'a');
let pending: Pending[] = [];
let flushing = false;
let lines = 0;

async function flushLoop(): Promise<void> {
  flushing = true;
  while (pending.length > 0) {
    const batch = pending;
    pending = [];
    try {
      await fh.write(batch.map((p) => p.line).join(''));
      await fh.datasync();
      lines += batch.length;
      for (const p of batch) p.resolve();
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }
  flushing = false;
}

const app = Fastify({ logger: false, keepAliveTimeout: 65_000, forceCloseConnections: true });
app.post('/*', async () => ({ ok: true }));
app.addHook('preHandler', async (request) => {
  const line = JSON.stringify(request.body) + '\n';
  const done = new Promise<void>((resolve, reject) => pending.push({ line, resolve, reject }));
  if (!flushing) void flushLoop();
  await done;
});
const address = await app.listen({ host: '127.0.0.1', port: 0 });
serveBenchProtocol({
  url: address,
  stats: () => ({ total: lines }),
  stop: async () => {
    await app.close();
    await fh.close();
  },
});
