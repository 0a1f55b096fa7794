// The `oauthkit/helloasso` entry: re-exports only.

export { operationInfo } from '../sdk/operation-binder.js';
export type { Pages, PaginateCallOptions } from '../sdk/operation-pages.js';
export type { CallOptions, OperationInfo, StreamCallOptions } from '../sdk/operation-types.js';
/** The spec's schemas and operations, as openapi-typescript writes them. */
export type {
  components as HelloAssoComponents,
  paths as HelloAssoPaths,
} from './generated/helloasso-openapi.js';
export type {
  HelloAssoAuthorization,
  HelloAssoAuthorizationRequest,
  HelloAssoTokenSet,
} from './helloasso-authorization.js';
export { HelloAsso, type HelloAssoCallOptions, type HelloAssoResources } from './helloasso-client.js';
export { helloAssoErrorMessages } from './helloasso-errors.js';
export { type HelloAssoMfaCode, type HelloAssoMfaError, mfaCode } from './helloasso-mfa.js';
export type {
  HelloAssoEnvironment,
  HelloAssoOptions,
  HelloAssoTokenGetter,
  HelloAssoTokenSetter,
} from './helloasso-options.js';
export { helloAssoPageWalk } from './helloasso-pages.js';
export {
  HELLOASSO_WEBHOOK_IPS,
  type HelloAssoNotification,
  type ParseWebhookOptions,
  parseWebhook,
  verifyWebhook,
} from './helloasso-webhooks.js';
export { type WebhookRefusal, WebhookVerificationError } from './webhook-verification-error.js';
