import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { type Sandbox, startSandbox } from '@oauthkit/sandbox';
import { transformSync } from 'esbuild';
import { ApiError, ConfigurationError, FileTokenStore } from 'oauthkit';
import { Misoca, type MisocaLoginOptions, type MisocaOptions } from 'oauthkit/misoca';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The README's Misoca examples, run as they are written against the sandbox: only the site (the
// sandbox instead of app.misoca.jp), the browser (the sandbox approves at once) and the port of
// the redirect URI (a free one instead of 8080) differ.
const SECTIONS = ["## Coming from Python's `oauth2-client` (the Misoca tutorial)", '## Misoca'];

function blocksOf(readme: string, heading: string): string[] {
  const start = readme.indexOf(`\n${heading}\n`);
  const end = readme.indexOf('\n## ', start + heading.length + 2);
  const section = readme.slice(start, end);
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

let sandbox: Sandbox;
let home: string;
let port: number;
const logs: unknown[][] = [];
const written: Record<string, Uint8Array> = {};

async function follow(url: string): Promise<void> {
  const consent = await fetch(url, { redirect: 'manual' });
  await (await fetch(consent.headers.get('location') ?? '')).arrayBuffer();
}

function sandboxMisoca() {
  return class ReadmeMisoca extends Misoca {
    constructor(options: MisocaOptions) {
      const redirectUri = options.redirectUri && `http://localhost:${port}`;
      super({ ...options, siteUrl: sandbox.misoca.siteUrl, ...(redirectUri ? { redirectUri } : {}) });
    }
    override login(options: MisocaLoginOptions = {}) {
      return super.login({
        ...options,
        open: false,
        onUrl: async (url) => {
          await options.onUrl?.(url);
          await follow(url);
        },
      });
    }
  };
}

async function run(code: string, misoca?: Misoca): Promise<void> {
  const body = transformSync(code.replace(/^import .*;$/gm, ''), { loader: 'ts' }).code;
  const bindings: Record<string, unknown> = {
    Misoca: sandboxMisoca(),
    FileTokenStore,
    ApiError,
    ConfigurationError,
    process: {
      env: {
        HOME: home,
        MISOCA_CLIENT_ID: sandbox.misoca.clientId,
        MISOCA_CLIENT_SECRET: sandbox.misoca.clientSecret,
        MISOCA_LOGIN: sandbox.misoca.user.username,
      },
    },
    console: { log: (...args: unknown[]) => logs.push(args) },
    askPassword: async () => sandbox.misoca.user.password,
    writeFile: async (path: string, bytes: Uint8Array) => {
      written[basename(path)] = bytes;
      await writeFile(join(home, basename(path)), bytes);
    },
  };
  if (!/\bconst misoca\b/.test(code)) bindings.misoca = misoca;
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;
  await new AsyncFunction(...Object.keys(bindings), body)(...Object.values(bindings));
}

beforeAll(async () => {
  sandbox = await startSandbox({ autoApprove: true });
  home = await mkdtemp(join(tmpdir(), 'oauthkit-readme-'));
  port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
});
afterAll(async () => {
  await sandbox?.close();
  await rm(home, { recursive: true, force: true });
});

describe('README: the Misoca examples', () => {
  it('has the tutorial’s two logins in three oauthkit forms, and three Misoca examples', async () => {
    const readme = await readFile('README.md', 'utf8');
    expect(blocksOf(readme, SECTIONS[0]!)).toHaveLength(3);
    expect(blocksOf(readme, SECTIONS[1]!)).toHaveLength(3);
  });

  it('part 1 (browser login into a FileTokenStore) and part 2 (password, twice) run and list contacts', async () => {
    const readme = await readFile('README.md', 'utf8');
    const [browser, password, provider] = blocksOf(readme, SECTIONS[0]!);
    logs.length = 0;
    await run(browser!);
    expect(logs[0]?.[0]).toContain(`redirect_uri=http%3A%2F%2Flocalhost%3A${port}`);
    expect(Array.isArray(logs[1]?.[0]) && (logs[1]![0] as unknown[]).length).toBeGreaterThan(0);
    expect((await stat(join(home, '.config/my-app/misoca.json'))).mode & 0o777).toBe(0o600);
    // Run again: the tokens are in the file, so no second login.
    const codes = sandbox.tokenRequests().misoca.authorization_code;
    await run(browser!);
    expect(sandbox.tokenRequests().misoca.authorization_code).toBe(codes);
    logs.length = 0;
    await run(password!);
    await run(provider!);
    expect(Array.isArray(logs[0]?.[0])).toBe(true);
    expect(logs[1]?.[0]).toMatchObject({ email: sandbox.misoca.user.username });
    expect(sandbox.tokenRequests().misoca.password).toBe(2);
  });

  it('the Misoca section runs: an invoice and its PDF, pages of invoices, the errors', async () => {
    const readme = await readFile('README.md', 'utf8');
    const misoca = new Misoca(sandbox.misoca);
    await misoca.loginWithPassword(sandbox.misoca.user.username, sandbox.misoca.user.password);
    const [invoice, pages, errors] = blocksOf(readme, SECTIONS[1]!);
    logs.length = 0;
    await run(invoice!, misoca);
    expect(logs[0]).toEqual([291500]);
    const [name] = Object.keys(written);
    expect(name).toMatch(/^invoice-INV-.+\.pdf$/);
    expect(Buffer.from(written[name!]!.subarray(0, 5)).toString()).toBe('%PDF-');
    await run(pages!, misoca);
    expect(typeof logs[1]?.[0]).toBe('number');
    expect(logs[1]?.[0] as number).toBeGreaterThan(0);
    expect(logs[1]?.[1] as number).toBeGreaterThan(0);
    await run(errors!, misoca);
    expect(logs[2]).toEqual([404, ["Couldn't find Invoice with 'id'=999999999"]]);
    expect(logs[3]).toEqual([true]);
    await misoca.api.close();
  });
});
