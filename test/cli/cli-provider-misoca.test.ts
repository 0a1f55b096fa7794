import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMisocaConfig } from '../../src/providers/misoca/misoca-config.js';
import { FileTokenStore } from '../../src/tokens/file-store.js';
import { type CliResult, freshHome, runCli } from '../support/cli-run.js';
import { type RecordingSandbox, startRecordingSandbox } from '../support/misoca-recording-sandbox.js';
import { expectNoSecrets } from '../support/no-secrets.js';
import { editStoredTokens, staleTokens } from '../support/stored-token-edit.js';

// `oauthkit login --provider misoca` against the sandbox's Misoca (password grant), then Link-header
// pages, a PDF download and a refresh that rotates the refresh token.
describe('oauthkit login --provider misoca, then api --paginate, a PDF, a rotating refresh', () => {
  let recording: RecordingSandbox;
  let home: string;
  const shown: CliResult[] = [];
  const held = new Set<string>();
  const tokenFile = () => new FileTokenStore(join(home, 'state', 'tokens.json'));
  const noteTokens = async (key = 'misoca') => {
    const stored = await tokenFile().get(key);
    for (const token of [stored?.tokens.accessToken, stored?.tokens.refreshToken]) if (token) held.add(token);
  };

  beforeAll(async () => {
    recording = await startRecordingSandbox();
    home = await freshHome();
  });
  afterAll(() => recording?.sandbox.close());

  it('logs in with --site-url and the password grant; the profile holds the SDK’s endpoints', async () => {
    const { misoca } = recording.sandbox;
    const login = await runCli(
      home,
      [
        'login',
        '--provider',
        'misoca',
        '--site-url',
        misoca.siteUrl,
        '--flow',
        'password',
        '--client-id',
        misoca.clientId,
        '--username',
        misoca.user.username,
        '--password-stdin',
      ],
      { input: `${misoca.user.password}\n`, env: { OAUTHKIT_CLIENT_SECRET: misoca.clientSecret } },
    );
    shown.push(login);
    expect(login.stderr).toContain('Logged in: profile "misoca"');
    expect(login.code).toBe(0);
    expect(recording.sandbox.tokenRequests().misoca).toEqual({ password: 1 });
    const sdk = readMisocaConfig({ clientId: misoca.clientId, clientSecret: 'x', siteUrl: misoca.siteUrl });
    const config = JSON.parse(await readFile(join(home, 'config.json'), 'utf8'));
    expect(config.profiles.misoca).toEqual({
      provider: 'misoca',
      flow: 'password',
      clientId: misoca.clientId,
      sdk: { siteUrl: misoca.siteUrl },
      tokenEndpoint: sdk.tokenUrl,
      authorizationEndpoint: sdk.authorizeUrl,
      revocationEndpoint: sdk.revokeUrl,
      apiBase: sdk.apiBaseUrl,
      scopes: sdk.scopes,
      username: misoca.user.username,
    });
    // The sandbox's own descriptor agrees with what the SDK derives.
    expect([sdk.tokenUrl, sdk.apiBaseUrl]).toEqual([misoca.tokenUrl, misoca.baseUrl]);
    const status = JSON.parse((await runCli(home, ['status', '--json'])).stdout);
    expect(status).toMatchObject({
      provider: 'misoca',
      loggedIn: true,
      refreshToken: true,
      scopes: ['read', 'write'],
    });
    await noteTokens();
  });

  it('api /invoices --paginate follows the Link header over several pages', async () => {
    const before = recording.calls.length;
    const api = await runCli(home, ['api', '/invoices', '--paginate', '-F', 'per_page=10']);
    shown.push(api);
    expect(api.stderr).toBe('');
    expect(api.code).toBe(0);
    const printed = api.stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { id: number }).id);
    const pages = recording.calls.slice(before);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.every((page) => page.operation === 'GET /invoices' && page.status === 200)).toBe(true);
    expect(pages.map((page) => page.query.page ?? '1')).toEqual(pages.map((_, index) => String(index + 1)));
    expect(pages.every((page) => page.query.per_page === '10' && page.requestIssues.length === 0)).toBe(true);
    const served = pages.flatMap((page) => (page.json as { id: number }[]).map((invoice) => invoice.id));
    expect(printed).toEqual(served);
    expect(new Set(printed).size).toBe(printed.length);
    // At least two full pages of 10, and no page over 10.
    expect(printed.length).toBeGreaterThan(20);
    expect(printed.length).toBeLessThanOrEqual(pages.length * 10);
  });

  it('api /invoice/<id>/pdf -o writes the PDF the sandbox serves, byte for byte', async () => {
    const id = recording.emulator.state.invoices[0]?.id;
    const file = join(home, 'invoice.pdf');
    const api = await runCli(home, ['api', `/invoice/${id}/pdf`, '-o', file]);
    shown.push(api);
    expect(api.code).toBe(0);
    const written = await readFile(file);
    expect(written.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(api.stderr).toContain(`Wrote ${written.byteLength} bytes to ${file}`);
    const token = (await tokenFile().get('misoca'))?.tokens.accessToken;
    const direct = await fetch(`${recording.sandbox.misoca.baseUrl}/invoice/${id}/pdf`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(direct.headers.get('content-type')).toMatch(/application\/pdf/);
    expect(Buffer.from(await direct.arrayBuffer()).equals(written)).toBe(true);
  });

  it('a stale token is refreshed; the refresh token rotates and the old one is refused afterwards', async () => {
    const old = (await editStoredTokens(home, 'misoca', staleTokens)).refreshToken;
    if (!old) throw new Error('no refresh token stored');
    const token = await runCli(home, ['token']);
    shown.push({ ...token, stdout: '' });
    expect(token.code).toBe(0);
    expect(recording.sandbox.tokenRequests().misoca).toEqual({ password: 1, refresh_token: 1 });
    const renewed = await tokenFile().get('misoca');
    expect(token.stdout.trim()).toBe(renewed?.tokens.accessToken);
    expect(renewed?.tokens.refreshToken).toMatch(/\S/);
    expect(renewed?.tokens.refreshToken).not.toBe(old);
    await noteTokens();
    const { clientId, clientSecret, tokenUrl } = recording.sandbox.misoca;
    const replay = await fetch(tokenUrl, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: old }),
    });
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { error: string }).error).toBe('invalid_grant');
    // The CLI goes on with the rotated pair.
    const api = await runCli(home, ['api', '/user/me']);
    shown.push(api);
    expect([api.code, api.stderr]).toEqual([0, '']);
  });

  it('login --provider misoca --sandbox URL --flow password: the sandbox’s URLs, client and user', async () => {
    const other = await freshHome();
    const { misoca } = recording.sandbox;
    const login = await runCli(
      other,
      [
        'login',
        '--provider',
        'misoca',
        '--sandbox',
        recording.sandbox.url,
        '--flow',
        'password',
        '--password-stdin',
      ],
      { input: `${misoca.user.password}\n` },
    );
    shown.push(login);
    expect(login.stderr).toContain('Logged in: profile "misoca"');
    expect(login.code).toBe(0);
    const config = JSON.parse(await readFile(join(other, 'config.json'), 'utf8'));
    expect(config.profiles.misoca).toMatchObject({
      provider: 'misoca',
      flow: 'password',
      clientId: misoca.clientId,
      sdk: { siteUrl: misoca.siteUrl },
      tokenEndpoint: misoca.tokenUrl,
      apiBase: misoca.baseUrl,
      username: misoca.user.username,
    });
    const secrets = JSON.parse(await readFile(join(other, 'state', 'client-secrets.json'), 'utf8'));
    expect(secrets).toEqual({ misoca: misoca.clientSecret });
    const me = await runCli(other, ['api', '/user/me']);
    shown.push(me);
    expect(me.code).toBe(0);
    expect(JSON.parse(me.stdout)).toMatchObject({ email: misoca.user.username });
    const stored = await new FileTokenStore(join(other, 'state', 'tokens.json')).get('misoca');
    for (const token of [stored?.tokens.accessToken, stored?.tokens.refreshToken]) if (token) held.add(token);
    expectNoSecrets(await readFile(join(other, 'config.json'), 'utf8'), [misoca.clientSecret, ...held]);
  });

  it('logout --revoke revokes at the profile’s revocation endpoint: the sandbox refuses the refresh token', async () => {
    const refreshToken = (await tokenFile().get('misoca'))?.tokens.refreshToken;
    if (!refreshToken) throw new Error('no refresh token stored');
    const logout = await runCli(home, ['logout', '--revoke']);
    shown.push(logout);
    expect(logout.stderr).toBe('Revoked at the server.\nLogged out of profile "misoca".\n');
    expect(logout.code).toBe(0);
    const { clientId, clientSecret, tokenUrl } = recording.sandbox.misoca;
    const refused = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: clientId,
        client_secret: clientSecret,
      }),
    });
    expect(((await refused.json()) as { error?: string }).error).toBe('invalid_grant');
    const token = await runCli(home, ['token']);
    expect(token.code).toBe(3);
  });

  it('shows no client secret, password or token in any output or in config.json', async () => {
    const { clientSecret, user } = recording.sandbox.misoca;
    const secrets = [clientSecret, user.password, ...held];
    expect(held.size).toBeGreaterThanOrEqual(6);
    for (const result of shown) expectNoSecrets(result, secrets);
    expectNoSecrets(await readFile(join(home, 'config.json'), 'utf8'), secrets);
  });
});
