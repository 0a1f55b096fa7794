import type { OperationBinder } from '../../sdk/operation-binder.js';
import type { paths } from '../generated/misoca-openapi.js';

/** `misoca.dealingItems`: 品目, the item master that document lines can start from. */
export function dealingItemsResource(bind: OperationBinder<paths>) {
  return {
    /** Lists items (`GET /dealing_items`), `page` and `per_page` (1–100). */
    list: bind.paged('dealingItems.list', 'GET /dealing_items'),
    /**
     * One item (`GET /dealing_item/{id}`). `unit_price` is a number, even though Misoca sends it
     * as a string such as `"1500.0"`.
     */
    get: bind.json('dealingItems.get', 'GET /dealing_item/{id}'),
    /** Creates an item (`POST /dealing_item`); `body.name` is required. Scope `write`. */
    create: bind.json('dealingItems.create', 'POST /dealing_item'),
  };
}

/** The methods of `misoca.dealingItems`. */
export type MisocaDealingItems = ReturnType<typeof dealingItemsResource>;
