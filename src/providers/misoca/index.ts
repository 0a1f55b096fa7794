// The `oauthkit/misoca` entry: re-exports only.

export { operationInfo } from '../sdk/operation-binder.js';
export type { Pages, PaginateCallOptions } from '../sdk/operation-pages.js';
export type { CallOptions, OperationInfo, StreamCallOptions } from '../sdk/operation-types.js';
/** The spec's schemas and operations, as openapi-typescript writes them. */
export type { components as MisocaComponents, paths as MisocaPaths } from './generated/misoca-openapi.js';
