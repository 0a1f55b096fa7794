import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the test server saw of one request. */
export interface SeenRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  /** `Date.now()` when the request arrived. */
  at: number;
  /** The client's port: which connection brought the request (a proxy's, or the client's own). */
  remotePort: number | undefined;
}

/** Answers one request; `index` counts requests from 0. */
export type Handler = (
  request: SeenRequest,
  response: ServerResponse,
  index: number,
  raw: IncomingMessage,
) => unknown;

export interface TestServer {
  /** `http://127.0.0.1:<port>` (or the host it was asked to listen on) */
  origin: string;
  port: number;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/**
 * Starts a node:http server on 127.0.0.1 with an ephemeral port that records every request.
 * `host` picks another loopback address (127.0.0.2, ...), which oauthkit treats as a remote host.
 */
export async function startServer(handler: Handler, options: { host?: string } = {}): Promise<TestServer> {
  const host = options.host ?? '127.0.0.1';
  const requests: SeenRequest[] = [];
  const server: Server = createServer(async (raw, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of raw) chunks.push(chunk as Buffer);
    const parsed = new URL(raw.url ?? '/', 'http://127.0.0.1');
    const seen: SeenRequest = {
      method: raw.method ?? '',
      url: raw.url ?? '',
      path: parsed.pathname,
      query: parsed.searchParams,
      headers: raw.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      at: Date.now(),
      remotePort: raw.socket.remotePort,
    };
    requests.push(seen);
    try {
      await handler(seen, response, requests.length - 1, raw);
    } catch (error) {
      response.statusCode = 599;
      response.end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${host}:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends `body` as JSON with `status`. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** A port nothing listens on (bound then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
