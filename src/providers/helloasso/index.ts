// The `oauthkit/helloasso` entry: re-exports only.

export { operationInfo } from '../sdk/operation-binder.js';
export type { Pages, PaginateCallOptions } from '../sdk/operation-pages.js';
export type { CallOptions, OperationInfo, StreamCallOptions } from '../sdk/operation-types.js';
/** The spec's schemas and operations, as openapi-typescript writes them. */
export type {
  components as HelloAssoComponents,
  paths as HelloAssoPaths,
} from './generated/helloasso-openapi.js';
