// The `oauthkit/misoca` entry: re-exports only.

export { operationInfo } from '../sdk/operation-binder.js';
export type { Pages, PaginateCallOptions } from '../sdk/operation-pages.js';
export type { CallOptions, OperationInfo, StreamCallOptions } from '../sdk/operation-types.js';
/** The spec's schemas and operations, as openapi-typescript writes them. */
export type { components as MisocaComponents, paths as MisocaPaths } from './generated/misoca-openapi.js';
export { Misoca, type MisocaLoginResult, type PageItem } from './misoca-client.js';
export type {
  MisocaLoginOptions,
  MisocaLogoutOptions,
  MisocaOptions,
  MisocaScope,
} from './misoca-options.js';
export type { MisocaContactGroups } from './resources/contact-groups.js';
export type { MisocaContacts } from './resources/contacts.js';
export type { MisocaDealingItems } from './resources/dealing-items.js';
export type { MisocaDeliverySlips } from './resources/delivery-slips.js';
export type { MisocaEstimates } from './resources/estimates.js';
export type { InvoiceListParams, MisocaInvoices, PostalMailParams } from './resources/invoices.js';
export type { MisocaUser } from './resources/user.js';
