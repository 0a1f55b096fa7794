import { inspect } from 'node:util';
import { ApiClient } from '../../http/api-client.js';
import type { ApiClientOptions, HttpMethod, QueryParams } from '../../http/types.js';
import { OAuth2Client } from '../../oauth/client.js';
import type { AccessTokenSource } from '../../tokens/access-token-source.js';
import { TokenManager } from '../../tokens/token-manager.js';
import { OperationBinder } from '../sdk/operation-binder.js';
import { type Pages, type PaginateCallOptions, paginateOperation } from '../sdk/operation-pages.js';
import type { AnyOperationMethod } from '../sdk/operation-types.js';
import { tokenCallbackStore } from './_helloasso-token-callbacks.js';
import type { paths } from './generated/helloasso-openapi.js';
import { HelloAssoAuthorization } from './helloasso-authorization.js';
import { formatHelloAssoQuery, helloAssoErrorMessages } from './helloasso-errors.js';
import { bindHelloAssoOperations, type HelloAssoResources } from './helloasso-operations.js';
import {
  type HelloAssoEnvironment,
  type HelloAssoOptions,
  resolveHelloAssoOptions,
} from './helloasso-options.js';
import { helloAssoPageWalk } from './helloasso-pages.js';

type PageItem<M> = M extends (...args: never[]) => Promise<infer R>
  ? R extends { data?: (infer T)[] | null }
    ? T
    : unknown
  : unknown;
type ParamsOf<M> = M extends (...args: infer A) => unknown ? A[0] : never;

/** Options of {@link HelloAsso.call}, HaApiV5's escape hatch. */
export interface HelloAssoCallOptions {
  method?: HttpMethod | Lowercase<HttpMethod>;
  query?: QueryParams;
  body?: unknown;
  signal?: AbortSignal;
}

const DEFAULT_USER_AGENT = 'oauthkit-helloasso';

/**
 * HelloAsso API v5: the 35 operations as typed methods, with HelloAsso's token rules (client
 * credentials on first need, renewal 60 s before expiry with the refresh token, client credentials
 * again only when the refresh token is refused, one refresh and one replay on a 401).
 *
 * @example
 * ```ts
 * import { HelloAsso } from 'oauthkit/helloasso';
 * const helloasso = new HelloAsso({ clientId, clientSecret });
 * const organization = await helloasso.organizations.get({ organizationSlug: 'my-association' });
 * for await (const order of helloasso.paginate(helloasso.orders.list, { organizationSlug: 'my-association' })) {
 *   console.log(order.id, order.amount?.total);
 * }
 * ```
 */
export class HelloAsso {
  /** Where this client calls: API host and authorize host. */
  readonly environment: HelloAssoEnvironment;
  /** The HTTP client of the `/v5` API (retries, 429 gate, time-outs, `User-Agent`). */
  readonly api: ApiClient;
  /** The token lifecycle (renewal, store, single-flight). */
  readonly tokens: TokenManager;
  /** Partner authorization: `authorizeUrl` and `exchangeCode`. */
  readonly authorization: HelloAssoAuthorization;
  readonly organizations: HelloAssoResources['organizations'];
  readonly users: HelloAssoResources['users'];
  readonly forms: HelloAssoResources['forms'];
  readonly orders: HelloAssoResources['orders'];
  readonly items: HelloAssoResources['items'];
  readonly payments: HelloAssoResources['payments'];
  readonly checkoutIntents: HelloAssoResources['checkoutIntents'];
  readonly directory: HelloAssoResources['directory'];
  readonly cashOuts: HelloAssoResources['cashOuts'];
  readonly tags: HelloAssoResources['tags'];
  readonly partners: HelloAssoResources['partners'];
  readonly values: HelloAssoResources['values'];
  readonly #root: ApiClient;
  readonly #clientId: string;
  #ready: Promise<void> | undefined;

