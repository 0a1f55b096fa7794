import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError, MemoryTokenStore } from 'oauthkit';
import { HelloAsso } from 'oauthkit/helloasso';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type HelloAssoSandbox,
  sandboxClientOptions,
  startHelloAssoSandbox,
} from '../../support/helloasso-sandbox.js';

const ORG = 'les-amis-du-sandbox';
const TTL_SECONDS = 3;
let ha: HelloAssoSandbox;

beforeEach(async () => {
  ha = await startHelloAssoSandbox({ accessTokenTtlSeconds: TTL_SECONDS });
});
afterEach(() => ha.close());

function client(store = new MemoryTokenStore()) {
  return new HelloAsso({ ...sandboxClientOptions(ha), store });
}
const grants = () => ha.sandbox.tokenRequests().helloasso;
const bearers = () => ha.exchanges.map((exchange) => String(exchange.headers.authorization));

describe('HelloAsso token rules against the sandbox', () => {
  it('gets client credentials on the first call, then renews with the refresh token only', async () => {
    const store = new MemoryTokenStore();
    const helloasso = client(store);
    expect(grants()).toEqual({});
    await helloasso.organizations.get({ organizationSlug: ORG });
    expect(grants()).toEqual({ client_credentials: 1 });
    const first = await store.get(`helloasso:${ha.sandbox.helloasso.clientId}`);
    expect(first?.tokens.refreshToken).toBeTruthy();
    for (let round = 1; round <= 2; round++) {
      await sleep(TTL_SECONDS * 1000 + 200);
      await helloasso.organizations.get({ organizationSlug: ORG });
      expect(grants()).toEqual({ client_credentials: 1, refresh_token: round });
    }
    const last = await store.get(`helloasso:${ha.sandbox.helloasso.clientId}`);
    expect(last?.tokens.refreshToken).not.toBe(first?.tokens.refreshToken);
    expect(new Set(bearers()).size).toBe(3);
  });

  it('falls back to client credentials only when the refresh token is refused', async () => {
    const helloasso = client();
    await helloasso.organizations.get({ organizationSlug: ORG });
    ha.sandbox.faults.add({
      method: 'POST',
      path: '/helloasso/oauth2/token',
      status: 400,
      body: { error: 'invalid_grant', error_description: 'The refresh token is invalid' },
    });
    await sleep(TTL_SECONDS * 1000 + 200);
    await helloasso.organizations.get({ organizationSlug: ORG });
    expect(grants().client_credentials).toBe(2);
    expect(ha.sandbox.faults.list()).toHaveLength(0);
    expect(ha.exchanges.map((exchange) => exchange.status)).toEqual([200, 200]);
    expect(new Set(bearers()).size).toBe(2);
  });

  it('a 401 leads to one refresh and one replay; a second 401 is an ApiError', async () => {
    const helloasso = client();
    await helloasso.organizations.get({ organizationSlug: ORG });
    ha.sandbox.faults.add({ path: '/helloasso/v5/organizations/', status: 401, times: 1 });
    await helloasso.organizations.get({ organizationSlug: ORG });
    expect(grants()).toEqual({ client_credentials: 1, refresh_token: 1 });
    expect(ha.exchanges).toHaveLength(2);
    expect(bearers()[1]).not.toBe(bearers()[0]);

    ha.sandbox.faults.add({ path: '/helloasso/v5/organizations/', status: 401, times: 2 });
    const error = await helloasso.organizations.get({ organizationSlug: ORG }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(grants()).toEqual({ client_credentials: 1, refresh_token: 2 });
    expect(ha.sandbox.faults.list()).toHaveLength(0);
  });
});
