// (a) bare node:http: reads the whole body, answers 200 {"ok":true}. The floor for any receiver.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveBenchProtocol } from './protocol';

const OK = '{"ok":true}';
let requests = 0;
const server = createServer((req, res) => {
  let bytes = 0;
  req.on('data', (chunk: Buffer) => (bytes += chunk.length));
  req.on('end', () => {
    requests++;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': OK.length });
    res.end(OK);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  serveBenchProtocol({
    url: `http://127.0.0.1:${port}`,
    stats: () => ({ requests }),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
});
