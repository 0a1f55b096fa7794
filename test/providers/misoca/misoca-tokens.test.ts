import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileTokenStore, OAuth2Client, OAuthError, ReauthorizationRequiredError } from 'oauthkit';
import { Misoca } from 'oauthkit/misoca';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RecordingSandbox, startRecordingSandbox } from '../../support/misoca-recording-sandbox.js';
import { finished, startScript } from '../../support/run-script.js';

let box: RecordingSandbox;
let directory: string;

beforeAll(async () => {
  box = await startRecordingSandbox();
  directory = await mkdtemp(join(tmpdir(), 'oauthkit-misoca-'));
});
afterAll(async () => {
  await box?.sandbox.close();
  await rm(directory, { recursive: true, force: true });
});

const user = () => box.sandbox.misoca.user;
const grants = () => ({ ...box.sandbox.tokenRequests().misoca });
/** A plain client of the same application, to ask the server about a token directly. */
const rawClient = () =>
  new OAuth2Client({
    tokenEndpoint: box.sandbox.misoca.tokenUrl,
    clientId: box.sandbox.misoca.clientId,
    clientSecret: box.sandbox.misoca.clientSecret,
  });

describe('Misoca tokens', () => {
  it('logs in with a password provider when needed, asking for the password once', async () => {
    let asked = 0;
    const before = grants();
    const misoca = new Misoca({
      ...box.sandbox.misoca,
      key: 'provider',
      grant: {
        password: async () => {
          asked++;
          return { username: user().username, password: user().password };
        },
      },
    });
    expect((await misoca.user.me()).email).toBe(user().username);
    await misoca.contacts.list();
    expect(asked).toBe(1);
    expect(grants().password).toBe((before.password ?? 0) + 1);
    await misoca.api.close();
  });

  it('without a login, a call says to log in again (ReauthorizationRequiredError), sending nothing', async () => {
    const misoca = new Misoca({ ...box.sandbox.misoca, key: 'nobody' });
    const start = box.calls.length;
    await expect(misoca.user.me()).rejects.toBeInstanceOf(ReauthorizationRequiredError);
    expect(box.calls.length).toBe(start);
  });

  it('rotates: the new pair is stored, and the old refresh token is refused by the server', async () => {
    const misoca = new Misoca({ ...box.sandbox.misoca, key: 'rotation' });
    const login = await misoca.loginWithPassword(user().username, user().password);
    expect(login.expiresAt).toBeGreaterThan(Date.now() + 23 * 3_600_000); // about a day
    const first = (await misoca.tokens.getTokens())!;
    await misoca.tokens.getAccessToken({ forceRefresh: true });
    const second = (await misoca.tokens.getTokens())!;
    expect(second.refreshToken).toBeTruthy();
    expect(second.refreshToken).not.toBe(first.refreshToken);
    const refused = await rawClient()
      .refresh(first.refreshToken!)
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OAuthError);
    expect((refused as OAuthError).error).toBe('invalid_grant');
    expect((await misoca.user.me()).email).toBe(user().username);
    await misoca.api.close();
  });

  it('a stale access token leads to one refresh and one replay of the call', async () => {
    const misoca = new Misoca({ ...box.sandbox.misoca, key: 'stale' });
    await misoca.loginWithPassword(user().username, user().password);
    const current = (await misoca.tokens.getTokens())!;
    await misoca.tokens.setTokens({ ...current, accessToken: 'revoked-or-stale-token' });
    const before = grants();
    const start = box.calls.length;
    expect((await misoca.user.me()).email).toBe(user().username);
    const calls = box.calls.slice(start);
    expect(
      calls.map((call) => [
        call.operation,
        call.status,
        call.authorization === 'Bearer revoked-or-stale-token',
      ]),
    ).toEqual([
      ['GET /user/me', 401, true],
      ['GET /user/me', 200, false],
    ]);
    expect(grants().refresh_token).toBe((before.refresh_token ?? 0) + 1);
    await misoca.api.close();
  });

  it('logout({ revoke }) revokes at Misoca and forgets; logout({ revoke: false }) only forgets', async () => {
    const misoca = new Misoca({ ...box.sandbox.misoca, key: 'logout' });
    await misoca.loginWithPassword(user().username, user().password);
    const revoked = (await misoca.tokens.getTokens())!;
    await misoca.logout();
    expect(await misoca.tokens.getTokens()).toBeNull();
    await expect(misoca.user.me()).rejects.toBeInstanceOf(ReauthorizationRequiredError);
    await expect(rawClient().refresh(revoked.refreshToken!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    const apiStatus = await fetch(`${box.sandbox.misoca.baseUrl}/user/me`, {
      headers: { authorization: `Bearer ${revoked.accessToken}` },
    });
    expect(apiStatus.status).toBe(401);

    await misoca.loginWithPassword(user().username, user().password);
    const kept = (await misoca.tokens.getTokens())!;
    await misoca.logout({ revoke: false });
    expect(await misoca.tokens.getTokens()).toBeNull();
    const stillValid = await rawClient().refresh(kept.refreshToken!);
    expect(stillValid.accessToken).toBeTruthy();
  });

  it('two processes sharing a FileTokenStore renew once across an expiry and both use the new token', async () => {
    const path = join(directory, 'tokens.json');
    const misoca = new Misoca({ ...box.sandbox.misoca, store: new FileTokenStore(path) });
    await misoca.loginWithPassword(user().username, user().password);
    const loggedIn = (await misoca.tokens.getTokens())!;
    // The access token has expired: whoever comes first renews, the other adopts.
    await misoca.tokens.setTokens({ ...loggedIn, expiresAt: Date.now() - 1000 });
    const before = grants();
    const info = JSON.stringify(box.sandbox.misoca);
    const results = await Promise.all(
      [0, 1].map(() => finished(startScript('test/support/misoca-token-worker.ts', [path, info], directory))),
    );
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const [a, b] = results.map((result) => JSON.parse(result.stdout));
    expect([a.email, b.email]).toEqual([user().username, user().username]);
    expect(grants().refresh_token).toBe((before.refresh_token ?? 0) + 1);
    expect(a.tokenHash).toBe(b.tokenHash);
    const stored = JSON.parse(await readFile(path, 'utf8'));
    const text = JSON.stringify(stored);
    expect(text).not.toContain(loggedIn.refreshToken!);
    expect(text).not.toContain(box.sandbox.misoca.clientSecret);
    const onFile = (await new FileTokenStore(path).get('misoca'))!.tokens;
    expect(createHash('sha256').update(onFile.accessToken).digest('hex')).toBe(a.tokenHash);
    expect([...a.events, ...b.events].filter((type: string) => type === 'refresh')).toHaveLength(1);
    await misoca.api.close();
  });
});