  constructor(options: HelloAssoOptions) {
    this.environment = resolveHelloAssoOptions(options);
    const { apiBase, authBase } = this.environment;
    this.#clientId = options.clientId;
    const client = new OAuth2Client({
      tokenEndpoint: `${apiBase}/oauth2/token`,
      authorizationEndpoint: `${authBase}/authorize`,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      clientAuth: 'client_secret_post',
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
    const store =
      options.tokenGetter && options.tokenSetter
        ? tokenCallbackStore(options.clientId, options.tokenGetter, options.tokenSetter)
        : options.store;
    this.tokens = new TokenManager({
      client,
      ...(store ? { store } : {}),
      key: options.key ?? `helloasso:${options.clientId}`,
      grant: 'client_credentials',
      refreshSkewMs: 60_000,
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    });
    if (options.accessToken !== undefined) this.#ready = this.setAccessToken(options.accessToken);
    const auth: AccessTokenSource = {
      getAccessToken: async (request) => {
        await this.#ready;
        return this.tokens.getAccessToken(request);
      },
    };
    const common: Omit<ApiClientOptions, 'baseUrl'> = {
      auth,
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
      errorMessages: helloAssoErrorMessages,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.retry !== undefined ? { retry: options.retry } : {}),
      ...(options.onResponse ? { onResponse: options.onResponse } : {}),
    };
    this.api = new ApiClient({ ...common, baseUrl: `${apiBase}/v5` });
    this.#root = new ApiClient({ ...common, baseUrl: apiBase });
    this.authorization = new HelloAssoAuthorization(client, this.tokens);
    const resources = bindHelloAssoOperations(
      new OperationBinder<paths>(this.api, { formatQuery: formatHelloAssoQuery }),
    );
    this.organizations = resources.organizations;
    this.users = resources.users;
    this.forms = resources.forms;
    this.orders = resources.orders;
    this.items = resources.items;
    this.payments = resources.payments;
    this.checkoutIntents = resources.checkoutIntents;
    this.directory = resources.directory;
    this.cashOuts = resources.cashOuts;
    this.tags = resources.tags;
    this.partners = resources.partners;
    this.values = resources.values;
    this.paginate = this.paginate.bind(this);
    this.call = this.call.bind(this);
  }

  /** The items of every page of a paged method, fetched lazily; `.toArray()` collects them. */
  paginate<M extends AnyOperationMethod & { readonly paged: true }>(
    method: M,
    params?: ParamsOf<M>,
    options: PaginateCallOptions = {},
  ): Pages<PageItem<M>> {
    return paginateOperation<PageItem<M>>(
      method,
      params as Record<string, unknown> | undefined,
      options,
      () => helloAssoPageWalk,
    );
  }

  /**
   * HaApiV5's `call`: any path of the API, with or without its `/v5` prefix; resolves to the body.
   *
   * @example
   * ```ts
   * const organization = await helloasso.call('/v5/organizations/my-association');
   * ```
   */
  async call<T = unknown>(path: string, options: HelloAssoCallOptions = {}): Promise<T> {
    const relative = path.replace(/^\/?v5(?=\/|$)/, '') || '/';
    const response = await this.api.request<T>({
      method: options.method ?? 'GET',
      path: relative.startsWith('/') ? relative : `/${relative}`,
      ...(options.query ? { query: options.query } : {}),
      ...(options.body !== undefined ? { body: options.body } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return response.data;
  }

  /** HaApiV5's `set_access_token`: use this access token until the API refuses it. */
  async setAccessToken(accessToken: string): Promise<void> {
    await this.tokens.setTokens({ accessToken, tokenType: 'bearer', expiresAt: null, extra: {} });
  }

  /** Disconnects (GET /oauth2/disconnect: HelloAsso revokes the tokens), then forgets them. */
  async disconnect(options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.#root.request({ method: 'GET', path: '/oauth2/disconnect', retry: false, ...options });
    await this.tokens.clear();
  }

  [inspect.custom](): string {
    return `HelloAsso { clientId: '${this.#clientId}', apiBase: '${this.environment.apiBase}' }`;
  }
}
