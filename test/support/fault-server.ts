import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the fault server saw it. */
export interface FaultRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  form: Record<string, string>;
  at: number;
}

/**
 * How the fault server answers: a canned response; `hang` (read the request, never answer);
 * `reset` (send the headers and half a JSON body, then cut the socket); `slow` (send a JSON body
 * one byte every `byteEveryMs`); `redirect` (302 to `location`).
 */
export type Fault =
  | { kind: 'answer'; status: number; headers?: Record<string, string>; body: string }
  | { kind: 'hang' }
  | { kind: 'reset' }
  | { kind: 'slow'; byteEveryMs: number }
  | { kind: 'redirect'; location: string };

/** A running fault server: `script(path, request index)` picks each answer. */
export interface FaultServer {
  origin: string;
  port: number;
  requests: FaultRequest[];
  close(): Promise<void>;
}

const SLOW_BODY = JSON.stringify({ access_token: 'slow-token', token_type: 'Bearer', expires_in: 60 });

function play(fault: Fault, req: IncomingMessage, res: ServerResponse): void {
  switch (fault.kind) {
    case 'answer':
      res.writeHead(fault.status, fault.headers ?? {});
      res.end(fault.body);
      return;
    case 'hang':
      return;
    case 'reset':
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '200' });
      res.write('{"access_token":"half');
      setTimeout(() => req.socket.destroy(), 20);
      return;
    case 'redirect':
      res.writeHead(302, { location: fault.location });
      res.end();
      return;
    case 'slow': {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(SLOW_BODY.length) });
      let sent = 0;
      const timer = setInterval(() => {
        if (res.destroyed || sent >= SLOW_BODY.length) {
          clearInterval(timer);
          if (!res.destroyed) res.end();
          return;
        }
        res.write(SLOW_BODY[sent++]);
      }, fault.byteEveryMs);
      res.on('close', () => clearInterval(timer));
    }
  }
}

/** Starts a node:http fault server on `host` (default 127.0.0.1, ephemeral port). */
export async function startFaultServer(
  script: (path: string, index: number) => Fault,
  host = '127.0.0.1',
): Promise<FaultServer> {
  const requests: FaultRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const index = requests.filter((seen) => seen.path === path).length;
      requests.push({
        method: req.method ?? 'GET',
        path,
        authorization: req.headers.authorization,
        form: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))),
        at: Date.now(),
      });
      play(script(path, index), req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://${host}:${port}`,
    port,
    requests,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** A local forward proxy that refuses everything: `403` answers 403 (to CONNECT too), `close` hangs up. */
export interface RefusingProxy {
  url: string;
  /** How many connections reached it. */
  connections: number;
  close(): Promise<void>;
}

/** Starts a refusing proxy on 127.0.0.1 (ephemeral port). */
export async function startRefusingProxy(mode: '403' | 'close'): Promise<RefusingProxy> {
  const server = createServer((_req, res) => {
    if (mode === 'close') res.socket?.destroy();
    else res.writeHead(403, { 'content-type': 'text/plain' }).end('proxy says no');
  });
  server.on('connect', (_req, socket: import('node:net').Socket) => {
    if (mode === 'close') socket.destroy();
    else socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
  });
  const proxy: RefusingProxy = { url: '', connections: 0, close: async () => {} };
  server.on('connection', () => {
    proxy.connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  };
  return proxy;
}
