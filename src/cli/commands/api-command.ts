// `oauthkit api PATH`: one request, or `--paginate` streaming the items, through ApiClient + TokenManager.
import type { HttpMethod, PaginationStrategy } from '../../index.js';
import { CliError, EXIT, writeStdout } from '../output.js';
import { loadPreset } from '../presets/registry.js';
import { loadProfile } from '../profiles.js';
import { createApiClient, createTokenManager } from '../session.js';
import { autoPagination } from './_auto-pagination.js';
import {
  type AnswerOptions,
  startProgress,
  writeBinary,
  writeItems,
  writeJsonAnswer,
} from './answer-output.js';
import { parseFields, readInput } from './request-input.js';

type Options = Record<string, unknown>;

/** Runs `api`. */
export async function run(options: Options, args: string[]): Promise<number> {
  const { name, profile } = await loadProfile(options.profile as string | undefined);
  const path = args[0] ?? '/';
  const method = String(options.method ?? 'GET').toUpperCase() as HttpMethod;
  const fields: Record<string, unknown> = {};
  parseFields(options.field, false, fields);
  parseFields(options.typedField, true, fields);
  const headers: Record<string, string> = {};
  for (const header of (options.header as string[] | undefined) ?? []) {
    const at = header.indexOf(':');
    if (at < 1) throw new CliError(`header "${header}" is not 'Name: value'`, undefined, EXIT.usage);
    headers[header.slice(0, at).trim().toLowerCase()] = header.slice(at + 1).trim();
  }
  const body = await readInput(options.input as string | undefined);
  const hasQuery = method === 'GET' || method === 'DELETE';
  const query = hasQuery ? (fields as Record<string, string>) : undefined;
  const api = await createApiClient(profile, createTokenManager(name, profile));
  const answer: AnswerOptions = {
    format: (options.format as string | undefined) ?? (options.paginate ? 'ndjson' : 'json'),
    jq: options.jq as string | undefined,
    output: options.output as string | undefined,
  };
  try {
    if (options.paginate) {
      const strategy = (await (await loadPreset(profile.provider))?.pagination()) ?? autoPagination();
      const progress = startProgress(answer.output);
      const counted: PaginationStrategy<unknown> = {
        first: (request) => strategy.first(request),
        next: (response, previous) => strategy.next(response, previous),
        items(response) {
          progress.page();
          return strategy.items(response);
        },
      };
      const items = api.paginate(path, { ...(query ? { query } : {}), strategy: counted });
      await writeItems(progress.track(items), answer);
      return EXIT.ok;
    }
    const requestBody =
      body !== undefined
        ? JSON.parse(body)
        : hasQuery || Object.keys(fields).length === 0
          ? undefined
          : fields;
    const response = await api.request({
      method,
      path,
      headers,
      ...(query && Object.keys(query).length > 0 ? { query } : {}),
      ...(requestBody !== undefined ? { body: requestBody } : {}),
      responseType: 'bytes',
    });
    const bytes = response.data as Uint8Array;
    const type = String(response.headers['content-type'] ?? '');
    if (answer.output === undefined && /json/.test(type)) {
      const data = bytes.byteLength ? JSON.parse(Buffer.from(bytes).toString('utf8')) : null;
      await writeJsonAnswer(data, answer);
    } else if (answer.output === undefined && (/^text\//.test(type) || bytes.byteLength === 0)) {
      await writeStdout(bytes);
    } else await writeBinary(bytes, answer.output, type || 'no content type');
    return EXIT.ok;
  } finally {
    await api.close();
  }
}
