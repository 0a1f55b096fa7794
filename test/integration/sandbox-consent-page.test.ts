import { type Sandbox, startSandbox } from '@oauthkit/sandbox';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoApis, get } from '../../packages/sandbox/test/support/sandbox-helpers.js';
import { AuthorizationCallbackError } from '../../src/errors/authorization-callback-error.js';
import { OAuth2Client } from '../../src/oauth/client.js';
import { type BrowserHandle, launchBrowser } from '../support/browser.js';

// The consent page as a person sees it: Chromium logs in and clicks, oauthkit's loopback login receives the code.
let sandbox: Sandbox;
let browser: BrowserHandle;
let page: Page;

beforeAll(async () => {
  [sandbox, browser] = await Promise.all([startSandbox({ apis: echoApis() }), launchBrowser()]);
  page = await browser.newPage();
});
afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
});

function misocaClient(): OAuth2Client {
  const { tokenUrl, authorizeUrl, clientId, clientSecret } = sandbox.misoca;
  return new OAuth2Client({
    tokenEndpoint: tokenUrl,
    authorizationEndpoint: authorizeUrl,
    clientId,
    clientSecret,
    scopes: ['read'],
  });
}

describe('consent page in Chromium', () => {
  it('logs in, approves, and the loopback login gets tokens the API accepts', async () => {
    const tokens = await misocaClient().authorizeInBrowser({
      open: false,
      timeoutMs: 30_000,
      onUrl: async (url) => {
        await page.goto(url);
        expect(await page.textContent('#client')).toBe(sandbox.misoca.clientId);
        expect(await page.textContent('#scopes')).toBe('read');
        // A wrong password first: the page says so and stays.
        await page.fill('#username', sandbox.misoca.user.username);
        await page.fill('#password', 'not-the-password');
        await page.click('#approve');
        expect(await page.textContent('[role=alert]')).toBe('Wrong email or password.');
        await page.fill('#username', sandbox.misoca.user.username);
        await page.fill('#password', sandbox.misoca.user.password);
        await page.click('#approve');
      },
    });
    expect(tokens.scope).toBe('read');
    expect(tokens.refreshToken).toBeTruthy();
    const api = await get(`${sandbox.misoca.baseUrl}/user/me`, tokens.accessToken);
    expect(await api.json()).toMatchObject({ caller: { userId: '4201', scopes: ['read'] } });
  });

  it('deny ends the login with an access_denied AuthorizationCallbackError', async () => {
    const login = misocaClient().authorizeInBrowser({
      open: false,
      timeoutMs: 30_000,
      onUrl: async (url) => {
        await page.goto(url);
        await page.click('#deny');
      },
    });
    const error = await login.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthorizationCallbackError);
    expect((error as AuthorizationCallbackError).error).toBe('access_denied');
    expect(sandbox.tokenRequests().misoca.authorization_code).toBe(1);
  });
});
