// Answer bodies of hostile servers, for the node:http handlers of test-server.ts: a huge body
// written as fast as the client takes it, and a body that drips in slowly.
import type { ServerResponse } from 'node:http';

/** How far the server got with a body: what the client's socket accepted, and whether it all went. */
export interface BodyProgress {
  /** Bytes handed to the socket so far (the kernel buffers a few MiB more than the client read). */
  written: number;
  /** Whether the whole body was written. */
  finished: boolean;
  /** Resolves when the response is over, sent in full or cut by the client. */
  done: Promise<void>;
}

/** Options of {@link sendLargeBody}. */
export interface LargeBodyOptions {
  status?: number;
  bytes: number;
  /** Announce the size in `content-length` (default), or send the body chunked. */
  contentLength?: boolean;
  contentType?: string;
}

/**
 * Writes `bytes` bytes of `x`, respecting back-pressure, so that `written` says how much the client
 * really took before it hung up.
 */
export function sendLargeBody(response: ServerResponse, options: LargeBodyOptions): BodyProgress {
  const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json' };
  if (options.contentLength ?? true) headers['content-length'] = String(options.bytes);
  response.writeHead(options.status ?? 200, headers);
  const chunk = Buffer.alloc(64 * 1024, 'x');
  const progress: BodyProgress = { written: 0, finished: false, done: Promise.resolve() };
  progress.done = new Promise<void>((resolve) => response.once('close', resolve));
  response.once('finish', () => {
    progress.finished = true;
  });
  const write = (): void => {
    while (progress.written < options.bytes && !response.destroyed) {
      const size = Math.min(chunk.length, options.bytes - progress.written);
      progress.written += size;
      if (!response.write(chunk.subarray(0, size))) {
        response.once('drain', write);
        return;
      }
    }
    if (!response.destroyed) response.end();
  };
  write();
  return progress;
}

/** Sends a JSON array of `chunks` numbers, one every `intervalMs`: a body that never stalls long. */
export function dripBody(response: ServerResponse, chunks: number, intervalMs: number): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.write('[0');
  let sent = 1;
  const timer = setInterval(() => {
    if (response.destroyed) {
      clearInterval(timer);
      return;
    }
    if (sent < chunks) response.write(`,${sent++}`);
    else {
      clearInterval(timer);
      response.end(']');
    }
  }, intervalMs);
  response.once('close', () => clearInterval(timer));
}
