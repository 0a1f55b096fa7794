import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the scripted server saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** When the request arrived (epoch ms). */
  at: number;
  /** The urlencoded form body, decoded. */
  form: Record<string, string>;
}

/** How to answer one request: a canned response, or `hang` (never answer) / `drop` (cut the socket). */
export type ScriptedAnswer =
  | { status: number; headers?: Record<string, string>; body: string }
  | 'hang'
  | 'drop';

/** A running scripted server. */
export interface ScriptedServerHandle {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/**
 * Starts a node:http server on 127.0.0.1 (ephemeral port) that answers the n-th request with
 * `answers[n]` (the last one repeats), for malformed and failing token endpoints.
 */
export async function startScriptedServer(answers: ScriptedAnswer[]): Promise<ScriptedServerHandle> {
  const requests: SeenRequest[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      headers: req.headers,
      at: Date.now(),
      form,
    });
    const answer = answers[Math.min(requests.length - 1, answers.length - 1)] ?? 'hang';
    if (answer === 'hang') return;
    if (answer === 'drop') {
      req.socket.destroy();
      return;
    }
    res.writeHead(answer.status, answer.headers ?? {});
    res.end(answer.body);
  };
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
