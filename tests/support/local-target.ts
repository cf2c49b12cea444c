import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TargetRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface LocalTarget {
  url: string;
  requests: TargetRequest[];
  close(): Promise<void>;
}

/**
 * A developer's service stand-in on 127.0.0.1 (an OS-chosen port): records every request and answers with the
 * status `answer` gives for it (1-based count), or never answers ('hang').
 */
export async function startTarget(answer: (n: number, req: TargetRequest) => number | 'hang' = () => 200): Promise<LocalTarget> {
  const requests: TargetRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request: TargetRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(request);
      const status = answer(requests.length, request);
      if (status !== 'hang') res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
