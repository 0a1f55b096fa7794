import { jstTimestamp, money } from './_documents.js';
import { byId, notFound, ok, paginated, snapshot } from './_responses.js';
import type { MisocaHandler } from './_types.js';

/** The signed-in user and the item master (品目). */
export const accountRoutes: Record<string, MisocaHandler> = {
  'GET /user/me': (context) => ok({ id: context.state.user.id, email: context.state.user.email }),
  'GET /dealing_items': (context) =>
    paginated(context, snapshot(context.state.dealingItems), 'dealing_items'),
  'GET /dealing_item/{id}': (context) => {
    const item = byId(context.state.dealingItems, context);
    return item ? ok(snapshot(item)) : notFound('DealingItem', context.params.id);
  },
  'POST /dealing_item': (context) => {
    const { body } = context;
    const at = jstTimestamp(context.now);
    const item = {
      id: context.state.nextId++,
      name: String(body.name),
      unit_price: money(typeof body.unit_price === 'number' ? body.unit_price : 0),
      unit_name: String(body.unit_name ?? ''),
      excluding_withholding_tax: body.excluding_withholding_tax === true,
      tax_type: String(body.tax_type ?? 'USE_SENDER'),
      lock_version: 0,
      created_at: at,
      updated_at: at,
    };
    context.state.dealingItems.push(item);
    return ok(snapshot(item), 201);
  },
};
