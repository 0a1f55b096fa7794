// `oauthkit api PATH`: one request, or `--paginate` streaming the items, through ApiClient + TokenManager.
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { HttpMethod } from '../../index.js';
import { CliError, EXIT, printMessage, writeStdout } from '../output.js';
import { loadPreset } from '../presets/registry.js';
import { loadProfile } from '../profiles.js';
import { readStdin } from '../secrets.js';
import { createApiClient, createTokenManager } from '../session.js';
import { autoPagination } from './_auto-pagination.js';
import { formatItems } from './_format.js';

type Options = Record<string, unknown>;

function parseFields(fields: unknown, typed: boolean, into: Record<string, unknown>): void {
  for (const field of (fields as string[] | undefined) ?? []) {
    const at = field.indexOf('=');
    if (at < 1) throw new CliError(`field "${field}" is not key=value`, undefined, EXIT.usage);
    const raw = field.slice(at + 1);
    let value: unknown = raw;
    if (typed)
      value =
        raw === 'true'
          ? true
          : raw === 'false'
            ? false
            : raw === 'null'
              ? null
              : /^-?\d+(\.\d+)?$/.test(raw)
                ? Number(raw)
                : raw;
    into[field.slice(0, at)] = value;
  }
}

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
  const input = options.input as string | undefined;
  const body = input ? (input === '-' ? await readStdin() : await readFile(input, 'utf8')) : undefined;
  const hasQuery = method === 'GET' || method === 'DELETE';
  const query = hasQuery ? (fields as Record<string, string>) : undefined;
  const api = await createApiClient(profile, createTokenManager(name, profile));
  const format = (options.format as string | undefined) ?? (options.paginate ? 'ndjson' : 'json');
  const jq = options.jq as string | undefined;
  try {
    if (options.paginate) {
      const strategy = await (await loadPreset(profile.provider))?.pagination();
      const items = api.paginate(path, {
        ...(query ? { query } : {}),
        strategy: strategy ?? autoPagination(),
      });
      await formatItems(items, format, jq, true);
      return EXIT.ok;
    }
    const requestBody =
      body !== undefined
        ? JSON.parse(body)
        : hasQuery || Object.keys(fields).length === 0
          ? undefined
          : fields;
    const output = options.output as string | undefined;
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
    if (output) {
      await new Promise<void>((resolve, reject) =>
        createWriteStream(output).on('error', reject).end(bytes, resolve),
      );
      printMessage(`Wrote ${bytes.byteLength} bytes to ${output}`);
    } else if (/json/.test(type)) {
      const data = bytes.byteLength ? JSON.parse(Buffer.from(bytes).toString('utf8')) : null;
      await formatItems(Array.isArray(data) && format !== 'json' ? data : [data], format, jq, false);
    } else if (/^text\//.test(type) || bytes.byteLength === 0) {
      await writeStdout(bytes);
    } else if (process.stdout.isTTY) {
      throw new CliError(
        `the answer is binary (${type || 'no content type'})`,
        'save it with -o FILE',
        EXIT.usage,
      );
    } else await writeStdout(bytes);
    return EXIT.ok;
  } finally {
    await api.close();
  }
}
