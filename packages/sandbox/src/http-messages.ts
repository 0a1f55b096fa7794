import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest request body the sandbox reads; bigger bodies get 413 (a real API would refuse them too). */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** Thrown by {@link readBody} when a body is larger than {@link MAX_BODY_BYTES}. */
export class BodyTooLargeError extends Error {
  constructor() {
    super(`Request body is larger than ${MAX_BODY_BYTES} bytes; send a smaller body.`);
    this.name = 'BodyTooLargeError';
  }
}

/** Reads a whole request body into one buffer. */
export async function readBody(request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new BodyTooLargeError();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** The media type of a request without parameters, lower-cased (`application/json`). */
export function mediaType(request: IncomingMessage): string {
  return (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Parses a JSON body; `undefined` when the body is empty or not valid JSON. */
export function parseJsonBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Parses an `application/x-www-form-urlencoded` body into a plain object (last value wins). */
export function parseFormBody(raw: Buffer): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
}

/** Sends a JSON response with `Content-Length`. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  send(response, status, JSON.stringify(body), {
    'content-type': 'application/json; charset=utf-8',
    ...headers,
  });
}

/** Sends an HTML page. */
export function sendHtml(response: ServerResponse, status: number, html: string): void {
  send(response, status, html, {
    'content-type': 'text/html; charset=utf-8',
    // The consent page must not be framed (clickjacking) nor cached.
    'x-frame-options': 'DENY',
    'cache-control': 'no-store',
  });
}

/** Sends a 302 redirect. */
export function sendRedirect(response: ServerResponse, location: string): void {
  send(response, 302, '', { location, 'cache-control': 'no-store' });
}

/** Sends a body with explicit headers; the single place that ends sandbox responses. */
export function send(
  response: ServerResponse,
  status: number,
  body: Buffer | string,
  headers: Record<string, string>,
): void {
  const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  response.writeHead(status, { ...headers, 'content-length': String(payload.length) });
  response.end(payload);
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
