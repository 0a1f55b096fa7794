import type { ProviderApiResponse } from '../../provider-api.js';
import { forbiddenUnlessOwn, isResponse, ownOrganization } from './_access.js';
import { haDate, itemViews, orderView } from './_models.js';
import { emptyOk, haError, inDateRange, matchesUser, ok, paginate, sortByDate } from './_responses.js';
import type { HaContext, HaHandler, HaOrder, HaRecord } from './_types.js';

/** Orders of the path's organization (and form, when the path names one), after access checks. */
export function scopedOrders(context: HaContext): HaOrder[] | ProviderApiResponse {
  const org = ownOrganization(context);
  if (isResponse(org)) return org;
  const { formType, formSlug } = context.params;
  const orders = context.state.orders.filter(
    (o) =>
      o.organizationSlug === org.organizationSlug &&
      (formSlug === undefined || (o.formSlug === formSlug && o.formType === formType)),
  );
  if (
    formSlug !== undefined &&
    !context.state.forms.some((f) => f.formSlug === formSlug && f.formType === formType)
  ) {
    return haError(404, 'NotFound', `Form "${String(formSlug)}" not found`);
  }
  return orders;
}

function listOrders(context: HaContext) {
  const orders = scopedOrders(context);
  if (isResponse(orders)) return orders;
  const types = context.params.formTypes as string[] | undefined;
  const found = orders.filter(
    (o) =>
      inDateRange(context, o.date) && matchesUser(context, o.payer) && (!types || types.includes(o.formType)),
  );
  const withDetails = context.params.withDetails === true;
  return paginate(context, sortByDate(context, [...found]), { map: (o) => orderView(o, withDetails) });
}

function listItems(context: HaContext) {
  const orders = scopedOrders(context);
  if (isResponse(orders)) return orders;
  const tierTypes = context.params.tierTypes as string[] | undefined;
  const itemStates = context.params.itemStates as string[] | undefined;
  const tierName = typeof context.params.tierName === 'string' ? context.params.tierName.toLowerCase() : '';
  const items = itemViews(orders, context.params.withDetails === true).filter((item) => {
    const order = item.order as HaRecord;
    return (
      inDateRange(context, order.date) &&
      matchesUser(context, item.payer) &&
      (!tierTypes || tierTypes.includes(String(item.type))) &&
      (!itemStates || itemStates.includes(String(item.state))) &&
      (tierName === '' || String(item.name).toLowerCase().includes(tierName))
    );
  });
  const dated = items.map((item) => ({ ...item, date: (item.order as HaRecord).date }));
  const sorted = sortByDate(context, dated).map(({ date: _date, ...item }) => item);
  const accept = String(context.request.headers.accept ?? '');
  if (accept.includes('text/csv')) return itemsCsv(sorted);
  return paginate(context, sorted);
}

function itemsCsv(items: HaRecord[]): ProviderApiResponse {
  const quote = (v: unknown) => `"${String(v ?? '').replaceAll('"', '""')}"`;
  const rows = items.map((item) => {
    const payer = item.payer as HaRecord;
    const order = item.order as HaRecord;
    return [
      item.id,
      order.id,
      order.date,
      item.name,
      item.type,
      (Number(item.amount) / 100).toFixed(2),
      item.state,
      payer.firstName,
      payer.lastName,
      payer.email,
    ]
      .map(quote)
      .join(';');
  });
  const header =
    'Numéro;Référence commande;Date;Tarif;Type;Montant (€);Statut;Prénom payeur;Nom payeur;Email payeur';
  return {
    status: 200,
    contentType: 'text/csv; charset=utf-8',
    body: `\ufeff${[header, ...rows].join('\r\n')}\r\n`,
  };
}

/** Finds an order by `orderId` and checks the caller administers its organization. */
function ownOrder(context: HaContext): HaOrder | ProviderApiResponse {
  const order = context.state.orders.find((o) => o.id === context.params.orderId);
  if (!order) return haError(404, 'NotFound', `Order ${String(context.params.orderId)} not found`);
  return forbiddenUnlessOwn(context, order.organizationSlug) ?? order;
}

/** Orders ("Commandes") and the items sold. */
export const orderRoutes: Record<string, HaHandler> = {
  'GET /organizations/{organizationSlug}/orders': listOrders,
  'GET /organizations/{organizationSlug}/forms/{formType}/{formSlug}/orders': listOrders,
  'GET /orders/{orderId}': (context) => {
    const order = ownOrder(context);
    return isResponse(order) ? order : ok(structuredClone(order));
  },
  'POST /orders/{orderId}/cancel': (context) => {
    const order = ownOrder(context);
    if (isResponse(order)) return order;
    // Cancels future installments only; payments already made are neither refunded nor changed.
    for (const payment of order.payments) {
      if (payment.state === 'Pending' || payment.state === 'Waiting') payment.state = 'Canceled';
    }
    (order.meta as HaRecord).updatedAt = haDate(context.now.getTime());
    return emptyOk;
  },
  'GET /organizations/{organizationSlug}/items': listItems,
  'GET /organizations/{organizationSlug}/forms/{formType}/{formSlug}/items': listItems,
  'GET /items/{itemId}': (context) => {
    const order = context.state.orders.find((o) => o.items.some((i) => i.id === context.params.itemId));
    if (!order) return haError(404, 'NotFound', `Item ${String(context.params.itemId)} not found`);
    const denied = forbiddenUnlessOwn(context, order.organizationSlug);
    if (denied) return denied;
    const item = itemViews([order], context.params.withDetails === true).find(
      (i) => i.id === context.params.itemId,
    );
    return ok(item);
  },
};
