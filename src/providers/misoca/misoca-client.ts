import { inspect } from 'node:util';
import { ApiClient } from '../../http/api-client.js';
import { OAuth2Client } from '../../oauth/client.js';
import { TokenManager } from '../../tokens/token-manager.js';
import { OperationBinder } from '../sdk/operation-binder.js';
import { type Pages, type PaginateCallOptions, paginateOperation } from '../sdk/operation-pages.js';
import type { PagedOperationMethod } from '../sdk/operation-types.js';
import { misocaErrorMessages } from './_misoca-errors.js';
import { convertNumberStrings } from './_misoca-number-strings.js';
import { misocaPageWalk } from './_misoca-pages.js';
import { guardCostlyCalls } from './_misoca-postal-mail-guard.js';
import { formatMisocaQuery } from './_misoca-query-dates.js';
import type { paths } from './generated/misoca-openapi.js';
import { type MisocaConfig, readMisocaConfig, redirectNotice } from './misoca-config.js';
import type { MisocaLoginOptions, MisocaLogoutOptions, MisocaOptions } from './misoca-options.js';
import { contactGroupsResource, type MisocaContactGroups } from './resources/contact-groups.js';
import { contactsResource, type MisocaContacts } from './resources/contacts.js';
import { dealingItemsResource, type MisocaDealingItems } from './resources/dealing-items.js';
import { deliverySlipsResource, type MisocaDeliverySlips } from './resources/delivery-slips.js';
import { estimatesResource, type MisocaEstimates } from './resources/estimates.js';
import { invoicesResource, type MisocaInvoices } from './resources/invoices.js';
import { type MisocaUser, userResource } from './resources/user.js';

/** What `login()` and `loginWithPassword()` resolve to (the tokens themselves stay in the store). */
export interface MisocaLoginResult {
  /** The scopes Misoca granted. */
  scopes: string[];
  /** When the access token expires (epoch ms; Misoca's last about a day), or `null` if not said. */
  expiresAt: number | null;
}

/** The item type of a paged method's answer (`ApiEntity_Invoice` for `invoices.list`). */
export type PageItem<R> = R extends readonly (infer Item)[] ? Item : never;

/**
 * Misoca API v3 (https://app.misoca.jp): both logins of the Python tutorial (browser and
 * password), tokens kept fresh with rotation stored before use, and the 36 operations of the
 * spec as typed methods: `misoca.<resource>.<method>(params?, options?)`.
 *
 * @example
 * ```ts
 * import { FileTokenStore } from 'oauthkit';
 * import { Misoca } from 'oauthkit/misoca';
 *
 * const misoca = new Misoca({ clientId, clientSecret, redirectUri: 'http://localhost:8080',
 *   store: new FileTokenStore(`${process.env.HOME}/.config/my-app/tokens.json`) });
 * if ((await misoca.tokens.getTokens()) === null) await misoca.login();
 * const contacts = await misoca.contacts.list();
 * for await (const invoice of misoca.paginate(misoca.invoices.list, { type: 'untrashed' })) console.log(invoice.subject);
 * ```
 */
export class Misoca {
  /** The HTTP client over `…/api/v3` (retries, time limits, refresh and replay on 401). */
  readonly api: ApiClient;
  /** The token lifecycle (store, renewal, rotation). */
  readonly tokens: TokenManager;
  /** `GET /user/me`. */
  readonly user: MisocaUser;
  /** 送り先 (contacts). */
  readonly contacts: MisocaContacts;
  /** 取引先 (contact groups, the business partners). */
  readonly contactGroups: MisocaContactGroups;
  /** 請求書 (invoices). */
  readonly invoices: MisocaInvoices;
  /** 見積書 (estimates). */
  readonly estimates: MisocaEstimates;
  /** 納品書 (delivery slips). */
  readonly deliverySlips: MisocaDeliverySlips;
  /** 品目 (dealing items). */
  readonly dealingItems: MisocaDealingItems;
  readonly #config: MisocaConfig;
  readonly #oauth: OAuth2Client;
  readonly #clientId: string;

