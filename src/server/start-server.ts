/** Listens with the app on a host and port; resolves once listening, with the URL and a closer. */
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import { ApiError, errorAnswer } from './api-error.ts';

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

/** Sockets already answered for a parse error: node's parser may report the same error again. */
const answeredSockets = new WeakSet<Duplex>();

function clientErrorFor(error: NodeJS.ErrnoException): ApiError {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return new ApiError(431, 'headers_too_large', 'the request headers are too large');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ApiError(408, 'request_timeout', 'the request did not arrive in time');
    default:
      return new ApiError(
        400,
        'bad_request',
        'the request is not valid HTTP: characters outside ASCII in the URL must be percent-encoded (encodeURIComponent), and a Content-Length must match the body',
        { parser: error.code ?? error.message },
      );
  }
}

/**
 * Answers what node's HTTP parser refuses (raw UTF-8 in a query string, a Content-Length shorter than
 * the body…) in the API's one error shape instead of node's bare `400`, then closes the connection.
 * An answer still being made for an earlier request on the connection is sent first (node's default
 * wrote its `400` ahead of it, then cut it off).
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (answeredSockets.has(socket)) return;
  answeredSockets.add(socket);
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const answer = errorAnswer(clientErrorFor(error), 'client error');
  const text = JSON.stringify(answer.body);
  const write = () => {
    if (!socket.writable) return void socket.destroy();
    const head = `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? ''}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n`;
    socket.end(head + text, () => socket.destroy());
  };
  // node's own, undocumented link from a socket to the response being written on it.
  const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
  // The error cut the request being read (a client gone mid-body): it can never be answered.
  if (!inFlight || inFlight.writableFinished || !inFlight.req.complete) return write();
  inFlight.once('finish', write);
  inFlight.once('close', () => {
    if (!inFlight.writableFinished) socket.destroy();
  });
}

export function startServer(app: Hono, host: string, port: number, options: { front?: FrontListener } = {}): Promise<RunningServer> {
  const { front } = options;
  const toApp = getRequestListener(app.fetch, { hostname: host });
  const server = createServer(front ? (request, response) => front(request, response) || void toApp(request, response) : toApp);
  server.on('clientError', answerClientError);
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
