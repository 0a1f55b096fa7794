// Seeds `$OAUTHKIT_HOME` with a misoca or helloasso profile as `oauthkit login --provider ...` writes
// one (the profile contract of the operation commands), through the CLI's own files and functions.
import { readFile } from 'node:fs/promises';
import type { Sandbox } from '@oauthkit/sandbox';
import { Misoca } from 'oauthkit/misoca';
import { cliPaths } from '../../src/cli/home.js';
import { type Profile, readConfig, writeClientSecret, writeConfig } from '../../src/cli/profiles.js';
import { FileTokenStore } from '../../src/tokens/file-store.js';

async function withHome<T>(home: string, action: () => Promise<T>): Promise<T> {
  const before = process.env.OAUTHKIT_HOME;
  process.env.OAUTHKIT_HOME = home;
  try {
    return await action();
  } finally {
    if (before === undefined) delete process.env.OAUTHKIT_HOME;
    else process.env.OAUTHKIT_HOME = before;
  }
}

/** Adds `profile` under `name` to the config in `home`, with its client secret beside the tokens. */
export function writeProfile(
  home: string,
  name: string,
  profile: Profile,
  clientSecret: string,
): Promise<void> {
  return withHome(home, async () => {
    const config = await readConfig();
    await writeConfig({ ...config, profiles: { ...config.profiles, [name]: profile } });
    await writeClientSecret(name, clientSecret);
  });
}

/**
 * A misoca profile on the sandbox (password flow), logged in unless `loggedIn` is false: tokens from
 * the sandbox's password grant with its user, in the CLI's token file under `name`.
 */
export async function seedMisocaProfile(
  home: string,
  sandbox: Sandbox,
  name = 'misoca',
  loggedIn = true,
): Promise<void> {
  const { siteUrl, clientId, clientSecret, tokenUrl, authorizeUrl, revokeUrl, baseUrl, user } =
    sandbox.misoca;
  await writeProfile(
    home,
    name,
    {
      provider: 'misoca',
      flow: 'password',
      clientId,
      sdk: { siteUrl },
      tokenEndpoint: tokenUrl,
      authorizationEndpoint: authorizeUrl,
      revocationEndpoint: revokeUrl,
      apiBase: baseUrl,
      username: user.username,
    },
    clientSecret,
  );
  if (!loggedIn) return;
  const store = new FileTokenStore(cliPaths({ OAUTHKIT_HOME: home }).tokenFile);
  const misoca = new Misoca({ clientId, clientSecret, siteUrl, store, key: name });
  await misoca.loginWithPassword(user.username, user.password);
  await misoca.api.close();
}

/** A helloasso profile on the sandbox (client credentials: the SDK gets its tokens itself). */
export function seedHelloAssoProfile(home: string, sandbox: Sandbox, name = 'helloasso'): Promise<void> {
  const { apiBase, authBase, clientId, clientSecret, tokenUrl, authorizeUrl, baseUrl } = sandbox.helloasso;
  return writeProfile(
    home,
    name,
    {
      provider: 'helloasso',
      flow: 'client-credentials',
      clientId,
      sdk: { apiBase, authBase },
      tokenEndpoint: tokenUrl,
      authorizationEndpoint: authorizeUrl,
      apiBase: baseUrl,
    },
    clientSecret,
  );
}

/** Every access and refresh token in the CLI's token file of `home`, to check no output shows one. */
export async function storedTokens(home: string): Promise<string[]> {
  const stored = await readFile(cliPaths({ OAUTHKIT_HOME: home }).tokenFile, 'utf8').catch(() => '');
  return [...stored.matchAll(/"(?:access|refresh)Token": ?"([^"]+)"/g)].map((match) => match[1] ?? '');
}
