// `oauthkit misoca|helloasso <resource> <method> [flags]`: the command tree is built from the SDK's
// methods (their OperationInfo) and the spec's parameter tables, only when one of these commands runs.
import { Command, InvalidArgumentError, Option } from 'commander';
import type { OperationInfo } from '../../providers/sdk/operation-types.js';
import { isCostly } from './_money-guard.js';
import { addParameterFlags, sampleValue } from './_operation-flags.js';
import type { OperationCommand } from './_run-operation.js';
import type { OperationParameters, ParameterTable } from './parameter-table.js';
import { catalogSdk, type OperationProvider, sdkOperations } from './provider-sdk.js';

const TITLES: Record<OperationProvider, string> = { misoca: 'Misoca API v3', helloasso: 'HelloAsso API v5' };

async function parameterTable(provider: OperationProvider): Promise<ParameterTable> {
  const module =
    provider === 'misoca'
      ? await import('./generated/misoca-parameters.js')
      : await import('./generated/helloasso-parameters.js');
  return module.PARAMETERS;
}

/** `sendByPostalMail` → `send-by-postal-mail`, an alias accepted beside the name. */
function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

function named(parent: Command, name: string): Command {
  const command = parent.command(name);
  if (kebab(name) !== name) command.alias(kebab(name));
  return command;
}

/** The example lines of an operation's help: its required parameters, and the flags it is for. */
function examples(command: OperationCommand): string {
  const { provider, resource, method, info, spec } = command;
  const required = spec.parameters
    .filter((parameter) => parameter.required)
    .map((parameter) => ` --${parameter.name} ${sampleValue(parameter)}`)
    .join('');
  const extra = info.binary
    ? ' -o answer.file'
    : info.paged
      ? ' --all --format table'
      : spec.body !== 'none'
        ? ' --body body.json'
        : '';
  return `\nExample:\n  $ oauthkit ${provider} ${resource} ${method}${required}${extra}\n`;
}

function addAnswerFlags(
  command: Command,
  info: OperationInfo,
  spec: OperationParameters,
  costly: boolean,
): void {
  command
    .option('-f, --field <key=value...>', 'string field: a parameter, else a field of the JSON body')
    .option('-F, --typed-field <key=value...>', 'typed field: numbers, true/false, null parsed');
  if (spec.body !== 'none') {
    command.option(
      '--body <file>',
      `JSON body from a file, or - for stdin${spec.body === 'required' ? ' (required by the spec)' : ''}`,
    );
  }
  if (!info.binary) {
    command
      .addOption(new Option('--format <format>', 'output format').choices(['json', 'ndjson', 'table', 'csv']))
      .option('--jq <expr>', 'filter with jq');
  }
  if (info.paged) {
    command.option('--all', 'walk every page and stream the items').addOption(
      new Option('--limit <n>', 'with --all: stop after n items').argParser((raw) => {
        if (!/^\d+$/.test(raw)) throw new InvalidArgumentError('It must be a whole number.');
        return Number(raw);
      }),
    );
  }
  if (info.binary && spec.answerTypes) {
    command.addOption(new Option('--accept <type>', 'the file type to ask for').choices(spec.answerTypes));
  }
  command.option(
    '-o, --output <file>',
    info.binary ? 'write the file there (else to a pipe)' : 'write the answer to a file',
  );
  if (costly) command.option('--yes', 'confirm this operation (it costs money or cannot be undone)');
}

/** Builds the `provider` command tree under `root`. */
async function buildTree(
  root: Command,
  provider: OperationProvider,
  globals: Record<string, unknown>,
): Promise<void> {
  const table = await parameterTable(provider);
  const operations = await sdkOperations(await catalogSdk(provider));
  const top = root
    .command(provider)
    .description(`call ${TITLES[provider]}: oauthkit ${provider} <resource> <method> [flags]`);
  const resources = new Map<string, Command>();
  for (const { resource, method, info } of operations) {
    const spec = table[`${info.method} ${info.path}`];
    // The tables come from the same specs as the SDKs' types: a gap means `npm run generate` is due.
    if (spec === undefined)
      throw new Error(`${info.name}: ${info.method} ${info.path} is not in the parameter table`);
    let parent = resources.get(resource);
    if (parent === undefined) {
      parent = named(top, resource);
      resources.set(resource, parent);
    }
    const methods = operations.filter((operation) => operation.resource === resource).map((o) => o.method);
    parent.description(methods.join(', '));
    const entry: OperationCommand = { provider, resource, method, info, spec };
    const command = named(parent, method).description(
      `${info.method} ${info.path}${info.paged ? ' (paged)' : ''}${info.binary ? ' (file)' : ''}  ${spec.summary}`,
    );
    const readParams = addParameterFlags(command, spec.parameters);
    addAnswerFlags(command, info, spec, isCostly(provider, info.name));
    command.addHelpText('after', examples(entry)).action(async (options: Record<string, unknown>) => {
      const { runOperation } = await import('./_run-operation.js');
      process.exitCode = await runOperation(entry, readParams(options), { ...globals, ...options });
    });
  }
}

/**
 * Runs `oauthkit <provider> ...args`: builds the provider's command tree and lets commander parse
 * the rest (help, flags, coercion). `options` are the global ones (`--profile`).
 */
export async function run(
  provider: OperationProvider,
  options: Record<string, unknown>,
  args: string[],
): Promise<number | undefined> {
  const root = new Command('oauthkit')
    .exitOverride()
    .showHelpAfterError('hint: add --help to see every flag, with the spec parameters');
  await buildTree(root, provider, options);
  await root.parseAsync([provider, ...args], { from: 'user' });
  return process.exitCode as number | undefined;
}
