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
import { resolveHelloAssoOptions } from './helloasso-config.js';
import { helloAssoErrorMessages } from './helloasso-errors.js';
import type { HelloAssoEnvironment, HelloAssoOptions } from './helloasso-options.js';
import { helloAssoPageWalk } from './helloasso-pages.js';
import { formatHelloAssoQuery } from './helloasso-query-dates.js';
import { cashOutsResource, type HelloAssoCashOuts } from './resources/cash-outs.js';
import { checkoutIntentsResource, type HelloAssoCheckoutIntents } from './resources/checkout-intents.js';
import { directoryResource, type HelloAssoDirectory } from './resources/directory.js';
import { formsResource, type HelloAssoForms } from './resources/forms.js';
import { type HelloAssoItems, itemsResource } from './resources/items.js';
import { type HelloAssoOrders, ordersResource } from './resources/orders.js';
import { type HelloAssoOrganizations, organizationsResource } from './resources/organizations.js';
import { type HelloAssoPartners, partnersResource } from './resources/partners.js';
import { type HelloAssoPayments, paymentsResource } from './resources/payments.js';
import { type HelloAssoTags, tagsResource } from './resources/tags.js';
import { type HelloAssoUsers, usersResource } from './resources/users.js';
import { type HelloAssoValues, valuesResource } from './resources/values.js';

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

/** The resources of a `HelloAsso` client: `helloasso.orders.list(...)` and the 34 others. */
export type HelloAssoResources = {
  organizations: HelloAssoOrganizations;
  users: HelloAssoUsers;
  forms: HelloAssoForms;
  orders: HelloAssoOrders;
  items: HelloAssoItems;
  payments: HelloAssoPayments;
  checkoutIntents: HelloAssoCheckoutIntents;
  directory: HelloAssoDirectory;
  cashOuts: HelloAssoCashOuts;
  tags: HelloAssoTags;
  partners: HelloAssoPartners;
  values: HelloAssoValues;
};

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
  /** Organizations: `get`. */
  readonly organizations: HelloAssoOrganizations;
  /** The token's user: `listMyOrganizations`. */
  readonly users: HelloAssoUsers;
  /** Forms (events, memberships, donations, shops, ...). */
  readonly forms: HelloAssoForms;
  /** Orders, with their items and payments. */
  readonly orders: HelloAssoOrders;
  /** The lines of orders. */
  readonly items: HelloAssoItems;
  /** Payments and refunds (the refund's MFA proofs as header parameters). */
  readonly payments: HelloAssoPayments;
  /** HelloAsso Checkout. */
  readonly checkoutIntents: HelloAssoCheckoutIntents;
  /** Searches of the public directory. */
  readonly directory: HelloAssoDirectory;
  /** Cash-out exports. */
  readonly cashOuts: HelloAssoCashOuts;
  /** Internal tags. */
  readonly tags: HelloAssoTags;
  /** The partner account and its notification URLs. */
  readonly partners: HelloAssoPartners;
  /** Lists of allowed values. */
  readonly values: HelloAssoValues;
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
    const bind = new OperationBinder<paths>(this.api, { formatQuery: formatHelloAssoQuery });
    this.organizations = organizationsResource(bind);
    this.users = usersResource(bind);
    this.forms = formsResource(bind);
    this.orders = ordersResource(bind);
    this.items = itemsResource(bind);
    this.payments = paymentsResource(bind);
    this.checkoutIntents = checkoutIntentsResource(bind);
    this.directory = directoryResource(bind);
    this.cashOuts = cashOutsResource(bind);
    this.tags = tagsResource(bind);
    this.partners = partnersResource(bind);
    this.values = valuesResource(bind);
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
