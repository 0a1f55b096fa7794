import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../src/start-sandbox.js';
import type { Sandbox } from '../src/types.js';
import { get, pkcePair, postForm, redirectParams } from './support/sandbox-helpers.js';

// The real emulations mounted behind the authorization servers: the bearer checks reach them.
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ autoApprove: true, seed: 7 });
});
afterAll(() => sandbox.close());

describe('sandbox with the Misoca and HelloAsso emulations', () => {
  it('serves Misoca contacts to a password-grant token and 401 without one', async () => {
    const { username, password } = sandbox.misoca.user;
    const tokenResponse = await postForm(
      sandbox.misoca.tokenUrl,
      { grant_type: 'password', username, password, scope: 'read' },
      { id: sandbox.misoca.clientId, secret: sandbox.misoca.clientSecret },
    );
    const { access_token } = (await tokenResponse.json()) as { access_token: string };
    const contacts = await get(`${sandbox.misoca.baseUrl}/contacts`, access_token);
    expect(contacts.status).toBe(200);
    expect(((await contacts.json()) as unknown[]).length).toBeGreaterThan(0);
    const me = (await (await get(`${sandbox.misoca.baseUrl}/user/me`, access_token)).json()) as {
      email: string;
    };
    expect(me.email).toBe(username);
    expect((await get(`${sandbox.misoca.baseUrl}/contacts`)).status).toBe(401);
    // A read token cannot write.
    const create = await fetch(`${sandbox.misoca.baseUrl}/contact`, {
      method: 'POST',
      headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ recipient_name: 'X' }),
    });
    expect(create.status).toBe(403);
  });

  it('serves HelloAsso orders to client-credentials and authorization-code tokens of the organization', async () => {
    const { clientId, clientSecret, tokenUrl, authorizeUrl, baseUrl, organizationSlug } = sandbox.helloasso;
    const cc = (await (
      await postForm(tokenUrl, {
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
      })
    ).json()) as { access_token: string };
    const orders = await get(
      `${baseUrl}/organizations/${organizationSlug}/orders?pageSize=5`,
      cc.access_token,
    );
    expect(orders.status).toBe(200);
    const page = (await orders.json()) as { data: unknown[]; pagination: { continuationToken: string } };
    expect(page.data).toHaveLength(5);
    expect(page.pagination.continuationToken).toBeTruthy();

    const { verifier, challenge } = pkcePair();
    const redirectUri = 'http://127.0.0.1:9/cb';
    const redirect = await get(
      `${authorizeUrl}?${new URLSearchParams({ client_id: clientId, redirect_uri: redirectUri, code_challenge: challenge, code_challenge_method: 'S256' })}`,
    );
    const code = redirectParams(redirect).get('code')!;
    const partner = (await (
      await postForm(tokenUrl, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        code_verifier: verifier,
        client_id: clientId,
        client_secret: clientSecret,
      })
    ).json()) as { access_token: string; organization_slug: string };
    expect(partner.organization_slug).toBe(organizationSlug);
    expect(
      (await get(`${baseUrl}/organizations/${organizationSlug}/orders`, partner.access_token)).status,
    ).toBe(200);
    expect((await get(`${baseUrl}/organizations/${organizationSlug}/orders`)).status).toBe(401);
  });
});
