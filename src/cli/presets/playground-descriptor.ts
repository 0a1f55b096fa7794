// `login --sandbox URL`: reads a running sandbox's descriptor (`GET URL/_sandbox`).
// (Not named after the sandbox: the packed oauthkit must hold no file so named, check-packages.)
import { ResponseTooLargeError } from '../../errors/response-too-large-error.js';
import { readLimitedText } from '../../transport/limited-body.js';
import { Transport, type TransportResponse } from '../../transport/transport.js';
import { toTransportError } from '../../transport/transport-error.js';
import { CliError, EXIT } from '../output.js';

/** How long the sandbox may take to answer, in ms. */
const TIMEOUT_MS = 5_000;
/** The most its descriptor may weigh (it is about 2 KiB). */
const MAX_BYTES = 64 * 1024;

/**
 * The JSON object a running sandbox answers at `GET URL/_sandbox` (its URLs and clients, as
 * `oauthkit sandbox --json` prints them), through the core's transport with a time limit and a
 * size limit. Unreachable or too slow: a `NetworkError`/`TimeoutError` (exit 5). Any other answer
 * than a JSON object: a `CliError` "URL is not an oauthkit sandbox" (exit 1).
 */
export async function readPlaygroundDescriptor(url: string): Promise<Record<string, unknown>> {
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    throw new CliError(
      `--sandbox must be a URL, not "${url}"`,
      'e.g. --sandbox http://127.0.0.1:4010',
      EXIT.usage,
    );
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new CliError(`--sandbox must be an http(s) URL, not "${url}"`, undefined, EXIT.usage);
  }
  const target = new URL(`${base.pathname.replace(/\/+$/, '')}/_sandbox`, base.origin);
  const notSandbox = (why: string) =>
    new CliError(
      `${url} is not an oauthkit sandbox (${why})`,
      'start one with npm run sandbox (or oauthkit sandbox) and pass the URL it prints',
    );
  const transport = new Transport(target.origin);
  const signal = AbortSignal.timeout(TIMEOUT_MS);
  let response: TransportResponse;
  let body: string;
  try {
    response = await transport.request({
      origin: target.origin,
      path: target.pathname,
      method: 'GET',
      headers: { accept: 'application/json' },
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
      signal,
    });
    if (response.statusCode !== 200) {
      // Thrown away unread (at most 64 KiB is drained); a broken body changes nothing here.
      await response.body.dump({ limit: MAX_BYTES }).catch(() => undefined);
      throw notSandbox(`GET ${target.href} answered ${response.statusCode}`);
    }
    body = await readLimitedText(response, {
      maxBytes: MAX_BYTES,
      method: 'GET',
      url: target.href,
      hint: 'point --sandbox at a sandbox',
    });
  } catch (error) {
    if (error instanceof CliError) throw error;
    if (error instanceof ResponseTooLargeError) throw notSandbox(`its answer is over ${MAX_BYTES} bytes`);
    if (signal.aborted) {
      throw new CliError(
        `GET ${target.href} did not answer within ${TIMEOUT_MS} ms`,
        'check that the sandbox is running',
        EXIT.network,
      );
    }
    throw toTransportError(error, {
      method: 'GET',
      url: target.href,
      timeoutMs: TIMEOUT_MS,
      signal: undefined,
    });
  } finally {
    await transport.close();
  }
  let descriptor: unknown;
  try {
    descriptor = JSON.parse(body);
  } catch {
    throw notSandbox('its answer is not JSON');
  }
  if (descriptor === null || typeof descriptor !== 'object' || Array.isArray(descriptor)) {
    throw notSandbox('its answer is not a JSON object');
  }
  return descriptor as Record<string, unknown>;
}
