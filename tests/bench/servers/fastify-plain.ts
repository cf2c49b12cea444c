// (b) plain fastify 5: parses the JSON body, no I/O, answers 200 {"ok":true}. What the receiver is compared with.
import Fastify from 'fastify';
import { serveBenchProtocol } from './protocol';

let requests = 0;
const app = Fastify({ logger: false, keepAliveTimeout: 65_000, forceCloseConnections: true });
app.post('/*', async (request) => {
  if (typeof request.body !== 'object' || request.body === null) throw new Error('body was not parsed');
  requests++;
  return { ok: true };
});
const address = await app.listen({ host: '127.0.0.1', port: 0 });
serveBenchProtocol({ url: address, stats: () => ({ requests }), stop: () => app.close() });
