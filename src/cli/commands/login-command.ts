// `oauthkit login`: runs a grant, saves the profile, the tokens and the client secret.

import type { TokenSet } from '../../index.js';
import { cliPaths } from '../home.js';
import { CliError, EXIT, printMessage, startSpinner } from '../output.js';
import {
  foreignOptions,
  loadPreset,
  presetFlows,
  presetNames,
  presetOptionsGiven,
} from '../presets/registry.js';
import { type LoginFlow, type Profile, readConfig, writeClientSecret, writeConfig } from '../profiles.js';
import { promptSecret, readStdin } from '../secrets.js';
import { createClient, createTokenManager } from '../session.js';

type Options = Record<string, unknown>;
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

async function clientSecretFrom(options: Options, flow: LoginFlow): Promise<string | undefined> {
  if (options.clientSecret === false) return undefined;
  if (options.clientSecretStdin) return readStdin();
  if (process.env.OAUTHKIT_CLIENT_SECRET) return process.env.OAUTHKIT_CLIENT_SECRET;
  if (flow === 'client-credentials' || process.stdin.isTTY) {
    return promptSecret(
      'Client secret',
      '--client-secret-stdin, $OAUTHKIT_CLIENT_SECRET or --no-client-secret',
    );
  }
  return undefined;
}

/** Commander's camelCase option name as the user typed it (`siteUrl` is `--site-url`). */
const flagOf = (option: string) => `--${option.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;

/**
 * The provider, its preset, the flow, and what `--sandbox` says (the provider's URLs and client),
 * each checked: a provider's unsupported flow or another preset's option is a usage error.
 */
async function resolvePreset(options: Options) {
  const sandboxUrl = text(options.sandbox);
  // `--sandbox` alone logs in to the sandbox's HelloAsso: client credentials need nobody at a browser.
  const provider = text(options.provider) ?? (sandboxUrl ? 'helloasso' : 'custom');
  const preset = await loadPreset(provider);
  const flows = presetFlows(provider);
  if (!preset || !flows)
    throw new CliError(`unknown provider "${provider}"`, `use one of: ${presetNames.join(', ')}`, EXIT.usage);
  const flow = (text(options.flow) ?? flows[0]) as LoginFlow;
  if (!flows.includes(flow)) {
    throw new CliError(
      `--provider ${provider} does not support --flow ${flow}`,
      `use --flow ${flows.join(' or --flow ')}`,
      EXIT.usage,
    );
  }
  const foreign = foreignOptions(provider).filter((option) => options[option] !== undefined);
  if (foreign.length > 0) {
    throw new CliError(
      `${foreign.map(flagOf).join(', ')} ${foreign.length > 1 ? 'do' : 'does'} not apply to --provider ${provider}`,
      'see oauthkit login --help for the options of each provider',
      EXIT.usage,
    );
  }
  if (!sandboxUrl) return { provider, preset, flow, presetOptions: options, playground: undefined };
  if (!preset.fromPlayground) {
    throw new CliError(
      `--sandbox does not apply to --provider ${provider}`,
      'use --provider misoca or --provider helloasso',
      EXIT.usage,
    );
  }
  const given = presetOptionsGiven(provider, options);
  if (given.length > 0) {
    throw new CliError(
      `--sandbox gives the URLs: drop ${given.map(flagOf).join(', ')}`,
      undefined,
      EXIT.usage,
    );
  }
  const { readPlaygroundDescriptor } = await import('../presets/playground-descriptor.js');
  const playground = preset.fromPlayground(await readPlaygroundDescriptor(sandboxUrl));
  if (!playground) {
    throw new CliError(
      `${sandboxUrl} is not an oauthkit sandbox (its answer has no ${provider} client)`,
      'start one with npm run sandbox (or oauthkit sandbox) and pass the URL it prints',
    );
  }
  return { provider, preset, flow, presetOptions: { ...options, ...playground.options }, playground };
}

/** Runs `login`. */
export async function run(options: Options): Promise<number> {
  const { provider, preset, flow, presetOptions, playground } = await resolvePreset(options);
  // The sandbox's client unless another is named; its secret then goes to the secret file only.
  const fromPlayground = playground && text(options.clientId) === undefined ? playground : undefined;
  const clientId = text(options.clientId) ?? fromPlayground?.clientId;
  if (!clientId) throw new CliError('--client-id is required', 'see oauthkit login --help', EXIT.usage);
  const name = text(options.profile) ?? provider;
  const endpoints = await preset.endpoints(presetOptions as Record<string, string | boolean | undefined>);
  const scopes = text(options.scopes)?.split(/\s+/).filter(Boolean);
  const username = text(options.username) ?? (flow === 'password' ? playground?.username : undefined);
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
  const secret =
    fromPlayground?.clientSecret ??
    (options.passwordStdin ? process.env.OAUTHKIT_CLIENT_SECRET : await clientSecretFrom(options, flow));
  if (fromPlayground) {
    printMessage(`Sandbox ${text(options.sandbox)}: its ${provider} client "${clientId}"`);
  }
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
  await writeClientSecret(name, secret);
  await createTokenManager(name, profile, client).setTokens(tokens);
  printMessage(`Logged in: profile "${name}", tokens saved in ${cliPaths().tokenFile}`);
  return EXIT.ok;
}
