import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import {
  HELLOASSO_WEBHOOK_IPS,
  type HelloAssoNotification,
  parseWebhook,
  verifyWebhook,
  WebhookVerificationError,
} from 'oauthkit/helloasso';
import { describe, expect, it } from 'vitest';
import { createWebhookReceiver } from '../../../examples/helloasso-webhook/receiver.js';
import { startHelloAssoSandbox } from '../../support/helloasso-sandbox.js';

const KEY = 'webhook-test-key';
const body = JSON.stringify({ eventType: 'Order', data: { id: 42, amount: { total: 1500 } } });
const sign = (raw: string | Buffer, key = KEY) => createHmac('sha256', key).update(raw).digest('hex');

function refusal(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error.reason;
    throw error;
  }
  return undefined;
}

describe('verifyWebhook', () => {
  it('accepts the lowercase hex HMAC-SHA256 of the raw body as a string, Buffer or Uint8Array', () => {
    const signature = sign(body);
    expect(verifyWebhook(body, signature, KEY)).toBe(true);
    expect(verifyWebhook(Buffer.from(body), signature, KEY)).toBe(true);
    expect(verifyWebhook(new Uint8Array(Buffer.from(body)), signature, KEY)).toBe(true);
  });

  it('refuses a tampered body, a wrong key and a missing or malformed header', () => {
    expect(verifyWebhook(body.replace('1500', '1'), sign(body), KEY)).toBe(false);
    expect(verifyWebhook(body, sign(body, 'other-key'), KEY)).toBe(false);
    expect(verifyWebhook(body, undefined, KEY)).toBe(false);
    expect(verifyWebhook(body, 'abc', KEY)).toBe(false);
  });
});

describe('parseWebhook', () => {
  it('returns the typed event of a valid notification', () => {
    const event = parseWebhook(body, { 'x-ha-signature': sign(body) }, { signatureKey: KEY });
    expect(event.eventType).toBe('Order');
    if (event.eventType === 'Order') expect(event.data.id).toBe(42);
  });

  it('says why it refuses: tampered body, wrong key, missing header, IP not allowed, not JSON', () => {
    const headers = { 'x-ha-signature': sign(body) };
    expect(refusal(() => parseWebhook(`${body} `, headers, { signatureKey: KEY }))).toBe('bad-signature');
    expect(refusal(() => parseWebhook(body, headers, { signatureKey: 'wrong' }))).toBe('bad-signature');
    expect(refusal(() => parseWebhook(body, {}, { signatureKey: KEY }))).toBe('missing-signature');
    expect(
      refusal(() =>
        parseWebhook(body, headers, {
          allowedIps: HELLOASSO_WEBHOOK_IPS.production,
          remoteAddress: '203.0.113.9',
        }),
      ),
    ).toBe('ip-not-allowed');
    expect(
      parseWebhook(
        body,
        {},
        { allowedIps: HELLOASSO_WEBHOOK_IPS.production, remoteAddress: '::ffff:51.138.206.200' },
      ).eventType,
    ).toBe('Order');
    expect(
      refusal(() => parseWebhook('not json', { 'x-ha-signature': sign('not json') }, { signatureKey: KEY })),
    ).toBe('not-json');
    expect(refusal(() => parseWebhook('{"eventType":"Nope","data":{}}', {}))).toBe('not-a-notification');
    expect(HELLOASSO_WEBHOOK_IPS.sandbox).toEqual(['4.233.135.234']);
  });
});

describe('examples/helloasso-webhook receiver', () => {
  it("receives the sandbox's signed notifications, refuses forged ones, and answers 503 on a transient failure", async () => {
    const events: HelloAssoNotification[] = [];
    let failNext = false;
    const server = createWebhookReceiver({
      signatureKey: 'sandbox-signature-key',
      onEvent: (event) => {
        if (failNext) {
          failNext = false;
          throw new Error('database unavailable');
        }
        events.push(event);
      },
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const ha = await startHelloAssoSandbox();
    try {
      ha.emulation.state.notificationUrls.push({ url });
      const order = ha.emulation.state.orders[0];
      const [delivered] = await ha.emulation.notify('Order', order);
      expect(delivered).toMatchObject({ status: 200 });
      expect(events).toEqual([
        expect.objectContaining({ eventType: 'Order', data: expect.objectContaining({ id: order?.id }) }),
      ]);

      failNext = true;
      const [failed] = await ha.emulation.notify('Order', order);
      expect(failed).toMatchObject({ status: 503 });

      const forged = await fetch(url, {
        method: 'POST',
        body,
        headers: { 'x-ha-signature': sign(body, 'guess') },
      });
      expect(forged.status).toBe(400);
      expect(await forged.text()).toBe('bad-signature');
      expect(events).toHaveLength(1);
    } finally {
      await ha.close();
      server.close();
    }
  });
});
