// Runs one operation command: params from the flags, the body, the money guard, then the SDK
// method, and its answer printed like `oauthkit api` prints one.
import type { OperationInfo } from '../../providers/sdk/operation-types.js';
import {
  type AnswerOptions,
  checkBinaryDestination,
  startProgress,
  writeBinary,
  writeItems,
  writeJsonAnswer,
} from '../commands/answer-output.js';
import { parseFields, readJsonInput } from '../commands/request-input.js';
import { CliError, EXIT } from '../output.js';
import { confirmCostly } from './_money-guard.js';
import { coerceField } from './_operation-flags.js';
import type { OperationParameters } from './parameter-table.js';
import { type OperationProvider, profileSdk, sdkMethod, selectProviderProfile } from './provider-sdk.js';

/** One operation command: where it sits in the tree and what it calls. */
export interface OperationCommand {
  provider: OperationProvider;
  resource: string;
  method: string;
  info: OperationInfo;
  spec: OperationParameters;
}

type Options = Record<string, unknown>;

function usage(message: string, command: OperationCommand): CliError {
  const { provider, resource, method } = command;
  return new CliError(message, `see oauthkit ${provider} ${resource} ${method} --help`, EXIT.usage);
}

/** Adds the `-f`/`-F` fields: spec parameters to `params`, anything else to the JSON body. */
async function addFieldsAndBody(command: OperationCommand, params: Options, options: Options): Promise<void> {
  const fields: Options = {};
  parseFields(options.field, false, fields);
  parseFields(options.typedField, true, fields);
  const bodyFields: Options = {};
  for (const [key, value] of Object.entries(fields)) {
    const spec = command.spec.parameters.find((parameter) => parameter.name === key);
    if (spec) params[key] = coerceField(spec, value);
    else bodyFields[key] = value;
  }
  const names = Object.keys(bodyFields);
  if (names.length > 0 && command.spec.body === 'none') {
    throw usage(
      `${command.info.name} takes no body, and ${names.join(', ')} is not one of its parameters`,
      command,
    );
  }
  const body = await readJsonInput(options.body as string | undefined, '--body');
  if (body !== undefined && names.length > 0) {
    throw usage('give the body with --body or with -f/-F fields, not both', command);
  }
  if (body !== undefined) params.body = body;
  else if (names.length > 0) params.body = bodyFields;
}

/** Runs an operation command with the params read from its flags; resolves to the exit code. */
export async function runOperation(
  command: OperationCommand,
  params: Options,
  options: Options,
): Promise<number> {
  const { provider, info } = command;
  await addFieldsAndBody(command, params, options);
  const limit = options.limit as number | undefined;
  const all = options.all === true || limit !== undefined;
  const answer: AnswerOptions = {
    format: (options.format as string | undefined) ?? (all ? 'ndjson' : 'json'),
    jq: options.jq as string | undefined,
    output: options.output as string | undefined,
  };
  if (info.binary) checkBinaryDestination(answer.output, `${info.method} ${info.path}`);
  const { name, profile } = await selectProviderProfile(provider, options.profile as string | undefined);
  // Pages are counted (and the progress line drawn) only for a walk over pages.
  const progress = startProgress(all ? answer.output : undefined);
  const sdk = await profileSdk(provider, name, profile, all ? () => progress.page() : undefined);
  try {
    // Asked once the profile is known to work here, and before anything is sent.
    await confirmCostly(provider, info.name, params, options.yes === true);
    const call = sdkMethod(sdk, command.resource, command.method);
    if (info.binary) {
      const accept = options.accept as string | undefined;
      const headers = accept ? { headers: { accept } } : {};
      const stream = (await call(params, {
        responseType: 'stream',
        ...headers,
      })) as AsyncIterable<Uint8Array>;
      await writeBinary(stream, answer.output, `${info.method} ${info.path}`);
    } else if (all) {
      const items = sdk.paginate(call as never, params as never, limit !== undefined ? { limit } : {});
      await writeItems(progress.track(items), answer);
    } else {
      await writeJsonAnswer((await call(params)) ?? null, answer);
    }
    return EXIT.ok;
  } finally {
    await sdk.api.close();
  }
}
