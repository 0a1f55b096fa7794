import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHelloAssoApi } from '../src/emulators/helloasso/api.js';
import { apiRequest } from './support/api-request.js';

const ORG = 'les-amis-du-sandbox';
const BASE = 'http://127.0.0.1:4010/helloasso/v5';
const clientCredentials = { clientId: 'ha-client', scopes: [] };

function get(
  api: ReturnType<typeof createHelloAssoApi>,
  pathWithQuery: string,
  caller: unknown = clientCredentials,
) {
  return api.handle(apiRequest('GET', pathWithQuery, { caller: caller as null, baseUrl: BASE }));
}

describe('HelloAsso notifications', () => {
  const received: { headers: IncomingHttpHeaders; raw: string }[] = [];
  let waiters: (() => void)[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') });
      res.end('ok');
      for (const w of waiters) w();
      waiters = [];
    });
  });
  let url = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/helloasso`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function verify(raw: string, header: unknown, key: string): boolean {
    const expected = createHmac('sha256', key).update(raw).digest();
    const given = Buffer.from(String(header), 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  it('POSTs signed Order and Payment notifications when a checkout is paid', async () => {
    const key = 'test-signature-key';
    const api = createHelloAssoApi({ notificationUrl: url, signatureKey: key });
    const intent = await api.handle(
      apiRequest('POST', `/organizations/${ORG}/checkout-intents`, {
        caller: clientCredentials,
        baseUrl: BASE,
        body: {
          totalAmount: 2500,
          initialAmount: 2500,
          itemName: 'Adhésion 2026',
          backUrl: 'https://x.fr/b',
          errorUrl: 'https://x.fr/e',
          returnUrl: 'https://x.fr/r',
          containsDonation: false,
          metadata: { memberId: 42 },
        },
      }),
    );
    const { id, redirectUrl } = intent.json as { id: number; redirectUrl: string };
    expect(redirectUrl).toBe(`http://127.0.0.1:4010/helloasso/checkout/${ORG}/${id}`);
    received.length = 0;
    const done = await api.completeCheckout(id);
    expect(done?.deliveries.map((d) => d.status)).toEqual([200, 200]);
    expect(received.map((r) => JSON.parse(r.raw).eventType)).toEqual(['Order', 'Payment']);
    for (const r of received) {
      expect(r.headers['content-type']).toBe('application/json');
      expect(verify(r.raw, r.headers['x-ha-signature'], key)).toBe(true);
      expect(verify(r.raw, r.headers['x-ha-signature'], 'another-key')).toBe(false);
      const payload = JSON.parse(r.raw);
      expect(payload.metadata).toEqual({ memberId: 42 });
    }
    const order = JSON.parse(received[0]!.raw).data;
    expect(order).toMatchObject({ id: done?.order.id, checkoutIntentId: id, amount: { total: 2500 } });
    const fetched = await get(api, `/organizations/${ORG}/checkout-intents/${id}`);
    expect((fetched.json as { order: { id: number } }).order.id).toBe(done?.order.id);
  });

  it('notifies a refund and survives a receiver that is down', async () => {
    const api = createHelloAssoApi({ notificationUrl: url, signatureKey: 'k2' });
    await api.handle(
      apiRequest('PUT', '/partners/me/api-notifications', {
        caller: clientCredentials,
        body: { url: 'http://127.0.0.1:9/down' },
      }),
    );
    const payment = api.state.orders.flatMap((o) => o.payments).find((p) => p.state === 'Authorized')!;
    const arrived = new Promise<void>((resolve) => waiters.push(resolve));
    received.length = 0;
    const refund = await api.handle(
      apiRequest('POST', `/payments/${payment.id}/refund?amount=100`, { caller: clientCredentials }),
    );
    expect(refund.json).toMatchObject({ amount: 100, paymentId: payment.id, state: 'Processed' });
    await arrived;
    await api.flushNotifications();
    const body = JSON.parse(received[0]!.raw);
    expect(body.eventType).toBe('Payment');
    expect(body.data.refundOperations).toEqual([expect.objectContaining({ amount: 100 })]);
    expect(verify(received[0]!.raw, received[0]!.headers['x-ha-signature'], 'k2')).toBe(true);
    const failed = api.deliveries.find((d) => d.url.endsWith('/down'));
    expect(failed?.error).toEqual(expect.any(String));
    expect(failed?.status).toBeUndefined();
  });
});

describe('HelloAsso checkout page', () => {
  it('redirects to returnUrl with checkoutIntentId, code and orderId once paid, only once', async () => {
    const api = createHelloAssoApi();
    const intent = await api.handle(
      apiRequest('POST', `/organizations/${ORG}/checkout-intents`, {
        caller: clientCredentials,
        body: {
          totalAmount: 1200,
          initialAmount: 1200,
          itemName: 'Don',
          backUrl: 'https://x.fr/b',
          errorUrl: 'https://x.fr/e',
          returnUrl: 'https://x.fr/retour?ref=7',
          containsDonation: true,
        },
      }),
    );
    const id = (intent.json as { id: number }).id;
    const redirect = await api.checkoutRedirect(id, 'refused');
    expect(redirect.status).toBe(302);
    const location = new URL(String(redirect.headers?.location));
    const order = api.state.orders.find((o) => o.checkoutIntentId === id)!;
    expect(Object.fromEntries(location.searchParams)).toEqual({
      ref: '7',
      checkoutIntentId: String(id),
      code: 'refused',
      orderId: String(order.id),
    });
    expect(order.payments[0]?.state).toBe('Refused');
    expect((await api.checkoutRedirect(id)).status).toBe(404);
  });
});
