// The command tree (commander); each command's module is loaded only when that command runs.
import { type Command, CommanderError, Option, Command as Program } from 'commander';
import { EXIT, reportError } from './output.js';
import { presetNames } from './presets/registry.js';

type Options = Record<string, unknown>;
type Run = (options: Options, args: string[]) => Promise<number | undefined>;

function lazy(load: () => Promise<{ run: Run }>) {
  return async (...received: unknown[]) => {
    const command = received.at(-1) as Command;
    const options = { ...command.optsWithGlobals() } as Options;
    const { run } = await load();
    process.exitCode = (await run(options, command.args)) ?? EXIT.ok;
  };
}

const examples = (lines: string[]) => `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`;

/** Builds the command tree (exported for completion). */
export function buildProgram(version: string): Command {
  const program = new Program('oauthkit')
    .description('Log in once, then call any OAuth2 API from the shell.')
    .version(version, '-V, --version')
    .option('--profile <name>', 'profile to use (default: $OAUTHKIT_PROFILE, then `profile use`)')
    .showHelpAfterError()
    .exitOverride();
  program
    .command('login')
    .description('log in and save the tokens under a profile')
    .addOption(
      new Option('--provider <name>', 'provider preset (default: custom; helloasso with --sandbox)').choices(
        presetNames,
      ),
    )
    .addOption(
      new Option(
        '--flow <flow>',
        'grant (default: misoca browser, helloasso client-credentials, custom browser)',
      ).choices(['browser', 'password', 'client-credentials', 'device']),
    )
    .option('--client-id <id>', "OAuth2 client id (with --sandbox: the sandbox's)")
    .option(
      '--client-secret-stdin',
      'read the client secret from stdin (else $OAUTHKIT_CLIENT_SECRET or a prompt)',
    )
    .option('--no-client-secret', 'public client: no secret')
    .option('--username <user>', "password flow: user name (with --sandbox: the sandbox's user)")
    .option('--password-stdin', 'password flow: read the password from stdin')
    .option('--scopes <scopes>', 'space-separated scopes (misoca: default "read write")')
    .option('--sandbox <url>', 'misoca, helloasso: URLs and client of a running sandbox (oauthkit sandbox)')
    .option('--site-url <url>', 'misoca: the Misoca site (default https://app.misoca.jp)')
    .addOption(
      new Option('--environment <name>', "helloasso: the SDK's environment (default production)").choices([
        'production',
        'sandbox',
      ]),
    )
    .option(
      '--api-base <url>',
      'custom: base URL of the API for `oauthkit api`; helloasso: the API host (with or without /v5), with --auth-base',
    )
    .option('--auth-base <url>', 'helloasso: the authorize host, with --api-base')
    .option('--issuer <url>', 'custom: discover the endpoints from this issuer')
    .option('--authorize-url <url>', 'custom: authorization endpoint')
    .option('--token-url <url>', 'custom: token endpoint')
    .option('--revoke-url <url>', 'custom: revocation endpoint')
    .option('--device-url <url>', 'custom: device authorization endpoint')
    .option('--no-open', 'browser flow: print the URL, do not open a browser')
    .option('--port <n>', 'browser flow: loopback port')
    .option('--redirect-uri <uri>', 'browser flow: loopback redirect URI')
    .addHelpText(
      'after',
      examples([
        'oauthkit login --provider misoca --client-id APP_ID --redirect-uri http://127.0.0.1:8080/callback',
        'printf %s "$PW" | oauthkit login --provider misoca --flow password --username me@example.jp --password-stdin --client-id APP_ID',
        'oauthkit login --provider misoca --site-url http://127.0.0.1:4010/misoca --flow password --username u --client-id c',
        'OAUTHKIT_CLIENT_SECRET=... oauthkit login --provider helloasso --client-id CLIENT_ID',
        'oauthkit login --provider helloasso --environment sandbox --client-id CLIENT_ID',
        'oauthkit login --provider helloasso --api-base https://api.example --auth-base https://auth.example --client-id c',
        'oauthkit login --provider helloasso --sandbox http://127.0.0.1:4010',
        'oauthkit login --provider misoca --sandbox http://127.0.0.1:4010 --flow password',
        'oauthkit login --provider custom --issuer https://id.example --client-id cli --api-base https://api.example/v1',
        'OAUTHKIT_CLIENT_SECRET=... oauthkit login --flow client-credentials --token-url https://id.example/token --client-id svc',
        'printf %s "$PW" | oauthkit login --flow password --username me --password-stdin --token-url ... --client-id app',
      ]),
    )
    .action(lazy(() => import('./commands/login-command.js')));
  program
    .command('status')
    .description('show the profile, provider, expiry, scopes (never the tokens)')
    .option('--json', 'machine-readable output')
    .addHelpText('after', examples(['oauthkit status', 'oauthkit status --json --profile work']))
    .action(lazy(() => import('./commands/status-command.js')));
  program
    .command('token')
    .description('print a valid access token (refreshed if needed)')
    .addHelpText(
      'after',
      examples(['curl -H "Authorization: Bearer $(oauthkit token)" https://api.example/v1/me']),
    )
    .action(lazy(() => import('./commands/token-command.js')));
  program
    .command('logout')
    .description('forget the tokens of a profile')
    .option('--revoke', 'revoke the refresh token at the server first')
    .addHelpText('after', examples(['oauthkit logout --revoke']))
    .action(lazy(() => import('./commands/logout-command.js')));
  const profile = program.command('profile').description('list, show, remove or choose profiles');
  for (const [name, description, arg] of [
    ['list', 'list the profiles', ''],
    ['show', 'show a profile (no secret)', ' [name]'],
    ['remove', 'remove a profile and its tokens', ' <name>'],
    ['use', 'choose the default profile', ' <name>'],
  ] as const) {
    profile
      .command(`${name}${arg}`)
      .description(description)
      .option('--json', 'machine-readable output')
      .addHelpText('after', examples([`oauthkit profile ${name}${arg ? ' work' : ''}`]))
      .action(
        lazy(async () => ({
          run: (o, a) => import('./commands/profile-command.js').then((m) => m.run(name, o, a)),
        })),
      );
  }
  program
    .command('api <path>')
    .description('call the API of a profile (PATH relative to its API base)')
    .option('-X, --method <method>', 'HTTP method', 'GET')
    .option('-f, --field <key=value...>', 'string field (query for GET, JSON body otherwise)')
    .option('-F, --typed-field <key=value...>', 'typed field: numbers, true/false, null parsed')
    .option('-H, --header <header...>', "extra header 'Name: value'")
    .option('--input <file>', 'request body from a file, or - for stdin')
    .option('--paginate', 'follow pages and stream the items')
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'ndjson', 'table', 'csv']))
    .option('--jq <expr>', 'filter with jq')
    .option('-o, --output <file>', 'write the answer (binary included) to a file')
    .addHelpText(
      'after',
      examples([
        'oauthkit api /me',
        'oauthkit api /items --paginate --format ndjson',
        'oauthkit api -X POST /items -f name=x -F count=3',
      ]),
    )
    .action(lazy(() => import('./commands/api-command.js')));
  for (const [provider, title, example] of [
    ['misoca', 'Misoca API v3', 'invoices list --payment_status unpaid --all --format table'],
    ['helloasso', 'HelloAsso API v5', 'orders list --organizationSlug my-club --all --format csv'],
  ] as const) {
    // A passthrough: the tree of operation commands is built from the SDK only when this runs.
    program
      .command(provider)
      .description(`call ${title}, one command per SDK method (oauthkit ${provider} --help)`)
      .argument('[resource method flags...]')
      .helpOption(false)
      .allowUnknownOption()
      .allowExcessArguments()
      .addHelpText('after', examples([`oauthkit ${provider} --help`, `oauthkit ${provider} ${example}`]))
      .action(
        lazy(async () => ({
          run: (o, a) => import('./operations/provider-command.js').then((m) => m.run(provider, o, a)),
        })),
      );
  }
  program
    .command('sandbox')
    .description('run the local Misoca and HelloAsso sandbox (needs @oauthkit/sandbox)')
    .option('--port <n>', 'port to listen on')
    .option('--json', 'print the URLs and clients as JSON')
    .addHelpText('after', examples(['oauthkit sandbox --port 4010']))
    .action(
      lazy(async () => ({
        run: (o) => import('./commands/playground-command.js').then((m) => m.run('sandbox', o)),
      })),
    );
  program
    .command('demo')
    .description('where to find the guided demo')
    .addHelpText('after', examples(['oauthkit demo']))
    .action(
      lazy(async () => ({
        run: (o) => import('./commands/playground-command.js').then((m) => m.run('demo', o)),
      })),
    );
  program
    .command('completion <shell>')
    .description('print a completion script for bash, zsh or fish')
    .addHelpText(
      'after',
      examples([
        'oauthkit completion bash >> ~/.bashrc',
        'oauthkit completion fish > ~/.config/fish/completions/oauthkit.fish',
      ]),
    )
    .action(
      lazy(async () => ({
        run: (_o, a) => import('./commands/completion-command.js').then((m) => m.run(program, a[0] ?? '')),
      })),
    );
  return program;
}

/** Runs the CLI on `argv` (without node and the script). */
export async function main(argv: string[], version: string): Promise<void> {
  const program = buildProgram(version);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    const { selection } = await import('./profiles.js');
    process.exitCode = reportError(error, selection.name);
  }
}
