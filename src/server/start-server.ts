/** Listens with the app on a host and port; resolves once listening, with the URL and a closer. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';

/**
 * A node:http listener that sees each request before the app: it answers the requests it takes
 * (returning true) and leaves the others to the app. For endpoints too hot for the app's per-request
 * objects (the ingest endpoint).
 */
export type FrontListener = (request: IncomingMessage, response: ServerResponse) => boolean;

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  close(graceMs?: number): Promise<void>;
}

export function startServer(app: Hono, host: string, port: number, options: { front?: FrontListener } = {}): Promise<RunningServer> {
  const { front } = options;
  const toApp = getRequestListener(app.fetch, { hostname: host });
  const server = createServer(front ? (request, response) => front(request, response) || void toApp(request, response) : toApp);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // A deep accept queue: hundreds of clients connecting at once (a fleet of kiosks after a network
    // blip) overflowed node's default of 511 while a busy loop accepted them, and each dropped SYN
    // cost its client a 1-3 s retransmission. The kernel caps it at net.core.somaxconn.
    server.listen({ port, host, backlog: 4096 }, () => {
      const info = server.address() as AddressInfo;
      const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shownHost}:${info.port}`,
        port: info.port,
        // Stops accepting, lets requests in flight finish (idle keep-alive connections close at once),
        // and cuts whatever is still open after the grace period.
        close: (graceMs = 10_000) =>
          new Promise<void>((done) => {
            const timer = setTimeout(() => server.closeAllConnections(), graceMs);
            server.close(() => {
              clearTimeout(timer);
              done();
            });
            server.closeIdleConnections();
          }),
      });
    });
  });
}
