/** Listens with the app on a host and port; resolves once listening, with the URL and a closer. */
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  close(graceMs?: number): Promise<void>;
}

export function startServer(app: Hono, host: string, port: number): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    let server: ServerType | undefined = undefined;
    server = serve({ fetch: app.fetch, hostname: host, port }, (info) => {
      const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shownHost}:${info.port}`,
        port: info.port,
        // Stops accepting, lets requests in flight finish (idle keep-alive connections close at once),
        // and cuts whatever is still open after the grace period.
        close: (graceMs = 10_000) =>
          new Promise<void>((done) => {
            const http = server as { closeIdleConnections?: () => void; closeAllConnections?: () => void } | undefined;
            const timer = setTimeout(() => http?.closeAllConnections?.(), graceMs);
            server?.close(() => {
              clearTimeout(timer);
              done();
            });
            http?.closeIdleConnections?.();
          }),
      });
    });
    server.once('error', reject);
  });
}
