import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** A headless Debian Chromium with a fresh profile, driven by playwright-core. */
export interface BrowserHandle {
  context: BrowserContext;
  /** A new tab. */
  newPage(): Promise<Page>;
  /** Closes the browser and removes its profile directory. */
  close(): Promise<void>;
}

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches /usr/bin/chromium with a temporary user-data-dir. Requests to hosts other than
 * loopback are aborted (there is no internet; oidc-provider's pages link a web font).
 */
export async function launchBrowser(): Promise<BrowserHandle> {
  const profile = await mkdtemp(join(tmpdir(), 'oauthkit-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: FLAGS,
  });
  await context.route('**/*', (route) => {
    const { hostname } = new URL(route.request().url());
    return ['127.0.0.1', 'localhost', '[::1]'].includes(hostname) ? route.continue() : route.abort();
  });
  return {
    context,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** What to type on oidc-provider's development login page (it accepts any values). */
export interface DevLogin {
  login?: string;
  password?: string;
}

/**
 * Walks oidc-provider's devInteractions pages in `page` — the device code confirmation, the
 * login form and the consent form, whichever appear — until the browser leaves `issuer`
 * (the redirect to the client) or reaches the provider's device-flow success page.
 */
export async function completeDevInteractions(
  page: Page,
  issuer: string,
  login: DevLogin = {},
): Promise<void> {
  for (let step = 0; step < 8; step++) {
    if (!page.url().startsWith(issuer)) return;
    if ((await page.locator('text=/Sign-in Success|successfully/i').count()) > 0) return;
    const next = page.waitForNavigation({ waitUntil: 'domcontentloaded' });
    if ((await page.locator('input[name=login]').count()) > 0) {
      await page.fill('input[name=login]', login.login ?? 'alice');
      await page.fill('input[name=password]', login.password ?? 'any-password');
      await page.click('button[type=submit]');
    } else if ((await page.locator('#op\\.deviceConfirmForm').count()) > 0) {
      await page.click('button[autofocus]');
    } else if ((await page.locator('input[name=prompt][value=consent]').count()) > 0) {
      await page.click('button[type=submit]');
    } else {
      throw new Error(
        `Unexpected provider page at ${page.url()}: ${(await page.textContent('body'))?.slice(0, 200)}`,
      );
    }
    await next;
  }
  throw new Error(`Still on the provider after 8 steps: ${page.url()}`);
}

/**
 * Opens an authorization URL in a new tab, logs in and consents; resolves once the provider has
 * sent the browser back to the client's redirect URI. Returns the text the callback page showed.
 */
export async function loginThroughProvider(
  browser: BrowserHandle,
  authorizationUrl: string,
  issuer: string,
  login: DevLogin = {},
): Promise<string> {
  const page = await browser.newPage();
  try {
    await page.goto(authorizationUrl, { waitUntil: 'domcontentloaded' });
    await completeDevInteractions(page, issuer, login);
    return (await page.textContent('body')) ?? '';
  } finally {
    await page.close();
  }
}
