import { createServer, request as httpRequest } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';

/** A running forward proxy and what passed through it. */
export interface ForwardProxy {
  /** `http://127.0.0.1:<port>`, for `HTTP_PROXY` / `HTTPS_PROXY`. */
  url: string;
  /** One line per exchange it was asked for: `CONNECT host:port` or `METHOD absolute-URL`. */
  seen: string[];
  /**
   * Local ports of the proxy's own connections to the targets. A target that sees a request
   * arrive from one of them got it through the proxy; from any other port, directly.
   */
  upstreamPorts: Set<number>;
  close(): Promise<void>;
}

/**
 * The host the proxy connects to for `host`: names under `.test` (which never resolve, RFC 2606)
 * go to 127.0.0.1, so that only the proxy can reach them; every other host is used as it is.
 */
function upstreamHost(host: string): string {
  return host.endsWith('.test') ? '127.0.0.1' : host;
}

/**
 * Starts a forward proxy on 127.0.0.1 (ephemeral port) that serves CONNECT tunnels and
 * absolute-form requests, and records every exchange and every connection it opened upstream.
 */
export async function startForwardProxy(): Promise<ForwardProxy> {
  const seen: string[] = [];
  const upstreamPorts = new Set<number>();
  const tunnels = new Set<Socket>();
  const server = createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    const url = new URL(request.url ?? '');
    const upstream = httpRequest(
      {
        host: upstreamHost(url.hostname),
        port: url.port,
        path: url.pathname + url.search,
        method: request.method,
        headers: request.headers,
        agent: false,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('socket', (socket) => socket.on('connect', () => upstreamPorts.add(socket.localPort ?? 0)));
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  server.on('connect', (request, clientSocket: Socket, head) => {
    seen.push(`CONNECT ${request.url}`);
    const target = new URL(`http://${request.url ?? ''}`);
    const upstream = connect(Number(target.port), upstreamHost(target.hostname), () => {
      upstreamPorts.add(upstream.localPort ?? 0);
      clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(clientSocket);
      clientSocket.pipe(upstream);
    });
    for (const socket of [clientSocket, upstream]) {
      tunnels.add(socket);
      socket.on('close', () => tunnels.delete(socket));
    }
    upstream.on('error', () => clientSocket.destroy());
    clientSocket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    upstreamPorts,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Tunnels left open by keep-alive pools would otherwise hold the server open.
      for (const socket of tunnels) socket.destroy();
      server.closeAllConnections();
      await closed;
    },
  };
}
