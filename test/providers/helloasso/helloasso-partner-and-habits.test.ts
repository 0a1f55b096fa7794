import { inspect } from 'node:util';
import { ApiError } from 'oauthkit';
import { HelloAsso } from 'oauthkit/helloasso';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type HelloAssoSandbox,
  sandboxClientOptions,
  startHelloAssoSandbox,
} from '../../support/helloasso-sandbox.js';

const ORG = 'les-amis-du-sandbox';
let ha: HelloAssoSandbox;

beforeAll(async () => {
  ha = await startHelloAssoSandbox({ autoApprove: true });
});
afterAll(() => ha.close());

const options = () => sandboxClientOptions(ha);

describe('HelloAsso partner authorization', () => {
  it('builds a PKCE S256 authorize URL, exchanges the code with organizationSlug, stores it, and disconnects', async () => {
    const helloasso = new HelloAsso(options());
    const redirectUri = 'http://127.0.0.1:8765/callback';
    const request = await helloasso.authorization.authorizeUrl({ redirectUri, state: 'abc' });
    const url = new URL(request.url);
    expect(url.origin + url.pathname).toBe(`${ha.sandbox.helloasso.authBase}/authorize`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('state')).toBe('abc');
    expect(request.state).toBe('abc');
    await expect(
      helloasso.authorization.authorizeUrl({ redirectUri, state: 'x'.repeat(500) }),
    ).rejects.toThrow(/500/);
    const answer = await fetch(request.url, { redirect: 'manual' });
    const location = new URL(String(answer.headers.get('location')));
    const code = String(location.searchParams.get('code'));
    const tokens = await helloasso.authorization.exchangeCode({
      code,
      redirectUri,
      codeVerifier: request.codeVerifier,
      store: true,
    });
    expect(tokens.organizationSlug).toBe(ORG);
    await helloasso.organizations.get({ organizationSlug: ORG });
    expect(ha.exchanges.at(-1)?.headers.authorization).toBe(`Bearer ${tokens.accessToken}`);
    expect(ha.sandbox.tokenRequests().helloasso).toMatchObject({ authorization_code: 1 });
    expect(ha.sandbox.tokenRequests().helloasso.client_credentials).toBeUndefined();
    await helloasso.disconnect();
    const reused = new HelloAsso({ ...options(), accessToken: tokens.accessToken, retry: { retries: 0 } });
    // The revoked token is refused; the SDK renews once (client credentials) and replays.
    await reused.organizations.get({ organizationSlug: ORG });
    expect(ha.exchanges.at(-2)?.status).toBe(401);
    expect(ha.exchanges.at(-1)?.status).toBe(200);
  });
});

describe('HaApiV5 habits', () => {
  it('call() takes paths with or without /v5, setAccessToken sets the token, resource classes keep working', async () => {
    const helloasso = new HelloAsso(options());
    const a = await helloasso.call<{ organizationSlug: string }>(`/v5/organizations/${ORG}`);
    const b = await helloasso.call<{ organizationSlug: string }>(`/organizations/${ORG}`);
    expect(a.organizationSlug).toBe(ORG);
    expect(b).toEqual(a);
    expect(ha.exchanges.at(-1)?.path).toBe(`/organizations/${ORG}`);

    class OrganizationApi {
      constructor(private readonly client: HelloAsso) {}
      get(slug: string) {
        return this.client.call<{ name: string }>(`/v5/organizations/${slug}`, { method: 'GET' });
      }
    }
    expect((await new OrganizationApi(helloasso).get(ORG)).name).toBeTruthy();

    await helloasso.setAccessToken('not-a-valid-token');
    const error = await new HelloAsso({ ...options(), accessToken: 'stale', retry: { retries: 0 } })
      .call('/v5/organizations/nope-nope')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    // setAccessToken's token is the one sent first; refused, it is renewed once.
    await helloasso.call(`/organizations/${ORG}`);
    expect(ha.exchanges.at(-2)?.headers.authorization).toBe('Bearer not-a-valid-token');
    expect(ha.exchanges.at(-1)?.status).toBe(200);
  });

  it("tokenGetter/tokenSetter keep HaApiV5's meaning (tokenKey, clientId[, token])", async () => {
    const saved = new Map<string, string | null>();
    const calls: string[] = [];
    const helloasso = new HelloAsso({
      ...options(),
      tokenGetter: (tokenKey, clientId) => {
        calls.push(`get ${tokenKey} ${clientId}`);
        return saved.get(`${clientId}:${tokenKey}`) ?? null;
      },
      tokenSetter: (tokenKey, clientId, token) => {
        calls.push(`set ${tokenKey} ${clientId}`);
        saved.set(`${clientId}:${tokenKey}`, token);
      },
    });
    await helloasso.organizations.get({ organizationSlug: ORG });
    const id = ha.sandbox.helloasso.clientId;
    expect(calls).toContain(`get access_token ${id}`);
    expect(calls).toContain(`set refresh_token ${id}`);
    expect(ha.exchanges.at(-1)?.headers.authorization).toBe(`Bearer ${saved.get(`${id}:access_token`)}`);
    expect(saved.get(`${id}:refresh_token`)).toBeTruthy();
    const view = inspect(helloasso, { depth: 5 });
    expect(view).not.toContain(ha.sandbox.helloasso.clientSecret);
    expect(view).not.toContain(String(saved.get(`${id}:access_token`)));
  });
});
