// A HelloAsso notification receiver on node:http. It keeps the raw body (the signature covers the
// bytes as sent), answers 4xx to what is not HelloAsso's, 200 once the event is handled, and 503 when
// handling failed for a passing reason, so that HelloAsso sends the notification again
// (https://dev.helloasso.com/docs/les-notifications).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type HelloAssoNotification, parseWebhook, WebhookVerificationError } from 'oauthkit/helloasso';

/** Options of {@link createWebhookReceiver}. */
export interface WebhookReceiverOptions {
  /** The key HelloAsso returned with the notification URL; unsigned notifications are refused when set. */
  signatureKey?: string;
  /** Opt-in sender allowlist (`HELLOASSO_WEBHOOK_IPS.production`). */
  allowedIps?: readonly string[];
  /** Handles one event; throw to have HelloAsso retry (answered with 503). */
  onEvent: (event: HelloAssoNotification) => Promise<void> | void;
  /** Largest body accepted, in bytes (default 1 MiB). */
  maxBodyBytes?: number;
}

async function readRawBody(request: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * A server that receives HelloAsso notifications at any path with POST.
 *
 * @example
 * ```ts
 * const server = createWebhookReceiver({ signatureKey, onEvent: (event) => save(event) });
 * server.listen(8080);
 * ```
 */
export function createWebhookReceiver(options: WebhookReceiverOptions): Server {
  return createServer(async (request, response) => {
    if (request.method !== 'POST') {
      response.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const raw = await readRawBody(request, options.maxBodyBytes ?? 1024 * 1024);
    if (raw === null) {
      response.writeHead(413).end();
      return;
    }
    let event: HelloAssoNotification;
    try {
      event = parseWebhook(raw, request.headers, {
        ...(options.signatureKey !== undefined ? { signatureKey: options.signatureKey } : {}),
        ...(options.allowedIps !== undefined ? { allowedIps: options.allowedIps } : {}),
        remoteAddress: request.socket.remoteAddress,
      });
    } catch (error) {
      const reason = error instanceof WebhookVerificationError ? error.reason : 'error';
      response
        .writeHead(reason === 'ip-not-allowed' ? 403 : 400, { 'content-type': 'text/plain' })
        .end(reason);
      return;
    }
    try {
      await options.onEvent(event);
      response.writeHead(200).end();
    } catch {
      // A database down, a queue full: HelloAsso retries a notification that did not get a 2xx.
      response.writeHead(503, { 'retry-after': '60' }).end();
    }
  });
}

// Run directly: `HELLOASSO_SIGNATURE_KEY=... PORT=8080 npx tsx examples/helloasso-webhook/receiver.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const signatureKey = process.env.HELLOASSO_SIGNATURE_KEY;
  const server = createWebhookReceiver({
    ...(signatureKey ? { signatureKey } : {}),
    onEvent: (event) => {
      process.stdout.write(`${event.eventType} ${JSON.stringify(event.data).slice(0, 120)}\n`);
    },
  });
  server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1');
}
