import type { OperationBinder } from '../../sdk/operation-binder.js';
import type { paths } from '../generated/helloasso-openapi.js';
import { dated } from '../helloasso-query-dates.js';

/** `helloasso.orders`: what payers ordered (tickets, memberships, donations), with their items. */
export function ordersResource(bind: OperationBinder<paths>) {
  return {
    /** Lists the organization's orders (`GET /organizations/{organizationSlug}/orders`); paged, `from`/`to` take a `Date`. */
    list: dated(bind.paged('orders.list', 'GET /organizations/{organizationSlug}/orders')),
    /** Lists one form's orders (`GET …/forms/{formType}/{formSlug}/orders`); paged, `from`/`to` take a `Date`. */
    listByForm: dated(
      bind.paged(
        'orders.listByForm',
        'GET /organizations/{organizationSlug}/forms/{formType}/{formSlug}/orders',
      ),
    ),
    /** One order (`GET /orders/{orderId}`). */
    get: bind.json('orders.get', 'GET /orders/{orderId}'),
    /** Cancels an order's future payments, refunding nothing (`POST /orders/{orderId}/cancel`). */
    cancel: bind.json('orders.cancel', 'POST /orders/{orderId}/cancel'),
  };
}

/** The methods of `helloasso.orders`. */
export type HelloAssoOrders = ReturnType<typeof ordersResource>;
