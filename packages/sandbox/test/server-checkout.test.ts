import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../src/start-sandbox.js';
import type { Sandbox } from '../src/types.js';
import { postForm } from './support/sandbox-helpers.js';

// The HelloAsso checkout as a user's integration lives it, over HTTP only: create an intent,
// send the payer to its redirectUrl, get the browser back on returnUrl and a signed notification.
const received: Array<{ raw: string; signature: string | undefined }> = [];
let receiver: Server;
let sandbox: Sandbox;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let raw = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      raw += chunk;
    });
    request.on('end', () => {
      received.push({ raw, signature: request.headers['x-ha-signature'] as string | undefined });
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const notificationUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/helloasso`;
  sandbox = await startSandbox({ helloasso: { notificationUrl } });
});
afterAll(async () => {
  await sandbox?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

async function clientCredentialsToken(): Promise<string> {
  const { tokenUrl, clientId, clientSecret } = sandbox.helloasso;
  const answer = await postForm(tokenUrl, {
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: clientSecret,
  });
  return ((await answer.json()) as { access_token: string }).access_token;
}

function signedWith(key: string, raw: string, signature: string | undefined): boolean {
  const expected = createHmac('sha256', key).update(raw).digest();
  const given = Buffer.from(signature ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe('HelloAsso checkout page of the sandbox', () => {
  it('pays the intent, redirects to returnUrl and posts signed Order and Payment notifications', async () => {
    const { baseUrl, organizationSlug, signatureKey } = sandbox.helloasso;
    const created = await fetch(`${baseUrl}/organizations/${organizationSlug}/checkout-intents`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await clientCredentialsToken()}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        totalAmount: 1500,
        initialAmount: 1500,
        itemName: 'Adhésion 2026',
        backUrl: 'https://club.example/back',
        errorUrl: 'https://club.example/error',
        returnUrl: 'https://club.example/return',
        containsDonation: false,
      }),
    });
    expect(created.status).toBe(200);
    const { id, redirectUrl } = (await created.json()) as { id: number; redirectUrl: string };
    expect(redirectUrl.startsWith(`${sandbox.url}/helloasso/checkout/`)).toBe(true);

    const paid = await fetch(redirectUrl, { redirect: 'manual' });

    expect(paid.status).toBe(302);
    const back = new URL(paid.headers.get('location') ?? '');
    expect(back.origin + back.pathname).toBe('https://club.example/return');
    expect(back.searchParams.get('checkoutIntentId')).toBe(String(id));
    expect(back.searchParams.get('code')).toBe('succeeded');
    const events = received.map((r) => JSON.parse(r.raw) as { eventType: string; data: { id: number } });
    expect(events.map((e) => e.eventType)).toEqual(['Order', 'Payment']);
    expect(events[0]?.data.id).toBe(Number(back.searchParams.get('orderId')));
    for (const r of received) expect(signedWith(signatureKey, r.raw, r.signature)).toBe(true);

    const again = await fetch(redirectUrl, { redirect: 'manual' });
    expect(again.status).toBe(404);
    expect(received).toHaveLength(2);
  });
});