  constructor(options: MisocaOptions) {
    const config = readMisocaConfig(options);
    this.#config = config;
    this.#clientId = options.clientId;
    this.#oauth = new OAuth2Client({
      authorizationEndpoint: config.authorizeUrl,
      tokenEndpoint: config.tokenUrl,
      revocationEndpoint: config.revokeUrl,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      scopes: config.scopes,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
    this.tokens = new TokenManager({
      client: this.#oauth,
      key: config.key,
      grant: options.grant ?? 'refresh_only',
      ...(options.store ? { store: options.store } : {}),
      ...(options.onTokenEvent ? { onEvent: options.onTokenEvent } : {}),
    });
    this.api = new ApiClient({
      baseUrl: config.apiBaseUrl,
      auth: this.tokens,
      errorMessages: misocaErrorMessages,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.onResponse ? { onResponse: options.onResponse } : {}),
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    });
    const bind = new OperationBinder<paths>(this.api, {
      formatQuery: formatMisocaQuery,
      transformResult: convertNumberStrings,
      beforeSend: guardCostlyCalls,
      localParams: ['confirm'],
    });
    this.user = userResource(bind);
    this.contacts = contactsResource(bind);
    this.contactGroups = contactGroupsResource(bind);
    this.invoices = invoicesResource(bind);
    this.estimates = estimatesResource(bind);
    this.deliverySlips = deliverySlipsResource(bind);
    this.dealingItems = dealingItemsResource(bind);
  }

  /**
   * The browser login (authorization code with PKCE and a checked `state`): listens on the port and
   * path of `redirectUri` (on 127.0.0.1), opens the browser, shows "you can close this tab", and
   * stores the tokens. For a `0.0.0.0` redirect URI it first gives a one-line note (`onNotice`).
   * @see https://www.rfc-editor.org/rfc/rfc8252
   */
  async login(options: MisocaLoginOptions = {}): Promise<MisocaLoginResult> {
    const notice = redirectNotice(this.#config.redirectUri);
    if (notice !== undefined) {
      if (options.onNotice) options.onNotice(notice);
      else process.emitWarning(notice, { code: 'OAUTHKIT_MISOCA_REDIRECT' });
    }
    const tokenSet = await this.#oauth.authorizeInBrowser({
      ...(this.#config.redirectUri !== undefined ? { redirectUri: this.#config.redirectUri } : {}),
      ...(options.open !== undefined ? { open: options.open } : {}),
      ...(options.onUrl ? { onUrl: options.onUrl } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    await this.tokens.setTokens(tokenSet);
    return summary(tokenSet.scope, tokenSet.expiresAt, this.#config.scopes);
  }

  /**
   * The password login (resource owner password grant) of the tutorial's second example: the
   * password is sent once and not kept; the tokens go to the store.
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.3
   */
  async loginWithPassword(username: string, password: string): Promise<MisocaLoginResult> {
    const tokenSet = await this.#oauth.password({ username, password });
    await this.tokens.setTokens(tokenSet);
    return summary(tokenSet.scope, tokenSet.expiresAt, this.#config.scopes);
  }

  /**
   * Forgets the tokens. With `revoke` (the default) they are first revoked at Misoca (RFC 7009);
   * if that fails, the error is thrown and the tokens are kept, so you can try again.
   * @see https://www.rfc-editor.org/rfc/rfc7009
   */
  async logout(options: MisocaLogoutOptions = {}): Promise<void> {
    const current = await this.tokens.getTokens();
    if (current !== null && options.revoke !== false) {
      const signal = options.signal ? { signal: options.signal } : {};
      if (current.refreshToken) {
        await this.#oauth.revoke(current.refreshToken, { hint: 'refresh_token', ...signal });
      }
      await this.#oauth.revoke(current.accessToken, { hint: 'access_token', ...signal });
    }
    await this.tokens.clear();
  }

  /**
   * The items of a paged method, page after page, following the `Link` header's `rel="next"`,
   * with `per_page=100` where the operation takes it (unless `params` sets it).
   * @example
   * ```ts
   * const invoices = await misoca.paginate(misoca.invoices.list, { type: 'untrashed' }, { limit: 500 }).toArray();
   * ```
   */
  paginate<P, R>(
    method: PagedOperationMethod<P, R>,
    params?: P,
    options: PaginateCallOptions = {},
  ): Pages<PageItem<R>> {
    return paginateOperation<PageItem<R>>(
      method,
      params as Record<string, unknown> | undefined,
      options,
      misocaPageWalk,
    );
  }

  [inspect.custom](): string {
    const { siteUrl, scopes, key } = this.#config;
    return `Misoca { siteUrl: '${siteUrl}', clientId: '${this.#clientId}', scopes: [${scopes.join(', ')}], key: '${key}' }`;
  }
}

function summary(scope: string | undefined, expiresAt: number | null, asked: string[]): MisocaLoginResult {
  return { scopes: scope ? scope.split(' ').filter(Boolean) : [...asked], expiresAt };
}
