import { createServer } from 'node:net';
import { type Sandbox, startSandbox } from '@oauthkit/sandbox';
import { Misoca } from 'oauthkit/misoca';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHandle, launchBrowser } from '../../support/browser.js';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

let sandbox: Sandbox;
let browser: BrowserHandle;
let port: number;
let zeroPort: number;

beforeAll(async () => {
  [port, zeroPort] = [await freePort(), await freePort()];
  // Registered like the tutorial's application: http://localhost:PORT (no path).
  [sandbox, browser] = await Promise.all([
    startSandbox({
      redirectUris: [`http://localhost:${port}`],
    }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
});

describe('misoca.login() (the tutorial’s browser login)', () => {
  it('logs in through the consent page in Chromium on the registered port, with PKCE and state', async () => {
    const redirectUri = `http://localhost:${port}`;
    const misoca = new Misoca({ ...sandbox.misoca, redirectUri });
    const page = await browser.newPage();
    let authorizeUrl = new URL('about:blank');
    let shown = '';
    const notices: string[] = [];
    const login = await misoca.login({
      open: false,
      timeoutMs: 30_000,
      onNotice: (notice) => notices.push(notice),
      onUrl: async (url) => {
        authorizeUrl = new URL(url);
        await page.goto(url);
        await page.fill('#username', sandbox.misoca.user.username);
        await page.fill('#password', sandbox.misoca.user.password);
        await Promise.all([page.waitForURL(`${redirectUri}/**`), page.click('#approve')]);
        shown = (await page.textContent('body')) ?? '';
      },
    });
    const sent = authorizeUrl.searchParams;
    expect(authorizeUrl.origin + authorizeUrl.pathname).toBe(sandbox.misoca.authorizeUrl);
    expect(sent.get('redirect_uri')).toBe(redirectUri);
    expect(sent.get('code_challenge_method')).toBe('S256');
    expect(sent.get('state')?.length).toBeGreaterThanOrEqual(16);
    expect(sent.get('scope')).toBe('read write');
    expect(page.url()).toMatch(new RegExp(`^http://localhost:${port}/\\?code=`));
    expect(shown).toContain('You can close this tab');
    expect(notices).toEqual([]);
    expect(login.scopes).toEqual(['read', 'write']);
    expect(sandbox.tokenRequests().misoca.authorization_code).toBe(1);
    expect((await misoca.user.me()).email).toBe(sandbox.misoca.user.username);
    await page.close();
    await misoca.api.close();
  });

  it('serves http://0.0.0.0:PORT/callback_misoca on loopback and gives its one-line note', async () => {
    const redirectUri = `http://0.0.0.0:${zeroPort}/callback_misoca`;
    // Approved at once; this Chromium reaches only 127.0.0.1 and localhost, so the redirect is followed by hand.
    const approving = await startSandbox({ autoApprove: true, redirectUris: [redirectUri] });
    const misoca = new Misoca({ ...approving.misoca, redirectUri });
    const notices: string[] = [];
    let callbackStatus = 0;
    await misoca.login({
      open: false,
      timeoutMs: 30_000,
      onNotice: (notice) => notices.push(notice),
      onUrl: async (url) => {
        const consent = await fetch(url, { redirect: 'manual' });
        const location = consent.headers.get('location') ?? '';
        expect(location.startsWith(`${redirectUri}?`)).toBe(true);
        callbackStatus = (await fetch(location)).status;
      },
    });
    expect(callbackStatus).toBe(200);
    expect(notices).toEqual([
      `Browsers increasingly block http://0.0.0.0; register http://127.0.0.1:${zeroPort}/callback_misoca in Misoca instead (this login listens on 127.0.0.1 only).`,
    ]);
    expect((await misoca.user.me()).email).toBe(approving.misoca.user.username);
    await misoca.api.close();
    await approving.close();
  });
});
