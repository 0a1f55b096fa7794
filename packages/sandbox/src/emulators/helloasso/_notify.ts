import { createHmac } from 'node:crypto';
import type { HaState } from './_types.js';

/** HelloAsso notification types. */
export type HelloAssoEventType = 'Order' | 'Payment' | 'Form' | 'Organization';

/** What happened to one notification POST. */
export interface NotificationDelivery {
  url: string;
  eventType: string;
  /** HTTP status of the receiver, or `undefined` when the request failed (then `error` says why). */
  status?: number;
  error?: string;
}

/** Computes the `x-ha-signature` header: lowercase hex HMAC-SHA256 of the raw body, keyed with the signature key. */
export function signNotification(rawBody: string, signatureKey: string): string {
  return createHmac('sha256', signatureKey).update(rawBody).digest('hex');
}

/** Options of {@link Notifier}. */
export interface NotifierOptions {
  state: HaState;
  /** URL configured at start-up (like a back-office "Intégrations et API" setting). */
  notificationUrl?: string;
  signatureKey: string;
  timeoutMs?: number;
}

/**
 * Sends HelloAsso notifications: POST `{ eventType, data, metadata? }` as JSON to the configured URL and
 * to the URLs registered through `/partners/me/api-notifications`, signed with `x-ha-signature`.
 * Delivery failures are recorded, never thrown: a receiver that is down must not break the sandbox.
 */
export class Notifier {
  private readonly pending = new Set<Promise<NotificationDelivery>>();
  /** Every delivery attempted so far, oldest first. */
  readonly deliveries: NotificationDelivery[] = [];

  constructor(private readonly options: NotifierOptions) {}

  private targets(eventType: string, organizationSlug: string | undefined): string[] {
    const urls = new Set<string>();
    if (this.options.notificationUrl) urls.add(this.options.notificationUrl);
    for (const entry of this.options.state.notificationUrls) {
      const typeOk = entry.apiNotificationType === undefined || entry.apiNotificationType === eventType;
      const orgOk = entry.organizationSlug === undefined || entry.organizationSlug === organizationSlug;
      if (typeOk && orgOk) urls.add(entry.url);
    }
    return [...urls];
  }

  /** Sends one event to every matching URL; resolves when all deliveries are done. */
  send(
    eventType: string,
    data: unknown,
    metadata?: unknown,
    organizationSlug?: string,
  ): Promise<NotificationDelivery[]> {
    const rawBody = JSON.stringify(
      metadata === undefined ? { eventType, data } : { eventType, data, metadata },
    );
    const signature = signNotification(rawBody, this.options.signatureKey);
    const sends = this.targets(eventType, organizationSlug).map((url) => {
      const delivery = this.deliver(url, eventType, rawBody, signature);
      this.pending.add(delivery);
      void delivery.finally(() => this.pending.delete(delivery));
      return delivery;
    });
    return Promise.all(sends);
  }

  private async deliver(
    url: string,
    eventType: string,
    rawBody: string,
    signature: string,
  ): Promise<NotificationDelivery> {
    let delivery: NotificationDelivery;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-ha-signature': signature,
          'user-agent': 'HelloAsso-Sandbox',
        },
        body: rawBody,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      await response.arrayBuffer();
      delivery = { url, eventType, status: response.status };
    } catch (error) {
      delivery = { url, eventType, error: error instanceof Error ? error.message : String(error) };
    }
    this.deliveries.push(delivery);
    return delivery;
  }

  /** Waits for every notification still in flight. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
