import type { OperationBinder } from '../../sdk/operation-binder.js';
import type { paths } from '../generated/helloasso-openapi.js';
import { dated } from '../helloasso-query-dates.js';

/** `helloasso.items`: the lines of orders (a ticket, a membership, a donation). */
export function itemsResource(bind: OperationBinder<paths>) {
  return {
    /** Lists the organization's items (`GET /organizations/{organizationSlug}/items`); paged, `from`/`to` take a `Date`. */
    list: dated(bind.paged('items.list', 'GET /organizations/{organizationSlug}/items')),
    /** Lists one form's items (`GET …/forms/{formType}/{formSlug}/items`); paged, `from`/`to` take a `Date`. */
    listByForm: dated(
      bind.paged(
        'items.listByForm',
        'GET /organizations/{organizationSlug}/forms/{formType}/{formSlug}/items',
      ),
    ),
    /** One item (`GET /items/{itemId}`). */
    get: bind.json('items.get', 'GET /items/{itemId}'),
  };
}

/** The methods of `helloasso.items`. */
export type HelloAssoItems = ReturnType<typeof itemsResource>;
