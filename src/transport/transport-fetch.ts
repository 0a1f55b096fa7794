import { toFetchResponse } from './_fetch-response.js';
import { Transport } from './transport.js';
import { toTransportError } from './transport-error.js';

/** A request body oauth4webapi sends: a form (`URLSearchParams`) for grants, nothing for discovery. */
export type FetchBody = string | Uint8Array | ArrayBuffer | URLSearchParams | null | undefined;

/** The part of `fetch`'s `RequestInit` that oauth4webapi passes to its `customFetch`. */
export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: FetchBody;
  /** Redirects are never followed, whatever this says: a 3xx answer is returned as it is. */
  redirect?: 'manual';
  /** Aborts the request, body included; the request's only time limit when given. */
  signal?: AbortSignal | undefined;
}

/** The `fetch` signature oauth4webapi's `customFetch` option takes. */
export type FetchFunction = (url: string, init: FetchInit) => Promise<Response>;

/**
 * `fetch` on oauthkit's transport, for oauth4webapi's `customFetch` option: the same lazily loaded
 * undici, keep-alive pool per origin and proxy rules as `ApiClient` (`HTTPS_PROXY`, `HTTP_PROXY`,
 * `NO_PROXY`; never a proxy for a loopback origin), sent with `dispatcher.request()`, which costs
 * less than undici's `fetch`. The answer is a WHATWG `Response` whose body is already read.
 * Failures are oauthkit errors (`NetworkError`, `TimeoutError`); an abort rejects with the
 * signal's reason.
 */
export class TransportFetch {
  readonly #transports = new Map<string, Transport>();

  /** Sends one request; bound, so that it can be handed to oauth4webapi as it is. */
  readonly fetch: FetchFunction = (url, init) => this.#send(url, init);

  /** Closes every connection pool; a later request opens new ones. */
  async close(): Promise<void> {
    const transports = [...this.#transports.values()];
    this.#transports.clear();
    await Promise.all(transports.map((transport) => transport.close()));
  }

  async #send(url: string, init: FetchInit): Promise<Response> {
    const target = new URL(url);
    const origin = target.origin;
    let transport = this.#transports.get(origin);
    if (transport === undefined) {
      transport = new Transport(origin);
      this.#transports.set(origin, transport);
    }
    const { method, signal } = init;
    const where = { method, url: origin + target.pathname };
    const request = { origin, path: target.pathname + target.search, method, headers: init.headers };
    try {
      const response = await transport.request(
        signal === undefined
          ? { ...request, body: requestBody(init.body) }
          : // The caller's signal is the time limit (body included): undici's own timers would
            // race it and fail the same wait with another message.
            { ...request, body: requestBody(init.body), signal, headersTimeout: 0, bodyTimeout: 0 },
      );
      return await toFetchResponse(response, where);
    } catch (error) {
      throw toTransportError(error, { ...where, timeoutMs: UNDICI_DEFAULT_TIMEOUT_MS, signal });
    }
  }
}

// undici's headers and body time limits, which apply when the caller gives no signal.
const UNDICI_DEFAULT_TIMEOUT_MS = 300_000;

function requestBody(body: FetchBody): string | Uint8Array | null {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  // undici would iterate a URLSearchParams as [name, value] pairs: send its urlencoded form.
  if (body instanceof URLSearchParams) return body.toString();
  return new Uint8Array(body);
}
