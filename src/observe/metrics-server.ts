import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface MetricsServer {
  readonly host: string;
  readonly port: number;
  readonly close: () => Promise<void>;
}

const answer = (res: ServerResponse, status: number, type: string, body: string): void => {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
};

const TEXT = 'text/plain; charset=utf-8';

const handler =
  (registry: Registry) =>
  (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      answer(res, 405, TEXT, 'method not allowed\n');
    } else if (path === '/healthz') {
      answer(res, 200, TEXT, 'ok');
    } else if (path === '/metrics') {
      registry.metrics().then(
        (body) => answer(res, 200, registry.contentType, body),
        (err: Error) => answer(res, 500, TEXT, `${err.message}\n`),
      );
    } else {
      answer(res, 404, TEXT, 'not found: try /metrics or /healthz\n');
    }
  };

/** `GET /metrics` (Prometheus text format) and `GET /healthz` (200 `ok`) on their own HTTP listener. */
export const startMetricsServer = (registry: Registry, host: string, port: number): Promise<MetricsServer> =>
  new Promise((resolve, reject) => {
    const server: Server = createServer(handler(registry));
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({
        host,
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
