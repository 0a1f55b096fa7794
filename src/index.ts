// The `oauthkit` entry: re-exports only. Nothing here may load undici at import time.
export { ApiError, type ApiErrorDetails } from './errors/api-error.js';
export { AuthorizationCallbackError } from './errors/authorization-callback-error.js';
export { ConfigurationError } from './errors/configuration-error.js';
export {
  defaultErrorMessages,
  type ErrorResponse,
  errorFromInvalidJson,
  errorFromResponse,
  parseErrorBody,
} from './errors/from-response.js';
export { NetworkError } from './errors/network-error.js';
export { OAuthError } from './errors/oauth-error.js';
export { OAuthKitError } from './errors/oauthkit-error.js';
export { RateLimitError } from './errors/rate-limit-error.js';
export { ReauthorizationRequiredError } from './errors/reauthorization-required-error.js';
export { type ResponseTooLargeDetails, ResponseTooLargeError } from './errors/response-too-large-error.js';
export { TimeoutError } from './errors/timeout-error.js';
export { TokenStoreError } from './errors/token-store-error.js';
export { ApiClient } from './http/api-client.js';
export type { PaginateOptions } from './http/paginate.js';
export {
  type ContinuationTokenPaginationOptions,
  continuationTokenPagination,
} from './http/pagination/continuation-token-pagination.js';
export {
  type LinkHeaderPaginationOptions,
  linkHeaderPagination,
} from './http/pagination/link-header-pagination.js';
export {
  type PageIndexPaginationOptions,
  pageIndexPagination,
} from './http/pagination/page-index-pagination.js';
export { findLink, type LinkValue, parseLinkHeader } from './http/pagination/parse-link-header.js';
export { getPath, itemsAt, type PageRequest, type PaginationStrategy } from './http/pagination/strategy.js';
export type {
  ApiAuth,
  ApiClientOptions,
  ApiMethodOptions,
  ApiRequestOptions,
  ApiResponse,
  HttpMethod,
  QueryParams,
  QueryValue,
  RequestEvent,
  ResponseEvent,
  ResponseType,
  RetryOptions,
} from './http/types.js';
export type { AuthorizationRequest, AuthorizationUrlOptions } from './oauth/authorization-request.js';
export type { AuthorizeInBrowserOptions } from './oauth/browser-login.js';
export { OAuth2Client } from './oauth/client.js';
export type { DeviceFlowOptions, DevicePrompt } from './oauth/device-flow.js';
export type { ClientAuthMethod, OAuth2ClientOptions, TokenRequestEvent } from './oauth/options.js';
export type { AccessTokenSource, GetAccessTokenOptions } from './tokens/access-token-source.js';
export { CallbackTokenStore, type CallbackTokenStoreOptions } from './tokens/callback-store.js';
export { FileTokenStore } from './tokens/file-store.js';
export type { TokenGrantClient, TokenRequestOptions } from './tokens/grant-client.js';
export { MemoryTokenStore } from './tokens/memory-store.js';
export type { StoredTokens, TokenLock, TokenStore } from './tokens/store.js';
export { TokenManager } from './tokens/token-manager.js';
export type {
  PasswordGrantProvider,
  TokenEvent,
  TokenManagerGrant,
  TokenManagerOptions,
} from './tokens/token-manager-options.js';
export type { TokenSet } from './tokens/token-set.js';
