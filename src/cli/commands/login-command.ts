// `oauthkit login`: runs a grant, saves the profile, the tokens and the client secret.

import type { TokenSet } from '../../index.js';
import { cliPaths } from '../home.js';
import { CliError, EXIT, printMessage, startSpinner } from '../output.js';
import { loadPreset, presetNames } from '../presets/registry.js';
import { type LoginFlow, type Profile, readConfig, writeClientSecret, writeConfig } from '../profiles.js';
import { promptSecret, readStdin } from '../secrets.js';
import { createClient, createTokenManager } from '../session.js';

type Options = Record<string, unknown>;
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

async function clientSecretFrom(options: Options): Promise<string | undefined> {
  if (options.clientSecret === false) return undefined;
  if (options.clientSecretStdin) return readStdin();
  if (process.env.OAUTHKIT_CLIENT_SECRET) return process.env.OAUTHKIT_CLIENT_SECRET;
  if (options.flow === 'client-credentials' || process.stdin.isTTY) {
    return promptSecret(
      'Client secret',
      '--client-secret-stdin, $OAUTHKIT_CLIENT_SECRET or --no-client-secret',
    );
  }
  return undefined;
}

/** Runs `login`. */
export async function run(options: Options): Promise<number> {
  const provider = text(options.provider) ?? 'custom';
  const preset = await loadPreset(provider);
  if (!preset)
    throw new CliError(`unknown provider "${provider}"`, `use one of: ${presetNames.join(', ')}`, EXIT.usage);
  const clientId = text(options.clientId);
  if (!clientId) throw new CliError('--client-id is required', 'see oauthkit login --help', EXIT.usage);
  const flow = (text(options.flow) ?? 'browser') as LoginFlow;
  const name = text(options.profile) ?? provider;
  const endpoints = await preset.endpoints(options as Record<string, string | boolean | undefined>);
  const scopes = text(options.scopes)?.split(/\s+/).filter(Boolean);
  const username = text(options.username);
  const profile: Profile = {
    provider,
    flow,
    clientId,
    ...endpoints,
    ...(scopes ? { scopes } : {}),
    ...(username ? { username } : {}),
  };
  if (options.passwordStdin && options.clientSecretStdin) {
    throw new CliError(
      'stdin can carry the password or the client secret, not both',
      'give the secret in $OAUTHKIT_CLIENT_SECRET',
      EXIT.usage,
    );
  }
  // With --password-stdin, stdin is the password's: the secret can only come from the environment.
  const secret = options.passwordStdin ? process.env.OAUTHKIT_CLIENT_SECRET : await clientSecretFrom(options);
  const client = await createClient(profile, secret);
  let tokens: TokenSet;
  if (flow === 'client-credentials') {
    tokens = await client.clientCredentials();
  } else if (flow === 'password') {
    if (!username) throw new CliError('--flow password needs --username', undefined, EXIT.usage);
    const password = options.passwordStdin
      ? await readStdin()
      : await promptSecret('Password', '--password-stdin');
    tokens = await client.password({ username, password });
  } else if (flow === 'device') {
    tokens = await client.deviceFlow({
      onPrompt: ({ userCode, verificationUri, verificationUriComplete }) =>
        printMessage(`Open ${verificationUriComplete ?? verificationUri} and enter the code ${userCode}`),
    });
  } else {
    const port = text(options.port);
    const redirectUri = text(options.redirectUri) ?? (port ? `http://127.0.0.1:${port}/callback` : undefined);
    let stop: ((final?: string) => void) | undefined;
    try {
      tokens = await client.authorizeInBrowser({
        ...(redirectUri ? { redirectUri } : {}),
        open: options.open !== false,
        onUrl: (url) => {
          printMessage(`Open this URL to log in:\n  ${url}`);
          stop = startSpinner('Waiting for the browser...');
        },
      });
    } finally {
      stop?.();
    }
  }
  const config = await readConfig();
  config.profiles[name] = profile;
  config.current ??= name;
  await writeConfig(config);
  await writeClientSecret(
    name,
    secret ?? (flow === 'password' ? process.env.OAUTHKIT_CLIENT_SECRET : undefined),
  );
  await createTokenManager(name, profile, client).setTokens(tokens);
  printMessage(`Logged in: profile "${name}", tokens saved in ${cliPaths().tokenFile}`);
  return EXIT.ok;
}
