import type { OperationBinder } from '../sdk/operation-binder.js';
import type { PagedOperationMethod, WithDateParams } from '../sdk/operation-types.js';
import type { paths } from './generated/helloasso-openapi.js';
import { withMfaCodes } from './helloasso-mfa.js';

const ORG = '/organizations/{organizationSlug}';
const FORM = `${ORG}/forms/{formType}/{formSlug}`;
const ME = '/partners/me';

/** A paged list whose `from` and `to` (`to` exclusive) also take a `Date`, sent in ISO 8601. */
type Dated<M> =
  M extends PagedOperationMethod<infer P, infer R>
    ? PagedOperationMethod<WithDateParams<P, 'from' | 'to'>, R>
    : never;
const dated = <M>(method: M) => method as unknown as Dated<M>;

/**
 * Binds the 35 operations of HelloAsso API v5 to their public names (the operations table in
 * docs/providers/helloasso.md). Two operations have no `security` in the spec; they are bound like the
 * others, so the token is sent anyway (HelloAsso refuses them without it).
 */
export function bindHelloAssoOperations(bind: OperationBinder<paths>) {
  return {
    organizations: { get: bind.json('organizations.get', `GET ${ORG}`) },
    users: { listMyOrganizations: bind.json('users.listMyOrganizations', 'GET /users/me/organizations') },
    forms: {
      list: bind.paged('forms.list', `GET ${ORG}/forms`),
      listTypes: bind.json('forms.listTypes', `GET ${ORG}/formTypes`),
      getPublic: bind.json('forms.getPublic', `GET ${FORM}/public`),
      quickCreate: bind.json('forms.quickCreate', `POST ${ORG}/forms/{formType}/action/quick-create`),
      setState: bind.json('forms.setState', `PUT ${FORM}/state`),
    },
    orders: {
      list: dated(bind.paged('orders.list', `GET ${ORG}/orders`)),
      listByForm: dated(bind.paged('orders.listByForm', `GET ${FORM}/orders`)),
      get: bind.json('orders.get', 'GET /orders/{orderId}'),
      cancel: bind.json('orders.cancel', 'POST /orders/{orderId}/cancel'),
    },
    items: {
      list: dated(bind.paged('items.list', `GET ${ORG}/items`)),
      listByForm: dated(bind.paged('items.listByForm', `GET ${FORM}/items`)),
      get: bind.json('items.get', 'GET /items/{itemId}'),
    },
    payments: {
      list: dated(bind.paged('payments.list', `GET ${ORG}/payments`)),
      listByForm: dated(bind.paged('payments.listByForm', `GET ${FORM}/payments`)),
      get: bind.json('payments.get', 'GET /payments/{paymentId}'),
      refund: withMfaCodes(
        bind.json('payments.refund', 'POST /payments/{paymentId}/refund', {
          headerParams: [
            'x-mfa-access-authorization',
            'x-mfa-sms-access-authorization',
            'x-mfa-password-authorization',
          ],
        }),
      ),
    },
    checkoutIntents: {
      create: bind.json('checkoutIntents.create', `POST ${ORG}/checkout-intents`),
      get: bind.json('checkoutIntents.get', `GET ${ORG}/checkout-intents/{checkoutIntentId}`),
    },
    directory: {
      searchForms: bind.paged('directory.searchForms', 'POST /directory/forms'),
      searchOrganizations: bind.paged('directory.searchOrganizations', 'POST /directory/organizations'),
    },
    cashOuts: { export: bind.binary('cashOuts.export', `GET ${ORG}/cash-out/{cashOutId}/export`) },
    tags: { get: bind.json('tags.get', 'GET /tags/{tagName}') },
    partners: {
      me: bind.json('partners.me', `GET ${ME}`),
      listOrganizations: bind.paged('partners.listOrganizations', `GET ${ME}/organizations`),
      updateApiClient: bind.json('partners.updateApiClient', `PUT ${ME}/api-clients`),
      setNotificationUrl: bind.json('partners.setNotificationUrl', `PUT ${ME}/api-notifications`),
      deleteNotificationUrl: bind.json('partners.deleteNotificationUrl', `DELETE ${ME}/api-notifications`),
      setOrganizationNotificationUrl: bind.json(
        'partners.setOrganizationNotificationUrl',
        `PUT ${ME}/api-notifications/organizations/{organizationSlug}`,
      ),
      deleteOrganizationNotificationUrl: bind.json(
        'partners.deleteOrganizationNotificationUrl',
        `DELETE ${ME}/api-notifications/organizations/{organizationSlug}`,
      ),
    },
    values: {
      formActivityTypes: bind.json('values.formActivityTypes', 'GET /values/form/{formType}/types'),
      organizationCategories: bind.json(
        'values.organizationCategories',
        'GET /values/organization/categories',
      ),
      tags: bind.json('values.tags', 'GET /values/tags'),
      companyLegalStatuses: bind.json('values.companyLegalStatuses', 'GET /values/company-legal-status'),
    },
  };
}

/** The resources of a `HelloAsso` client: `helloasso.orders.list(...)` and the 34 others. */
export type HelloAssoResources = ReturnType<typeof bindHelloAssoOperations>;
