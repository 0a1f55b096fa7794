import { createHmac, timingSafeEqual } from 'node:crypto';
import type { components } from './generated/helloasso-openapi.js';
import { WebhookVerificationError } from './webhook-verification-error.js';

type Schemas = components['schemas'];

/**
 * The addresses HelloAsso sends notifications from, for an opt-in allowlist.
 * @see https://dev.helloasso.com/docs/secure-webhook
 */
export const HELLOASSO_WEBHOOK_IPS = {
  production: ['51.138.206.200'],
  sandbox: ['4.233.135.234'],
} as const;

/** A HelloAsso notification: `{ eventType, data, metadata? }`, typed by `eventType`. */
export type HelloAssoNotification =
  | {
      eventType: 'Order';
      data: Schemas['HelloAsso.Api.V5.Common.Models.Statistics.OrderDetail'];
      metadata?: unknown;
    }
  | {
      eventType: 'Payment';
      data: Schemas['HelloAsso.Api.V5.Common.Models.Statistics.PaymentDetail'];
      metadata?: unknown;
    }
  | {
      eventType: 'Form';
      data: Schemas['HelloAsso.Api.V5.Common.Models.Forms.FormPublicModel'];
      metadata?: unknown;
    }
  | {
      eventType: 'Organization';
      data: Schemas['HelloAsso.Api.V5.Common.Models.Organizations.OrganizationPublicModel'];
      metadata?: unknown;
    };

const EVENT_TYPES = new Set(['Order', 'Payment', 'Form', 'Organization']);

type RawBody = string | Uint8Array;

function bytesOf(body: RawBody): Buffer {
  return typeof body === 'string'
    ? Buffer.from(body, 'utf8')
    : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

/**
 * Whether `signatureHeader` (the `x-ha-signature` header) is the lowercase hex HMAC-SHA256 of the
 * raw body under `signatureKey`; compared in constant time. Verify the bytes as received, before
 * any JSON parsing.
 *
 * @example
 * ```ts
 * if (!verifyWebhook(rawBody, request.headers['x-ha-signature'], process.env.HELLOASSO_SIGNATURE_KEY)) reject();
 * ```
 */
export function verifyWebhook(
  rawBody: RawBody,
  signatureHeader: string | readonly string[] | null | undefined,
  signatureKey: string,
): boolean {
  const header = Array.isArray(signatureHeader) ? signatureHeader[0] : signatureHeader;
  if (typeof header !== 'string' || !/^[0-9a-fA-F]{64}$/.test(header.trim()) || !signatureKey) return false;
  const expected = createHmac('sha256', signatureKey).update(bytesOf(rawBody)).digest();
  return timingSafeEqual(expected, Buffer.from(header.trim().toLowerCase(), 'hex'));
}

/** Options of {@link parseWebhook}. */
export interface ParseWebhookOptions {
  /** The key HelloAsso gave with the notification URL (partners' notifications only are signed). */
  signatureKey?: string;
  /** Opt-in: accept only these sender addresses, e.g. `HELLOASSO_WEBHOOK_IPS.production`. */
  allowedIps?: readonly string[];
  /** The sender's address (`request.socket.remoteAddress`), needed with `allowedIps`. */
  remoteAddress?: string | undefined;
}

/**
 * Checks a notification (sender address when `allowedIps` is given, signature when `signatureKey` is)
 * and parses it; throws a {@link WebhookVerificationError} saying why it was refused.
 *
 * @example
 * ```ts
 * const event = parseWebhook(rawBody, request.headers, { signatureKey, remoteAddress: request.socket.remoteAddress });
 * if (event.eventType === 'Order') console.log(event.data.id, event.data.amount?.total);
 * ```
 */
export function parseWebhook(
  rawBody: RawBody,
  headers: Record<string, string | readonly string[] | undefined>,
  options: ParseWebhookOptions = {},
): HelloAssoNotification {
  if (options.allowedIps !== undefined) {
    const address = (options.remoteAddress ?? '').replace(/^::ffff:/, '');
    if (!options.allowedIps.includes(address)) {
      throw new WebhookVerificationError(
        'ip-not-allowed',
        `Notification from ${address || 'an unknown address'}, which is not an allowed sender`,
      );
    }
  }
  if (options.signatureKey !== undefined) {
    const header = headers['x-ha-signature'];
    if (header === undefined || header === '') {
      throw new WebhookVerificationError(
        'missing-signature',
        'Notification without an x-ha-signature header',
      );
    }
    if (!verifyWebhook(rawBody, header, options.signatureKey)) {
      throw new WebhookVerificationError(
        'bad-signature',
        'The x-ha-signature does not match the body: check the signature key',
      );
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytesOf(rawBody).toString('utf8'));
  } catch {
    throw new WebhookVerificationError('not-json', 'The notification body is not JSON');
  }
  const { eventType, data } = (parsed ?? {}) as { eventType?: unknown; data?: unknown };
  if (
    typeof eventType !== 'string' ||
    !EVENT_TYPES.has(eventType) ||
    data === null ||
    typeof data !== 'object'
  ) {
    throw new WebhookVerificationError(
      'not-a-notification',
      'The body is not a HelloAsso notification ({ eventType: Order | Payment | Form | Organization, data })',
    );
  }
  return parsed as HelloAssoNotification;
}
