// Diagnosis reference (BENCH_RECEIVER_DIAG=1 only): what the receiver costs without analysing the webhook. fastify with
// the body read as raw bytes (no JSON parse), and LiveHook's own journal (adaptive group commit, datasync before the
// ack) appending a record of the request — headers, timing, the body as base64 — exactly as capture frames one. No
// parse, hash, catalogue check, history, text index or push: the gap between this row and (c) is what they cost.
import { Journal } from '../../../electron/engine/journal/journal';
import { createLogger } from '../../../electron/engine/logger';
import Fastify from 'fastify';
import { serveBenchProtocol } from './protocol';

const dir = process.env.LIVEHOOK_BENCH_DATA_DIR;
if (!dir) {
  process.stderr.write('LIVEHOOK_BENCH_DATA_DIR is not set\n');
  process.exit(2);
}
const journal = await Journal.open({ dir, logger: createLogger({ sink: { write() {} } }), maxCount: 100_000_000, maxBytes: 1024 ** 4 }, () => {});
let seq = 0;
let recorded = 0;

const app = Fastify({ logger: false, keepAliveTimeout: 65_000, forceCloseConnections: true });
app.removeAllContentTypeParsers();
app.addContentTypeParser('*', (_request, payload, done) => {
  const chunks: Buffer[] = [];
  payload.on('data', (c: Buffer) => chunks.push(c));
  payload.on('end', () => done(null, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
  payload.on('error', (err: Error) => done(err, undefined));
});
app.post('/*', async (request, reply) => {
  const body = request.body as Buffer;
  const id = `raw-${++seq}`;
  const startedAtMs = Date.now();
  await journal.append(
    {
      kind: 'webhook-raw',
      id,
      seq,
      receivedAt: new Date(startedAtMs).toISOString(),
      method: request.method,
      path: request.url,
      headers: request.headers,
      remoteAddress: request.socket.remoteAddress ?? '',
      bodySize: body.length,
      answer: { status: 200, delayMs: 0 },
    },
    { key: 'bodyBase64', base64: body.toString('base64') },
  );
  recorded++;
  reply.header('cache-control', 'no-store');
  return { received: true, id };
});
const address = await app.listen({ host: '127.0.0.1', port: 0 });
serveBenchProtocol({
  url: address,
  stats: () => ({ total: recorded }),
  stop: async () => {
    await app.close();
    await journal.close();
  },
});
