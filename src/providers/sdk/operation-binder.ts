import { ConfigurationError } from '../../errors/configuration-error.js';
import type { ApiClient } from '../../http/api-client.js';
import type { ApiResponse, QueryParams, QueryValue } from '../../http/types.js';
import {
  type AnyOperationMethod,
  type BinaryOperationMethod,
  type CallOptions,
  type JsonOperationMethod,
  OPERATION_INFO,
  type OperationAt,
  type OperationInfo,
  type OperationKey,
  type OperationParams,
  type OperationResult,
  type PagedOperationMethod,
} from './operation-types.js';

/** What a provider adds to the generic request building (its quirks, in one named module each). */
export interface OperationHooks {
  /** Formats one query value (Misoca: dates as `YYYY-MM-DD`). Default: the value as it is. */
  formatQuery?(name: string, value: unknown, info: OperationInfo): QueryValue | readonly QueryValue[];
  /** Turns a parsed JSON answer into what the method returns (Misoca: numeric strings to numbers). */
  transformResult?(data: unknown, info: OperationInfo): unknown;
  /** Checks `params` before anything is sent (Misoca: the postal-mail guard); throws to refuse. */
  beforeSend?(params: Record<string, unknown>, info: OperationInfo): void;
  /** Parameters taken out of `params` before the request is built: never sent (`confirm`). */
  localParams?: readonly string[];
}

/** Options of one binding: the header parameters the method takes (by their spec names). */
export interface BindOptions<P> {
  headerParams?: readonly Extract<keyof P, string>[];
}

type Params = Record<string, unknown>;
type HeaderNames = { headerParams?: readonly string[] | undefined };
type SendFull = (
  params: Params | undefined,
  options: CallOptions | undefined,
) => Promise<ApiResponse<unknown>>;

const senders = new WeakMap<AnyOperationMethod, SendFull>();

/**
 * Turns the rows of a provider's operations table into bound SDK methods over one `ApiClient`:
 * `json`, `paged` and `binary` each take the method's public name and the spec's `METHOD /path`,
 * and return a function typed from the generated `paths`.
 *
 * @example
 * ```ts
 * const bind = new OperationBinder<paths>(api);
 * const orders = { get: bind.json('orders.get', 'GET /orders/{orderId}') };
 * const order = await orders.get({ orderId: 12 });
 * ```
 */
export class OperationBinder<Paths> {
  readonly #api: ApiClient;
  readonly #hooks: OperationHooks;

  constructor(api: ApiClient, hooks: OperationHooks = {}) {
    this.#api = api;
    this.#hooks = hooks;
  }

  /** A method whose answer is JSON (or empty). */
  json<K extends OperationKey<Paths>>(
    name: string,
    key: K,
    options: BindOptions<OperationParams<OperationAt<Paths, K>>> = {},
  ): JsonOperationMethod<OperationParams<OperationAt<Paths, K>>, OperationResult<OperationAt<Paths, K>>> {
    return this.#bind(name, key, options as HeaderNames, { binary: false, paged: false }) as never;
  }

  /** A JSON method that `paginate` accepts. */
  paged<K extends OperationKey<Paths>>(
    name: string,
    key: K,
    options: BindOptions<OperationParams<OperationAt<Paths, K>>> = {},
  ): PagedOperationMethod<OperationParams<OperationAt<Paths, K>>, OperationResult<OperationAt<Paths, K>>> {
    return this.#bind(name, key, options as HeaderNames, { binary: false, paged: true }) as never;
  }

  /** A method whose answer is a file: a `Uint8Array`, or a `Readable` with `{ responseType: 'stream' }`. */
  binary<K extends OperationKey<Paths>>(
    name: string,
    key: K,
    options: BindOptions<OperationParams<OperationAt<Paths, K>>> = {},
  ): BinaryOperationMethod<OperationParams<OperationAt<Paths, K>>> {
    return this.#bind(name, key, options as HeaderNames, { binary: true, paged: false }) as never;
  }

  #bind(
    name: string,
    key: string,
    options: HeaderNames,
    kind: { binary: boolean; paged: boolean },
  ): AnyOperationMethod {
    const space = key.indexOf(' ');
    const info: OperationInfo = Object.freeze({
      name,
      method: key.slice(0, space) as OperationInfo['method'],
      path: key.slice(space + 1),
      headerParams: Object.freeze([...(options.headerParams ?? [])]),
      ...kind,
    });
    const send: SendFull = (params, callOptions) => this.#send(info, params ?? {}, callOptions ?? {});
    const method = async (params?: Params, callOptions?: CallOptions) => {
      const response = await send(params, callOptions);
      return response.data;
    };
    Object.defineProperty(method, OPERATION_INFO, { value: info });
    Object.defineProperty(method, 'name', { value: name });
    if (kind.paged) Object.defineProperty(method, 'paged', { value: true, enumerable: true });
    senders.set(method as unknown as AnyOperationMethod, send);
    return method as unknown as AnyOperationMethod;
  }

  async #send(info: OperationInfo, params: Params, options: CallOptions): Promise<ApiResponse<unknown>> {
    if (params === null || typeof params !== 'object' || Array.isArray(params)) {
      throw new ConfigurationError(`${info.name} takes one object of parameters, got ${describe(params)}`);
    }
    this.#hooks.beforeSend?.(params, info);
    const request = buildRequest(info, params, this.#hooks);
    const responseType = info.binary
      ? options.responseType === 'stream'
        ? 'stream'
        : 'bytes'
      : (options.responseType ?? 'json');
    const response = await this.#api.request({
      method: info.method,
      path: request.path,
      query: request.query,
      body: request.body as never,
      headers: { ...options.headers, ...request.headers },
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      responseType,
    });
    if (responseType !== 'json' || this.#hooks.transformResult === undefined || response.data === undefined) {
      return response;
    }
    return { ...response, data: this.#hooks.transformResult(response.data, info) };
  }
}

/** The information an SDK method carries, or `undefined` for any other function. */
export function operationInfo(method: unknown): OperationInfo | undefined {
  if (typeof method !== 'function') return undefined;
  return (method as Partial<AnyOperationMethod>)[OPERATION_INFO];
}

/** Calls an SDK method and resolves to the whole answer (status, headers, data): for `paginate`. */
export function sendOperation(
  method: AnyOperationMethod,
  params: Params | undefined,
  options?: CallOptions,
): Promise<ApiResponse<unknown>> {
  const send = senders.get(method);
  if (send === undefined) throw new ConfigurationError('expected a method of an oauthkit SDK');
  return send(params, options);
}

function buildRequest(info: OperationInfo, params: Params, hooks: OperationHooks) {
  const used = new Set<string>(['body', ...(hooks.localParams ?? [])]);
  const path = info.path.replace(/\{([^}]+)\}/g, (_whole, name: string) => {
    used.add(name);
    const value = params[name];
    if (value === undefined || value === null || value === '') {
      throw new ConfigurationError(`${info.name} needs ${name} (a path parameter)`);
    }
    return encodeURIComponent(String(value));
  });
  const headers: Record<string, string> = {};
  for (const name of info.headerParams) {
    used.add(name);
    const value = params[name];
    if (value !== undefined && value !== null) headers[name] = String(value);
  }
  const query: Record<string, QueryValue | readonly QueryValue[]> = {};
  for (const [name, value] of Object.entries(params)) {
    if (used.has(name) || value === undefined) continue;
    query[name] = hooks.formatQuery ? hooks.formatQuery(name, value, info) : (value as QueryValue);
  }
  return { path, headers, query: query as QueryParams, body: params.body };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
